package dev.canirundocker.fleet;

import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Severity;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.report.TargetError;
import dev.canirundocker.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The matrix as JUnit XML ({@code check --format junit}), the report format CI systems show
 * natively (GitLab, Jenkins, GitHub Actions reporters, Azure Pipelines). The shape is the one Maven
 * Surefire writes and its schema describes (maven-surefire surefire-plugin/src/site/resources/xsd/
 * surefire-test-report.xsd): a {@code testsuites} root, one {@code testsuite} per host with {@code
 * name}, {@code tests}, {@code failures}, {@code errors}, {@code skipped} and {@code time}, {@code
 * properties}, and one {@code testcase} per target with {@code name}, {@code classname} (the host)
 * and {@code time}.
 *
 * <p>A pair passes when its verdict is NATIVE, the one verdict with exit code 0. Any other verdict
 * is a {@code failure} whose {@code type} is the verdict and whose text lists the fail findings
 * (the warn findings where there are none, as for EMULATED); a pair that could not be judged is an
 * {@code error}. Every finding is in the test case's {@code system-out}.
 */
public final class MatrixJunit {
  private MatrixJunit() {}

  /** The XML document, UTF-8, ending with a newline. */
  public static String render(Matrix m) {
    int failures = 0;
    int errors = 0;
    for (Matrix.Cell c : m.cells()) {
      if (c.error() != null) {
        errors++;
      } else if (c.verdict() != Verdict.NATIVE) {
        failures++;
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<testsuites name=\"can-i-run-docker\" tests=\"")
        .append(m.cells().size())
        .append("\" failures=\"")
        .append(failures)
        .append("\" errors=\"")
        .append(errors)
        .append("\" skipped=\"0\" time=\"0\">\n");
    for (int h = 0; h < m.hosts().size(); h++) {
      FleetHost host = m.hosts().get(h);
      int hf = 0;
      int he = 0;
      for (int t = 0; t < m.targets().size(); t++) {
        Matrix.Cell c = m.cell(h, t);
        if (c.error() != null) {
          he++;
        } else if (c.verdict() != Verdict.NATIVE) {
          hf++;
        }
      }
      b.append("  <testsuite name=\"")
          .append(attr(host.name()))
          .append("\" tests=\"")
          .append(m.targets().size())
          .append("\" failures=\"")
          .append(hf)
          .append("\" errors=\"")
          .append(he)
          .append("\" skipped=\"0\" time=\"0\">\n");
      b.append("    <properties>\n");
      property(b, "source", host.source());
      if (host.path() != null) {
        property(b, "path", host.path());
      }
      if (host.profile() != null) {
        property(b, "platform", host.profile().platform().toString());
      }
      if (host.node() != null) {
        property(b, "unschedulable", Boolean.toString(host.node().unschedulable()));
        for (Taint t : host.node().taints()) {
          property(b, "taint", t.toString());
        }
      }
      b.append("    </properties>\n");
      for (int t = 0; t < m.targets().size(); t++) {
        testcase(b, m.cell(h, t));
      }
      b.append("  </testsuite>\n");
    }
    b.append("</testsuites>\n");
    return b.toString();
  }

  private static void testcase(StringBuilder b, Matrix.Cell c) {
    b.append("    <testcase name=\"")
        .append(attr(c.target().name()))
        .append("\" classname=\"")
        .append(attr(c.host().name()))
        .append("\" time=\"0\"");
    TargetError error = c.error();
    Evaluation ev = c.evaluation();
    if (ev != null && ev.verdict() == Verdict.NATIVE && ev.findings().isEmpty()) {
      b.append("/>\n");
      return;
    }
    b.append(">\n");
    if (error != null) {
      b.append("      <error message=\"")
          .append(attr(error.message()))
          .append("\" type=\"")
          .append(attr(error.kind()))
          .append("\">")
          .append(text(error.message()))
          .append("</error>\n");
    } else {
      Evaluation e = Objects.requireNonNull(ev, "a cell without an error has an evaluation");
      List<Finding> fails = bySeverity(e, Severity.FAIL);
      if (fails.isEmpty()) {
        fails = bySeverity(e, Severity.WARN);
      }
      if (e.verdict() != Verdict.NATIVE) {
        String message =
            e.verdict().name() + (fails.isEmpty() ? "" : ": " + fails.get(0).message());
        b.append("      <failure message=\"")
            .append(attr(message))
            .append("\" type=\"")
            .append(e.verdict().name())
            .append("\">");
        b.append(text(lines(fails)));
        b.append("</failure>\n");
      }
      b.append("      <system-out>").append(text(lines(e.findings()))).append("</system-out>\n");
    }
    b.append("    </testcase>\n");
  }

  private static void property(StringBuilder b, String name, String value) {
    b.append("      <property name=\"")
        .append(attr(name))
        .append("\" value=\"")
        .append(attr(value))
        .append("\"/>\n");
  }

  private static List<Finding> bySeverity(Evaluation e, Severity s) {
    List<Finding> l = new ArrayList<>();
    for (Finding f : e.findings()) {
      if (f.severity() == s) {
        l.add(f);
      }
    }
    return l;
  }

  private static String lines(List<Finding> fs) {
    StringBuilder b = new StringBuilder();
    for (Finding f : fs) {
      b.append(f.severity().json())
          .append(' ')
          .append(f.id())
          .append(": ")
          .append(Text.oneLine(f.message()));
      if (f.remediation() != null) {
        b.append(" (fix: ").append(Text.oneLine(f.remediation())).append(')');
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** Attribute text: one line, XML-escaped. */
  static String attr(String s) {
    return text(Text.oneLine(s)).replace("\"", "&quot;").replace("\n", "&#10;");
  }

  /**
   * Element text, XML-escaped. Characters XML 1.0 forbids (controls other than tab and newline,
   * lone surrogates, U+FFFE, U+FFFF) become {@code ?}; callers escape controls before.
   */
  static String text(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
        continue;
      }
      switch (c) {
        case '&':
          b.append("&amp;");
          break;
        case '<':
          b.append("&lt;");
          break;
        case '>':
          b.append("&gt;");
          break;
        default:
          boolean allowed =
              c == '\n' || c == '\t' || (c >= 0x20 && c < 0xd800) || (c >= 0xe000 && c <= 0xfffd);
          b.append(allowed ? c : '?');
      }
    }
    return b.toString();
  }
}
