package dev.canirundocker.cli;

import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.report.CheckDocument;
import dev.canirundocker.report.CheckResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The text of {@code check}: one verdict line per result (an ERROR line with the reason for a
 * target that could not be checked), the findings under it, and where there are several results,
 * the findings they share printed once ("applies to 46 images") and a summary line with the count
 * per verdict. Reads the document only, as every other format does.
 */
final class CheckText {
  private CheckText() {}

  /**
   * @param noun what the results are, plural ("images" for --all, else "targets")
   * @param whose whose host they were judged for, where it is not this one (a saved profile), else
   *     null
   */
  static String render(CheckDocument doc, Render r, String noun, @Nullable String whose) {
    List<CheckResult> results = doc.results();
    Map<Finding, Integer> shared = new LinkedHashMap<>();
    if (results.size() > 1) {
      Map<Finding, Integer> count = new LinkedHashMap<>();
      for (CheckResult x : results) {
        if (x.evaluation() != null) {
          for (Finding f : new java.util.LinkedHashSet<>(x.evaluation().findings())) {
            count.merge(f, 1, Integer::sum);
          }
        }
      }
      count.forEach(
          (f, n) -> {
            if (n > 1) {
              shared.put(f, n);
            }
          });
    }
    StringBuilder b = new StringBuilder();
    for (CheckResult x : results) {
      if (x.error() != null) {
        b.append(r.error())
            .append("  ")
            .append(r.bold(Render.clean(x.target())))
            .append(also(x))
            .append('\n');
        b.append("  ")
            .append(Render.clean(x.error().message()))
            .append(r.paint("2", " [" + Render.clean(x.error().kind()) + "]"))
            .append('\n');
        continue;
      }
      // no error: a result then has its evaluation (CheckResult's invariant)
      dev.canirundocker.check.Evaluation ev =
          java.util.Objects.requireNonNull(x.evaluation(), "a result without an error has one");
      b.append(r.verdict(ev.verdict())).append("  ").append(r.bold(Render.clean(x.target())));
      if (ev.platform() != null && !ev.platform().toString().equals(x.target())) {
        b.append(" (").append(ev.platform()).append(')');
      }
      b.append(also(x)).append('\n');
      List<Finding> own = new ArrayList<>();
      for (Finding f : ev.findings()) {
        if (!shared.containsKey(f)) {
          own.add(f);
        }
      }
      r.findings(b, own, "  ");
    }
    if (!shared.isEmpty()) {
      b.append('\n').append(r.bold("Shared by several " + noun)).append('\n');
      shared.forEach((f, n) -> r.finding(b, f, "  ", " (applies to " + n + " " + noun + ")"));
    }
    if (results.size() > 1) {
      b.append('\n').append(summary(doc, noun, whose)).append('\n');
    }
    return b.toString();
  }

  /**
   * {@code ", also alpine:latest, my/alpine:1"} for an image with several names, {@code ", image
   * a:1"} for one image of an archive of several, else empty.
   */
  private static String also(CheckResult x) {
    if (x.source() == CheckResult.Source.ARCHIVE && !x.names().isEmpty()) {
      // one of several images of a docker save: which one
      List<String> names = new ArrayList<>();
      for (String n : x.names()) {
        names.add(Render.clean(n));
      }
      return ", image " + String.join(", ", names);
    }
    if (x.names().size() < 2) {
      return "";
    }
    List<String> others = new ArrayList<>();
    for (String n : x.names()) {
      if (!n.equals(x.target())) {
        others.add(Render.clean(n));
      }
    }
    return others.isEmpty() ? "" : ", also " + String.join(", ", others);
  }

  /** {@code 46 images: 40 NATIVE, 5 EMULATED, 1 could not be checked}. */
  static String summary(CheckDocument doc, String noun, @Nullable String whose) {
    Map<Verdict, Integer> n = new LinkedHashMap<>();
    for (Verdict v : Verdict.values()) {
      n.put(v, 0);
    }
    int errors = 0;
    for (CheckResult x : doc.results()) {
      if (x.verdict() == null) {
        errors++;
      } else {
        n.merge(x.verdict(), 1, Integer::sum);
      }
    }
    List<String> parts = new ArrayList<>();
    n.forEach(
        (v, c) -> {
          if (c > 0) {
            parts.add(c + " " + v.name());
          }
        });
    if (errors > 0) {
      parts.add(errors + " could not be checked");
    }
    return doc.results().size()
        + " "
        + noun
        + (whose == null ? "" : " for " + whose)
        + ": "
        + String.join(", ", parts);
  }
}
