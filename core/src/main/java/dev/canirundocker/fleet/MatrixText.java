package dev.canirundocker.fleet;

import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Severity;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.text.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * The matrix as plain text: a table (hosts as rows, targets as columns, the verdict in each cell),
 * the summary line, then why for every cell that is not a clean NATIVE (its warn and fail findings,
 * or its error), then what keeps pods off a node (cordon, taints). Every string from outside (file
 * names, node names, findings that quote them) is escaped to one printable line.
 */
public final class MatrixText {
  private MatrixText() {}

  /** The report, ending with a newline. */
  public static String render(Matrix m) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>();
    header.add("HOST");
    for (Matrix.Target t : m.targets()) {
      header.add(Text.oneLine(t.name()));
    }
    rows.add(header);
    for (int h = 0; h < m.hosts().size(); h++) {
      List<String> row = new ArrayList<>();
      row.add(Text.oneLine(m.hosts().get(h).name()));
      for (int t = 0; t < m.targets().size(); t++) {
        Matrix.Cell c = m.cell(h, t);
        row.add(c.verdictWord());
      }
      rows.add(row);
    }
    int[] width = new int[header.size()];
    for (List<String> r : rows) {
      for (int i = 0; i < r.size(); i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (List<String> r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        line.append(r.get(i));
        if (i < r.size() - 1) {
          line.append(" ".repeat(width[i] - r.get(i).length() + 2));
        }
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    b.append('\n').append(m.summary()).append('\n');
    StringBuilder why = new StringBuilder();
    for (FleetHost h : m.hosts()) {
      if (h.error() != null) {
        why.append('\n')
            .append(Text.oneLine(h.name()))
            .append(": error (every target)\n")
            .append("  error ")
            .append(h.error().kind())
            .append(": ")
            .append(h.error().message())
            .append('\n');
      }
    }
    for (Matrix.Target t : m.targets()) {
      if (t.error() != null) {
        why.append('\n')
            .append(Text.oneLine(t.name()))
            .append(": error (every host)\n")
            .append("  error ")
            .append(t.error().kind())
            .append(": ")
            .append(t.error().message())
            .append('\n');
      }
    }
    for (Matrix.Cell c : m.cells()) {
      if (!explained(c)) {
        continue;
      }
      why.append('\n')
          .append(Text.oneLine(c.host().name()))
          .append(" / ")
          .append(Text.oneLine(c.target().name()))
          .append(": ")
          .append(c.verdictWord())
          .append('\n');
      if (c.error() != null) {
        why.append("  error ")
            .append(c.error().kind())
            .append(": ")
            .append(c.error().message())
            .append('\n');
      }
      for (Finding f : shown(c)) {
        why.append("  ")
            .append(f.severity().json())
            .append(' ')
            .append(f.id())
            .append(": ")
            .append(Text.oneLine(f.message()))
            .append('\n');
        if (f.remediation() != null) {
          why.append("    fix: ").append(Text.oneLine(f.remediation())).append('\n');
        }
      }
    }
    b.append(why);
    StringBuilder nodes = new StringBuilder();
    for (FleetHost h : m.hosts()) {
      if (h.node() == null || (!h.node().unschedulable() && h.node().taints().isEmpty())) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      if (h.node().unschedulable()) {
        parts.add("unschedulable (cordoned: no new pods)");
      }
      if (!h.node().taints().isEmpty()) {
        List<String> ts = new ArrayList<>();
        for (Taint t : h.node().taints()) {
          ts.add(Text.oneLine(t.toString()));
        }
        parts.add("taints " + String.join(", ", ts) + " (pods need a toleration)");
      }
      nodes
          .append("  ")
          .append(Text.oneLine(h.name()))
          .append(": ")
          .append(String.join("; ", parts))
          .append('\n');
    }
    if (nodes.length() > 0) {
      b.append("\nNodes that keep pods off:\n").append(nodes);
    }
    return b.toString();
  }

  /**
   * The findings a reader needs for a cell: fail and warn; all of them where a verdict other than
   * NATIVE has only informational ones (Hyper-V isolation).
   */
  static List<Finding> shown(Matrix.Cell c) {
    List<Finding> l = new ArrayList<>();
    if (c.evaluation() != null) {
      for (Finding f : c.evaluation().findings()) {
        if (f.severity() != Severity.INFO) {
          l.add(f);
        }
      }
      if (l.isEmpty() && c.verdict() != Verdict.NATIVE) {
        l.addAll(c.evaluation().findings());
      }
    }
    return l;
  }

  /**
   * Whether a cell gets its own explanation: not a clean NATIVE, and not an error its whole row or
   * column shares (those are explained once).
   */
  static boolean explained(Matrix.Cell c) {
    if (c.error() != null) {
      return c.error() != c.host().error() && c.error() != c.target().error();
    }
    return c.verdict() != Verdict.NATIVE || !shown(c).isEmpty();
  }
}
