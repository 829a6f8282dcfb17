package dev.canirundocker.text;

import org.jspecify.annotations.Nullable;

/**
 * The one place that makes outside text safe to show: every reader, exception and renderer quotes
 * through it. A leaf package (it depends on nothing of ours), so every layer may use it.
 *
 * <p>Keeps exception messages to one printable line. Messages quote outside input (tar entry names,
 * JSON strings, platform strings, a daemon's error text), and that input may hold newlines, which
 * would break the one-line-message contract, or terminal escape sequences, which would let a
 * hostile archive or daemon rewrite the user's terminal when the message is printed.
 */
public final class Text {
  private Text() {}

  /**
   * The message with every control character escaped: {@code \n}, {@code \r}, {@code \t} as written
   * in Java, other C0 and C1 controls and DEL as {@code \xNN}, and the Unicode line separators and
   * bidirectional overrides (which reorder what a terminal shows) as {@code \\uNNNN}. Null stays
   * null.
   */
  @Contract("!null -> !null")
  public static @Nullable String oneLine(@Nullable String message) {
    if (message == null) {
      return null;
    }
    StringBuilder b = null;
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      String esc = escape(c);
      if (esc != null && b == null) {
        b = new StringBuilder(message.length() + 16).append(message, 0, i);
      }
      if (b != null) {
        if (esc != null) {
          b.append(esc);
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? message : b.toString();
  }

  /**
   * What a caught exception says, for a one-line message: its message, or its class's simple name
   * where it has none ({@code Throwable.getMessage()} may be null).
   */
  public static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /**
   * Outside text quoted inside a message: at most 40 characters (then {@code ...}), every control
   * character shown as {@code ?} so that a file's garbage cannot break or rewrite the line.
   */
  public static String quote(String s) {
    String t = s.length() <= 40 ? s : s.substring(0, 40) + "...";
    StringBuilder b = new StringBuilder(t.length());
    t.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }

  private static @Nullable String escape(char c) {
    switch (c) {
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      default:
        break;
    }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return String.format(java.util.Locale.ROOT, "\\x%02x", (int) c);
    }
    if (c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069')) {
      return String.format(java.util.Locale.ROOT, "\\u%04x", (int) c);
    }
    return null;
  }
}
