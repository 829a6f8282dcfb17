package dev.canirundocker.fleet;

import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.text.Text;

/**
 * The matrix as GitHub-flavoured Markdown ({@code check --format markdown}), for CI job summaries
 * (GitHub's {@code $GITHUB_STEP_SUMMARY}, GitLab and Azure Pipelines markdown summaries): a table
 * with hosts as rows and targets as columns (GFM tables, github.github.com/gfm section 4.10), the
 * summary line, and why for every cell that is not a clean NATIVE. Text from outside is escaped so
 * that it cannot close a table cell or start markup.
 */
public final class MatrixMarkdown {
  private MatrixMarkdown() {}

  /** The Markdown, ending with a newline. */
  public static String render(Matrix m) {
    StringBuilder b = new StringBuilder();
    b.append("### can-i-run-docker: ").append(m.worst().name()).append("\n\n");
    b.append("| host |");
    for (Matrix.Target t : m.targets()) {
      b.append(' ').append(escape(t.name())).append(" |");
    }
    b.append("\n| --- |");
    for (int t = 0; t < m.targets().size(); t++) {
      b.append(" --- |");
    }
    b.append('\n');
    for (int h = 0; h < m.hosts().size(); h++) {
      b.append("| ").append(escape(m.hosts().get(h).name())).append(" |");
      for (int t = 0; t < m.targets().size(); t++) {
        Matrix.Cell c = m.cell(h, t);
        String v = c.verdictWord();
        b.append(' ').append(c.verdict() == Verdict.NATIVE ? v : "**" + v + "**").append(" |");
      }
      b.append('\n');
    }
    b.append('\n').append(m.summary()).append('\n');
    StringBuilder why = new StringBuilder();
    for (FleetHost h : m.hosts()) {
      if (h.error() != null) {
        why.append("- **")
            .append(escape(h.name()))
            .append("**: error for every target\n  - error ")
            .append(escape(h.error().kind()))
            .append(": ")
            .append(escape(h.error().message()))
            .append('\n');
      }
    }
    for (Matrix.Target t : m.targets()) {
      if (t.error() != null) {
        why.append("- ")
            .append(escape(t.name()))
            .append(": error on every host\n  - error ")
            .append(escape(t.error().kind()))
            .append(": ")
            .append(escape(t.error().message()))
            .append('\n');
      }
    }
    for (Matrix.Cell c : m.cells()) {
      if (!MatrixText.explained(c)) {
        continue;
      }
      why.append("- **")
          .append(escape(c.host().name()))
          .append("** / ")
          .append(escape(c.target().name()))
          .append(": ")
          .append(c.verdictWord())
          .append('\n');
      if (c.error() != null) {
        why.append("  - error ")
            .append(escape(c.error().kind()))
            .append(": ")
            .append(escape(c.error().message()))
            .append('\n');
      }
      for (Finding f : MatrixText.shown(c)) {
        why.append("  - ")
            .append(f.severity().json())
            .append(' ')
            .append(escape(f.id()))
            .append(": ")
            .append(escape(f.message()));
        if (f.remediation() != null) {
          why.append(" Fix: ").append(escape(f.remediation()));
        }
        why.append('\n');
      }
    }
    if (why.length() > 0) {
      b.append("\n#### Why\n\n").append(why);
    }
    boolean nodes = false;
    for (FleetHost h : m.hosts()) {
      if (h.node() == null || (!h.node().unschedulable() && h.node().taints().isEmpty())) {
        continue;
      }
      if (!nodes) {
        b.append("\n#### Nodes that keep pods off\n\n");
        nodes = true;
      }
      b.append("- **").append(escape(h.name())).append("**:");
      if (h.node().unschedulable()) {
        b.append(" unschedulable (cordoned);");
      }
      for (Taint t : h.node().taints()) {
        b.append(" taint ").append(escape(t.toString())).append(';');
      }
      b.setLength(b.length() - 1);
      b.append('\n');
    }
    return b.toString();
  }

  /**
   * One line with the characters that GFM treats as markup or as a cell boundary backslash-escaped
   * (GFM section 6.1: any ASCII punctuation may be escaped).
   */
  static String escape(String s) {
    String one = Text.oneLine(s);
    StringBuilder b = new StringBuilder(one.length());
    for (int i = 0; i < one.length(); i++) {
      char c = one.charAt(i);
      if ("\\`*_[]<>|~&".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
