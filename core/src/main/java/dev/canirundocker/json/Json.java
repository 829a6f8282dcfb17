package dev.canirundocker.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small, strict JSON reader and a deterministic writer.
 *
 * <p>Values are {@code Map<String,Object>} (insertion ordered), {@code List<@Nullable Object>},
 * {@code String}, {@code Long} (integral numbers that fit), {@code BigDecimal} (other numbers),
 * {@code Boolean} and {@code null}. Why not Jackson: the CLI's start-up time is a feature, and
 * loading Jackson's databind costs more class loading than this whole file; the documents we read
 * and write are small and ours (host profiles, reports) or bounded (image configs, manifests).
 *
 * <p>The reader is strict per RFC 8259 (https://www.rfc-editor.org/rfc/rfc8259): one value with
 * optional whitespace around it, the number grammar of section 6 exactly, the escapes of section 7
 * only, no comments, no byte order mark, and no unpaired UTF-16 surrogates. A name that appears
 * twice in an object keeps its last value, as Go's encoding/json (which moby and containerd read
 * image configs with) does, so that we read the same document the engine reads. It is fuzzed
 * differentially against jackson-core (JsonDifferentialTest).
 *
 * <p>The reader is bounded: nesting depth and number length are limited, so hostile input fails
 * with a {@link JsonException} rather than a stack overflow or an out-of-memory error.
 *
 * <p>Why this file is a little over 400 lines: the writer is {@link JsonWriter}; what is left is
 * one recursive-descent parser whose productions (value, object, array, string, number) share the
 * input position and depth, so a further split would pass that state between classes.
 */
public final class Json {
  /** Deepest nesting the reader accepts. */
  public static final int MAX_DEPTH = 64;

  /**
   * The document's characters. An array, not the String: the parser reads every character, and
   * String.charAt is a call chain where an array read is one bytecode, which is what a short run's
   * parses cost until the JIT compiles them (a daemon's 1.4 KB inspect answer: 1.2 ms interpreted
   * through charAt). It costs two bytes per character while a document is parsed, a fraction of
   * what the parsed tree holds.
   */
  private final char[] s;

  /** The document as given: a string without escapes is its substring, a copy of bytes. */
  private final String text;

  private final int len;
  private int pos;
  private int depth;

  private Json(String text) {
    this.text = text;
    this.s = text.toCharArray();
    this.len = s.length;
  }

  /**
   * Parses one JSON document.
   *
   * @param text the document
   * @return the value, see the class comment for the types
   * @throws JsonException when the text is not one well-formed JSON value
   */
  public static @Nullable Object parse(String text) {
    Json p = new Json(text);
    p.skipWs();
    Object v = p.value();
    p.skipWs();
    if (p.pos != text.length()) {
      throw p.error("unexpected content after the JSON value");
    }
    return v;
  }

  /** Parses a document that must be a JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, @Nullable Object> parseObject(String text) {
    Object v = parse(text);
    if (!(v instanceof Map)) {
      throw new JsonException("expected a JSON object but found " + typeName(v));
    }
    return (Map<String, @Nullable Object>) v;
  }

  /** The JSON type name of a parsed value, for error messages. */
  public static String typeName(@Nullable Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof Map) {
      return "an object";
    } else if (v instanceof List) {
      return "an array";
    } else if (v instanceof String) {
      return "a string";
    } else if (v instanceof Boolean) {
      return "a boolean";
    }
    return "a number";
  }

  private JsonException error(String what) {
    return new JsonException(what + " at offset " + pos);
  }

  private void skipWs() {
    // on locals: see string()
    char[] a = s;
    int i = pos;
    while (i < len) {
      char c = a[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
      } else {
        break;
      }
    }
    pos = i;
  }

  private @Nullable Object value() {
    if (pos >= len) {
      throw error("unexpected end of input");
    }
    char c = s[pos];
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + printable(c) + "'");
    }
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e
        ? JsonWriter.unicodeEscape(new StringBuilder(), c).toString()
        : String.valueOf(c);
  }

  private @Nullable Object literal(String word, @Nullable Object v) {
    if (!text.startsWith(word, pos)) {
      throw error("invalid literal");
    }
    pos += word.length();
    return v;
  }

  private Map<String, @Nullable Object> object() {
    enter();
    pos++;
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    skipWs();
    if (peek() == '}') {
      pos++;
      depth--;
      return m;
    }
    while (true) {
      skipWs();
      if (peek() != '"') {
        throw error("expected a string key");
      }
      String k = string();
      skipWs();
      if (peek() != ':') {
        throw error("expected ':'");
      }
      pos++;
      skipWs();
      m.put(k, value());
      skipWs();
      char c = peek();
      pos++;
      if (c == '}') {
        depth--;
        return m;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<@Nullable Object> array() {
    enter();
    pos++;
    List<@Nullable Object> l = new ArrayList<>();
    skipWs();
    if (peek() == ']') {
      pos++;
      depth--;
      return l;
    }
    while (true) {
      skipWs();
      l.add(value());
      skipWs();
      char c = peek();
      pos++;
      if (c == ']') {
        depth--;
        return l;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
  }

  private char peek() {
    if (pos >= len) {
      throw error("unexpected end of input");
    }
    return s[pos];
  }

  /**
   * A string (RFC 8259 section 7). Rejects control characters, unknown escapes, {@code \\u} escapes
   * without exactly four hex digits, and unpaired UTF-16 surrogates, escaped or not: section 8.2
   * leaves their meaning unpredictable, and a lone surrogate cannot be encoded as UTF-8 again.
   */
  private String string() {
    int open = pos;
    pos++; // opening quote
    StringBuilder b = null;
    int start = pos;
    // whether a surrogate was seen, raw or escaped: only then is the pairing checked, in a second
    // pass over the string
    boolean surrogate = false;
    while (true) {
      // the run of plain characters, scanned on locals: it is most of a document, and until the
      // JIT compiles this loop each field access costs the interpreter what a comparison does
      char[] a = s;
      int i = pos;
      char c = 0;
      while (i < len) {
        c = a[i];
        if (c == '"' || c == '\\' || c < 0x20) {
          break;
        }
        if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
          surrogate = true;
        }
        i++;
      }
      pos = i;
      if (pos >= len) {
        throw error("unterminated string");
      }
      if (c == '"') {
        String out =
            b == null ? text.substring(start, pos) : b.append(s, start, pos - start).toString();
        if (surrogate && !wellFormed(out)) {
          pos = open;
          throw error("unpaired UTF-16 surrogate in string");
        }
        pos++;
        return out;
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      // c is the backslash of an escape
      if (b == null) {
        b = new StringBuilder();
      }
      b.append(s, start, pos - start);
      pos++;
      char e = peek();
      switch (e) {
        case '"':
          b.append('"');
          break;
        case '\\':
          b.append('\\');
          break;
        case '/':
          b.append('/');
          break;
        case 'b':
          b.append('\b');
          break;
        case 'f':
          b.append('\f');
          break;
        case 'n':
          b.append('\n');
          break;
        case 'r':
          b.append('\r');
          break;
        case 't':
          b.append('\t');
          break;
        case 'u':
          char u = hex4();
          surrogate |= Character.isSurrogate(u);
          b.append(u);
          break;
        default:
          throw error("invalid escape");
      }
      pos++;
      start = pos;
    }
  }

  /**
   * The character of the four hex digits after {@code \\u} (pos is on the 'u'); pos ends on the
   * last.
   */
  private char hex4() {
    if (pos + 5 > len) {
      throw error("truncated \\u escape");
    }
    int v = 0;
    for (int i = pos + 1; i < pos + 5; i++) {
      int d = Character.digit(s[i], 16);
      // Character.digit also takes non-ASCII digits; the grammar allows only 0-9, a-f, A-F
      if (d < 0 || s[i] > 'f') {
        throw error("invalid \\u escape");
      }
      v = v << 4 | d;
    }
    pos += 4;
    return (char) v;
  }

  /** Whether every surrogate in {@code t} is part of a high-low pair. */
  private static boolean wellFormed(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= t.length() || !Character.isLowSurrogate(t.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A number by RFC 8259's grammar (section 6): {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]?
   * [0-9]+)?}. No leading zeros ({@code 01}), no bare decimal point ({@code 1.}, {@code .5}), no
   * plus sign, no hex, no NaN or Infinity.
   */
  private Object number() {
    int start = pos;
    int n = len;
    if (s[pos] == '-') {
      pos++;
    }
    boolean integral = true;
    boolean ok = pos < n && isDigit(s[pos]);
    if (ok && s[pos] == '0') {
      pos++;
      ok = pos >= n || !isDigit(s[pos]);
    } else {
      pos = digits(pos);
    }
    if (ok && pos < n && s[pos] == '.') {
      integral = false;
      int d = digits(pos + 1);
      ok = d > pos + 1;
      pos = d;
    }
    if (ok && pos < n && (s[pos] == 'e' || s[pos] == 'E')) {
      integral = false;
      int e = pos + 1;
      if (e < n && (s[e] == '+' || s[e] == '-')) {
        e++;
      }
      int d = digits(e);
      ok = d > e;
      pos = d;
    }
    if (!ok) {
      // name the whole number-like token, not only the part read so far
      int end = pos;
      while (end < n && "0123456789.eE+-".indexOf(s[end]) >= 0) {
        end++;
      }
      String t = new String(s, start, Math.min(end, start + 40) - start);
      pos = start;
      throw error("invalid number '" + t + "'");
    }
    String t = new String(s, start, pos - start);
    if (t.length() > 400) {
      pos = start;
      throw error("number too long");
    }
    try {
      if (integral && t.length() < 19) {
        return Long.parseLong(t);
      }
      BigDecimal d = new BigDecimal(t);
      if (integral) {
        try {
          return d.longValueExact();
        } catch (ArithmeticException ex) {
          return d;
        }
      }
      return d;
    } catch (NumberFormatException ex) {
      // only an exponent beyond BigDecimal's int range gets here
      pos = start;
      throw error("number out of range '" + t + "'");
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The position after the run of ASCII digits starting at {@code from}. */
  private int digits(int from) {
    int i = from;
    while (i < len && isDigit(s[i])) {
      i++;
    }
    return i;
  }

  // ---------------------------------------------------------------- writing (JsonWriter)

  /** Writes a value as indented JSON (two spaces), keys in map order, with a trailing newline. */
  public static String pretty(@Nullable Object value) {
    return JsonWriter.pretty(value);
  }

  /** Writes a value as compact JSON on one line. */
  public static String compact(@Nullable Object value) {
    return JsonWriter.compact(value);
  }

  /** Appends a JSON string literal. */
  public static void quote(StringBuilder b, String s) {
    JsonWriter.quote(b, s);
  }

  /** An unmodifiable view, for value types that expose parsed JSON. */
  public static <K, V> Map<K, V> frozen(Map<K, V> m) {
    return Collections.unmodifiableMap(m);
  }
}
