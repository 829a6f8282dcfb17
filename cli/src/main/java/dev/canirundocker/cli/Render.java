package dev.canirundocker.cli;

import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Severity;
import dev.canirundocker.check.Verdict;
import java.util.List;

/** Text rendering shared by the commands: verdict lines and findings, with color only when allowed. */
final class Render {
  private static final String RESET = "\u001b[0m";
  private final boolean color;

  Render(boolean color) {
    this.color = color;
  }

  String paint(String code, String s) {
    return color ? "\u001b[" + code + "m" + s + RESET : s;
  }

  String bold(String s) {
    return paint("1", s);
  }

  String verdict(Verdict v) {
    switch (v) {
      case NATIVE: return paint("1;32", (color ? "✔ " : "") + v.name());
      case EMULATED: return paint("1;33", (color ? "≈ " : "") + v.name());
      case NEEDS_VM: return paint("1;33", (color ? "⧉ " : "") + v.name());
      default: return paint("1;31", (color ? "✘ " : "") + v.name());
    }
  }

  private String marker(Severity s) {
    switch (s) {
      case FAIL: return paint("31", color ? "✘" : "FAIL");
      case WARN: return paint("33", color ? "!" : "WARN");
      default: return paint("2", color ? "·" : "INFO");
    }
  }

  /** The findings, one per line, indented, with the remediation on the next line. */
  void findings(StringBuilder b, List<Finding> findings, String indent) {
    for (Finding f : findings) {
      b.append(indent).append(marker(f.severity())).append(' ').append(f.message())
          .append(paint("2", " [" + f.id() + "]")).append('\n');
      if (f.remediation() != null) {
        b.append(indent).append("    ").append(paint("36", "→ " + f.remediation())).append('\n');
      }
    }
  }

  /** One evaluation: a verdict line, then its findings. */
  void evaluation(StringBuilder b, String target, Evaluation e) {
    b.append(verdict(e.verdict())).append("  ").append(bold(target));
    if (e.platform() != null && !e.platform().toString().equals(target)) {
      b.append(" (").append(e.platform()).append(')');
    }
    b.append('\n');
    findings(b, e.findings(), "  ");
  }
}
