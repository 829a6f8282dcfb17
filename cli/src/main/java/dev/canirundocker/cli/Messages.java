package dev.canirundocker.cli;

/**
 * Error lines as the terminal gets them: one line, control characters escaped, long arguments
 * echoed cut (a 100 KiB argument must not flood the terminal).
 */
final class Messages {
  private Messages() {}

  /** Arguments longer than this are echoed cut. */
  static final int LONG_ARG = 120;

  /** How much of a long argument is shown. */
  static final int SHOWN = 64;

  /** The longest error line printed. */
  static final int MAX_LINE = 1000;

  /** A long argument as echoed: its first characters and its length. */
  static String shortArg(String a) {
    String s = dev.canirundocker.text.Text.oneLine(a);
    return s.length() <= LONG_ARG ? s : s.substring(0, SHOWN) + "… (" + a.length() + " characters)";
  }

  /**
   * The line with every long argument echoed once and cut ({@link #shortArg}); later echoes of the
   * same argument become an ellipsis; the line itself is cut at {@link #MAX_LINE}.
   */
  static String shorten(String line, String[] args) {
    String l = line;
    for (String a : args) {
      String shown = dev.canirundocker.text.Text.oneLine(a);
      if (a.length() <= LONG_ARG) {
        continue;
      }
      // an "--opt=value" argument is echoed by its value
      String v =
          shown.startsWith("--") && shown.contains("=")
              ? shown.substring(shown.indexOf('=') + 1)
              : shown;
      int i = l.indexOf(v);
      if (i < 0 || v.length() <= LONG_ARG) {
        continue;
      }
      String cut = v.substring(0, SHOWN) + "… (" + v.length() + " characters)";
      l = l.substring(0, i) + cut + l.substring(i + v.length()).replace(v, "…");
    }
    if (l.length() > MAX_LINE) {
      l = l.substring(0, MAX_LINE) + "… (" + l.length() + " characters)";
    }
    return l;
  }
}
