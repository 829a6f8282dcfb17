package dev.canirundocker.json;

import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The writing half of {@link Json}: values (maps, lists, strings, numbers, booleans, null, {@link
 * JsonValue}s) as RFC 8259 text, keys in map order; strings escaped so that the output is safe to
 * print (control characters, C1, U+2028 and U+2029 as {@code \\uXXXX}).
 */
final class JsonWriter {
  private JsonWriter() {}

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Appends {@code \\u} and four lower-case hex digits. By hand, not String.format: a short process
   * would pay for java.util.Formatter's set-up on its first escaped character, and format's output
   * depends on the default locale.
   */
  static StringBuilder unicodeEscape(StringBuilder b, char c) {
    return b.append('\\')
        .append('u')
        .append(HEX[c >> 12 & 0xf])
        .append(HEX[c >> 8 & 0xf])
        .append(HEX[c >> 4 & 0xf])
        .append(HEX[c & 0xf]);
  }

  /** Writes a value as indented JSON (two spaces), keys in map order, with a trailing newline. */
  static String pretty(@Nullable Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0, true);
    return b.append('\n').toString();
  }

  /** Writes a value as compact JSON on one line. */
  static String compact(@Nullable Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0, false);
    return b.toString();
  }

  private static void newline(StringBuilder b, int indent, boolean pretty) {
    if (pretty) {
      b.append('\n');
      for (int i = 0; i < indent; i++) {
        b.append("  ");
      }
    }
  }

  private static void write(StringBuilder b, @Nullable Object v, int indent, boolean pretty) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String) {
      quote(b, (String) v);
    } else if (v instanceof Boolean
        || v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte) {
      b.append(v);
    } else if (v instanceof BigDecimal) {
      b.append(((BigDecimal) v).toString());
    } else if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        b.append("null");
      } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        b.append((long) d);
      } else {
        b.append(BigDecimal.valueOf(d).toString());
      }
    } else if (v instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) v;
      if (m.isEmpty()) {
        b.append("{}");
        return;
      }
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        newline(b, indent + 1, pretty);
        quote(b, String.valueOf(e.getKey()));
        b.append(pretty ? ": " : ":");
        write(b, e.getValue(), indent + 1, pretty);
      }
      newline(b, indent, pretty);
      b.append('}');
    } else if (v instanceof Iterable) {
      Iterable<?> it = (Iterable<?>) v;
      if (!it.iterator().hasNext()) {
        b.append("[]");
        return;
      }
      b.append('[');
      boolean first = true;
      for (Object o : it) {
        if (!first) {
          b.append(',');
        }
        first = false;
        newline(b, indent + 1, pretty);
        write(b, o, indent + 1, pretty);
      }
      newline(b, indent, pretty);
      b.append(']');
    } else if (v instanceof JsonValue) {
      write(b, ((JsonValue) v).toJson(), indent, pretty);
    } else if (v instanceof Enum) {
      quote(b, v.toString());
    } else {
      quote(b, v.toString());
    }
  }

  /**
   * Appends a JSON string literal. The runs of characters that need no escape are appended whole: a
   * document is mostly such runs (the preflight's holds some five thousand kernel options).
   */
  static void quote(StringBuilder b, String s) {
    b.append('"');
    int from = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20
          && c != '"'
          && c != '\\'
          && (c < 0x7f || c > 0x9f)
          && c != 0x2028
          && c != 0x2029) {
        continue;
      }
      b.append(s, from, i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          unicodeEscape(b, c);
      }
      from = i + 1;
    }
    b.append(s, from, s.length()).append('"');
  }
}
