package dev.canirundocker.cli;

import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Severity;
import dev.canirundocker.check.Verdict;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Text rendering shared by the commands: verdict lines and findings, with color only when allowed
 * and symbols only where the terminal's locale can show them.
 *
 * <p>Every string from outside (daemon answers, image configs, tags, file names, host profiles,
 * finding messages that quote them) goes through {@link #clean(String)}: ESC, BEL, NUL, the other
 * C0 and C1 controls and the bidirectional overrides are escaped, so no outside input can move the
 * cursor, retitle the window or rewrite the screen. JSON is never cleaned: it stays exact.
 */
final class Render {
  private static final String RESET = "\u001b[0m";
  private final boolean color;
  private final boolean unicode;

  /**
   * @param color whether ANSI colors may be used
   * @param unicode whether non-ASCII symbols (arrows, dashes, check marks) may be used
   */
  Render(boolean color, boolean unicode) {
    this.color = color;
    this.unicode = unicode;
  }

  /** The renderer a command's text output uses. */
  static Render of(Main main) {
    return new Render(main.color(), main.unicode());
  }

  /** An outside string made safe for a terminal, on one line; null reads "unknown". */
  static String clean(@Nullable String outside) {
    return outside == null ? "unknown" : dev.canirundocker.text.Text.oneLine(outside);
  }

  /**
   * Whether the environment's locale encodes text as UTF-8: the first of {@code LC_ALL}, {@code
   * LC_CTYPE} and {@code LANG} that is set decides (POSIX locale precedence, XBD 8.2); none set is
   * the POSIX locale, which is ASCII.
   */
  static boolean utf8Locale(Map<String, String> env) {
    for (String k : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
      String v = env.get(k);
      if (v != null && !v.isEmpty()) {
        String l = v.toLowerCase(java.util.Locale.ROOT);
        return l.contains("utf-8") || l.contains("utf8");
      }
    }
    return false;
  }

  String paint(String code, String s) {
    return color ? "\u001b[" + code + "m" + s + RESET : s;
  }

  String bold(String s) {
    return paint("1", s);
  }

  /** An arrow, as the locale allows. */
  String arrow() {
    return unicode ? "→" : "->";
  }

  /** A dash between clauses, as the locale allows. */
  String dash() {
    return unicode ? "—" : "-";
  }

  String verdict(Verdict v) {
    boolean sym = color && unicode;
    switch (v) {
      case NATIVE:
        return paint("1;32", (sym ? "✔ " : "") + v.name());
      case EMULATED:
        return paint("1;33", (sym ? "≈ " : "") + v.name());
      case NEEDS_VM:
        return paint("1;33", (sym ? "⧉ " : "") + v.name());
      default:
        return paint("1;31", (sym ? "✘ " : "") + v.name());
    }
  }

  /** The word of an error result, in the place of a verdict. */
  String error() {
    return paint("1;31", (color && unicode ? "✘ " : "") + "ERROR");
  }

  String marker(Severity s) {
    boolean sym = color && unicode;
    switch (s) {
      case FAIL:
        return paint("31", sym ? "✘" : "FAIL");
      case WARN:
        return paint("33", sym ? "!" : "WARN");
      default:
        return paint("2", sym ? "·" : "INFO");
    }
  }

  /** The findings, one per line, indented, with the remediation on the next line. */
  void findings(StringBuilder b, List<Finding> findings, String indent) {
    for (Finding f : findings) {
      finding(b, f, indent, "");
    }
  }

  /** One finding, with {@code suffix} (already clean) after its id. */
  void finding(StringBuilder b, Finding f, String indent, String suffix) {
    b.append(indent)
        .append(marker(f.severity()))
        .append(' ')
        .append(clean(f.message()))
        .append(paint("2", " [" + clean(f.id()) + "]"))
        .append(suffix)
        .append('\n');
    if (f.remediation() != null) {
      b.append(indent)
          .append("    ")
          .append(paint("36", arrow() + " " + clean(f.remediation())))
          .append('\n');
    }
  }

  /** One evaluation: a verdict line, then its findings. */
  void evaluation(StringBuilder b, String target, Evaluation e) {
    b.append(verdict(e.verdict())).append("  ").append(bold(clean(target)));
    if (e.platform() != null && !e.platform().toString().equals(target)) {
      b.append(" (").append(e.platform()).append(')');
    }
    b.append('\n');
    findings(b, e.findings(), "  ");
  }

  /**
   * The last line of defence for text output: any control character that is not a newline, a tab or
   * (where colors are on) one of this renderer's own color sequences is escaped. Outside strings
   * were cleaned where they were placed; this catches a place that was missed.
   */
  static String terminalSafe(String text, boolean colors) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u001b') {
        int j = i + 1;
        if (colors && j < text.length() && text.charAt(j) == '[') {
          j++;
          while (j < text.length()
              && (Character.isDigit(text.charAt(j)) || text.charAt(j) == ';')) {
            j++;
          }
          if (j < text.length() && text.charAt(j) == 'm') {
            b.append(text, i, j + 1);
            i = j;
            continue;
          }
        }
        b.append("\\x1b");
      } else if (c == '\n'
          || c == '\t'
          || c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        b.append(c);
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * {@code s} padded with spaces to {@code width} characters (as {@code %-Ns} does, never cut): the
   * summary's columns, without a Formatter per row.
   */
  static String padRight(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
