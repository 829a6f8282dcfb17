package dev.canirundocker.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our reader against jackson-core's streaming parser, a reference RFC 8259 parser, on generated
 * documents and their mutations: both accept with the same value, or both reject. The one allowed
 * difference: we reject unpaired UTF-16 surrogates, which jackson passes through.
 *
 * <p>Why jackson only here: in the CLI's process it costs ~250 more classes and ~35 ms more CPU to
 * parse a host profile than this reader (measured on a plain JVM), and the CLI's start-up is a
 * feature. The reference keeps our reader honest instead.
 *
 * <p>{@code -Dcird.json.fuzz.iterations=N} runs longer (default 20000 per seed).
 */
class JsonDifferentialTest {
  private static final JsonFactory JACKSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(Json.MAX_DEPTH)
                  .maxNumberLength(400)
                  .build())
          .build();
  private static final int ITERATIONS = Integer.getInteger("cird.json.fuzz.iterations", 20_000);

  /** Pieces a mutation inserts: the edges of the grammar and the characters around them. */
  private static final String[] PIECES = {
    "0",
    "01",
    "-",
    "-0",
    ".",
    "1.",
    ".5",
    "e",
    "E",
    "+",
    "1e",
    "1e+",
    "0x1",
    "1e400000000000",
    "NaN",
    "Infinity",
    "\\u",
    "\\u12",
    "\\u-001",
    "\\u00e9",
    "\\uD83D",
    "\\uDE00",
    "\\ud83d\\ude00",
    "\\x",
    "\\'",
    "\\/",
    "\\\\",
    "\"",
    ",",
    ":",
    "[",
    "]",
    "{",
    "}",
    " ",
    "\t",
    "\n",
    "\r",
    "\u000b",
    "\u0000",
    "\u001f",
    "\u007f",
    "\u00a0",
    "\ufeff",
    "\ud800",
    "\udc00",
    "\ud83d\ude00",
    "true",
    "false",
    "null",
    "nul",
    "tru",
    "x",
    "//",
    "/*",
    "'a'",
    "[1,]",
    "{\"a\":1,}",
    "\u0660"
  };

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void agreesWithJacksonOnGeneratedAndMutatedDocuments(long seed) {
    Random r = new Random(seed);
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      StringBuilder b = new StringBuilder();
      emit(b, value(r, 0), r);
      String doc = b.toString();
      if (r.nextInt(10) < 7) {
        doc = mutate(doc, r);
      }
      if (compare(doc)) {
        accepted++;
      } else {
        rejected++;
      }
    }
    // a fuzzer that only ever sees one outcome tests nothing
    assertTrue(
        accepted > ITERATIONS / 10 && rejected > ITERATIONS / 10,
        "accepted " + accepted + ", rejected " + rejected);
  }

  @Test
  void rejectsWhatRfc8259Forbids() {
    for (String bad :
        new String[] {
          "01",
          "-01",
          "00",
          "1.",
          "-",
          "-a",
          ".5",
          "+1",
          "1e",
          "1e+",
          "1.e5",
          "0x10",
          "NaN",
          "-Infinity",
          "\"\\u-001\"",
          "\"\\u12\"",
          "\"\\u12g4\"",
          "\"\\ud800\"",
          "\"\\udc00\"",
          "\"\\ud800x\"",
          "\"\\ud800\\u0041\"",
          "\"\ud800\"",
          "\"a\udc00\"",
          "\"\\x\"",
          "\"\\'\"",
          "'a'",
          "[1,]",
          "{\"a\":1,}",
          "\ufeff{}",
          "// c\n1",
          "/* c */1",
          "[01]",
          "{\"a\":01}",
          "1 2",
          "\u000b1",
          "tru",
          "nul"
        }) {
      JsonException e = assertThrows(JsonException.class, () -> Json.parse(bad), bad);
      assertTrue(
          jacksonRejects(bad) || e.getMessage().startsWith("unpaired UTF-16 surrogate"),
          "jackson accepts " + bad);
    }
  }

  @Test
  void namesTheBadPart() {
    assertEquals(
        "invalid number '01' at offset 1",
        assertThrows(JsonException.class, () -> Json.parse("[01]")).getMessage());
    assertEquals(
        "invalid number '1.' at offset 0",
        assertThrows(JsonException.class, () -> Json.parse("1.")).getMessage());
    assertEquals(
        "invalid \\u escape at offset 2",
        assertThrows(JsonException.class, () -> Json.parse("\"\\u-001\"")).getMessage());
    assertEquals(
        "unpaired UTF-16 surrogate in string at offset 5",
        assertThrows(JsonException.class, () -> Json.parse("{\"a\":\"\\ud800\"}")).getMessage());
    assertEquals(
        "number out of range '1e9999999999' at offset 0",
        assertThrows(JsonException.class, () -> Json.parse("1e9999999999")).getMessage());
  }

  @Test
  void acceptsTheWholeGrammar() {
    assertEquals(
        List.of(
            0L,
            -0L,
            10L,
            new BigDecimal("1.5"),
            new BigDecimal("-1E+5"),
            new BigDecimal("2e-3"),
            new BigDecimal("123456789012345678901234567890")),
        Json.parse(" [0,-0,10,1.5,-1E+5,2e-3,123456789012345678901234567890]\r\n\t"));
    assertEquals(
        "\ud83d\ude00\u00e9/\b\f\n\r\t\"\\\u007f",
        Json.parse("\"\\ud83d\\uDE00\u00e9\\/\\b\\f\\n\\r\\t\\\"\\\\\u007f\""));
    assertEquals("\ud83d\ude00", Json.parse("\"\ud83d\ude00\""));
    // a repeated name keeps its last value, as Go's encoding/json does
    assertEquals(Map.of("a", 2L), Json.parse("{\"a\":1,\"a\":2}"));
  }

  /** Parses with both; true when both accepted (with equal values), false when both rejected. */
  private static boolean compare(String doc) {
    Object ours;
    JsonException ourError = null;
    try {
      ours = Json.parse(doc);
    } catch (JsonException e) {
      ours = null;
      ourError = e;
    }
    Object theirs;
    IOException theirError = null;
    try {
      theirs = jackson(doc);
    } catch (IOException | RuntimeException e) {
      theirs = null;
      theirError = e instanceof IOException ? (IOException) e : new IOException(e);
    }
    if (ourError == null && theirError == null) {
      if (!same(ours, theirs)) {
        fail("different values for " + visible(doc) + ": ours " + ours + ", jackson's " + theirs);
      }
      return true;
    }
    if (ourError != null && theirError != null) {
      return false;
    }
    if (ourError != null
        && ourError.getMessage().startsWith("unpaired UTF-16 surrogate")
        && hasLoneSurrogate(theirs)) {
      return false;
    }
    fail(
        ourError != null
            ? "we reject "
                + visible(doc)
                + " ("
                + ourError.getMessage()
                + "), jackson reads "
                + theirs
            : "we accept "
                + visible(doc)
                + " as "
                + ours
                + ", jackson rejects it: "
                + theirError.getMessage());
    return false;
  }

  private static boolean jacksonRejects(String doc) {
    try {
      jackson(doc);
      return false;
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /** One root value read with jackson's streaming API; more content after it is an error. */
  private static Object jackson(String doc) throws IOException {
    try (JsonParser p = JACKSON.createParser(doc)) {
      if (p.nextToken() == null) {
        throw new IOException("empty document");
      }
      Object v = read(p);
      if (p.nextToken() != null) {
        throw new IOException("content after the root value");
      }
      return v;
    }
  }

  private static Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT:
        {
          Map<String, Object> m = new LinkedHashMap<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            p.nextToken();
            m.put(k, read(p));
          }
          return m;
        }
      case START_ARRAY:
        {
          List<Object> l = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            l.add(read(p));
          }
          return l;
        }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return p.getDecimalValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected token " + t);
    }
  }

  /** Equal values: numbers by numeric value, objects with the same names in the same order. */
  private static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Long || a instanceof BigDecimal) {
      BigDecimal x = a instanceof Long ? BigDecimal.valueOf((Long) a) : (BigDecimal) a;
      return b instanceof BigDecimal && x.compareTo((BigDecimal) b) == 0;
    }
    if (a instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) a;
      Map<?, ?> n = (Map<?, ?>) b;
      if (!List.copyOf(m.keySet()).equals(List.copyOf(n.keySet()))) {
        return false;
      }
      for (Object k : m.keySet()) {
        if (!same(m.get(k), n.get(k))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List) {
      List<?> l = (List<?>) a;
      List<?> k = (List<?>) b;
      if (l.size() != k.size()) {
        return false;
      }
      for (int i = 0; i < l.size(); i++) {
        if (!same(l.get(i), k.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static boolean hasLoneSurrogate(Object v) {
    if (v instanceof String) {
      String s = (String) v;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return true;
        }
      }
      return false;
    }
    if (v instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (hasLoneSurrogate(e.getKey()) || hasLoneSurrogate(e.getValue())) {
          return true;
        }
      }
    }
    if (v instanceof List) {
      for (Object o : (List<?>) v) {
        if (hasLoneSurrogate(o)) {
          return true;
        }
      }
    }
    return false;
  }

  // ------------------------------------------------------------ generating and mutating

  private static Object value(Random r, int depth) {
    int k = r.nextInt(depth > 4 ? 5 : 8);
    switch (k) {
      case 0:
        return null;
      case 1:
        return r.nextBoolean();
      case 2:
        return number(r);
      case 3:
      case 4:
        return string(r);
      case 5:
        {
          List<Object> l = new ArrayList<>();
          for (int i = r.nextInt(4); i > 0; i--) {
            l.add(value(r, depth + 1));
          }
          return l;
        }
      default:
        {
          Map<String, Object> m = new LinkedHashMap<>();
          for (int i = r.nextInt(4); i > 0; i--) {
            m.put(string(r), value(r, depth + 1));
          }
          return m;
        }
    }
  }

  /** A number's text, by the grammar: sign, integer part, fraction, exponent. */
  private static String number(Random r) {
    StringBuilder b = new StringBuilder();
    if (r.nextBoolean()) {
      b.append('-');
    }
    if (r.nextInt(4) == 0) {
      b.append('0');
    } else {
      b.append((char) ('1' + r.nextInt(9)));
      for (int i = r.nextInt(r.nextInt(5) == 0 ? 30 : 4); i > 0; i--) {
        b.append((char) ('0' + r.nextInt(10)));
      }
    }
    if (r.nextInt(3) == 0) {
      b.append('.');
      for (int i = 1 + r.nextInt(5); i > 0; i--) {
        b.append((char) ('0' + r.nextInt(10)));
      }
    }
    if (r.nextInt(4) == 0) {
      b.append(r.nextBoolean() ? 'e' : 'E');
      int sign = r.nextInt(3);
      if (sign > 0) {
        b.append(sign == 1 ? '+' : '-');
      }
      for (int i = 1 + r.nextInt(3); i > 0; i--) {
        b.append((char) ('0' + r.nextInt(10)));
      }
    }
    return b.toString();
  }

  private static final String CHARS = "ab \"\\/\u00e9\u20ac\u007f\b\f\n\r\t\u0001\u001f\u2028";

  private static String string(Random r) {
    StringBuilder b = new StringBuilder();
    for (int i = r.nextInt(6); i > 0; i--) {
      if (r.nextInt(8) == 0) {
        b.append("\ud83d\ude00");
      } else {
        b.append(CHARS.charAt(r.nextInt(CHARS.length())));
      }
    }
    return b.toString();
  }

  /** A value as JSON text with varied whitespace and escapes (numbers are already text). */
  private static void emit(StringBuilder b, Object v, Random r) {
    ws(b, r);
    if (v == null) {
      b.append("null");
    } else if (v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof String && ((String) v).matches("-?[0-9].*")) {
      b.append(v); // a number's text, from number()
    } else if (v instanceof String) {
      quote(b, (String) v, r);
    } else if (v instanceof List) {
      b.append('[');
      boolean first = true;
      for (Object o : (List<?>) v) {
        b.append(first ? "" : ",");
        first = false;
        emit(b, o, r);
      }
      ws(b, r);
      b.append(']');
    } else {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        b.append(first ? "" : ",");
        first = false;
        ws(b, r);
        quote(b, (String) e.getKey(), r);
        ws(b, r);
        b.append(':');
        emit(b, e.getValue(), r);
      }
      ws(b, r);
      b.append('}');
    }
    ws(b, r);
  }

  private static void ws(StringBuilder b, Random r) {
    if (r.nextInt(3) == 0) {
      b.append(" \t\n\r".charAt(r.nextInt(4)));
    }
  }

  private static void quote(StringBuilder b, String s, Random r) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean escape = c < 0x20 || c == '"' || c == '\\' || r.nextInt(6) == 0;
      if (!escape) {
        b.append(c);
      } else if (c == '"' || c == '\\' || (c == '/' && r.nextBoolean())) {
        b.append('\\').append(c);
      } else if (c == '\n' && r.nextBoolean()) {
        b.append("\\n");
      } else {
        String hex = String.format("%04x", (int) c);
        b.append("\\u").append(r.nextBoolean() ? hex : hex.toUpperCase(java.util.Locale.ROOT));
      }
    }
    b.append('"');
  }

  private static String mutate(String doc, Random r) {
    StringBuilder b = new StringBuilder(doc);
    for (int n = 1 + r.nextInt(3); n > 0; n--) {
      int at = b.length() == 0 ? 0 : r.nextInt(b.length() + 1);
      switch (r.nextInt(4)) {
        case 0:
          b.insert(at, PIECES[r.nextInt(PIECES.length)]);
          break;
        case 1:
          if (b.length() > 0) {
            int from = Math.min(at, b.length() - 1);
            b.delete(from, Math.min(b.length(), from + 1 + r.nextInt(3)));
          }
          break;
        case 2:
          if (b.length() > 0) {
            int from = Math.min(at, b.length() - 1);
            b.setCharAt(from, PIECES[r.nextInt(PIECES.length)].charAt(0));
          }
          break;
        default:
          if (b.length() > 0) {
            int from = Math.min(at, b.length() - 1);
            int to = Math.min(b.length(), from + 1 + r.nextInt(6));
            b.insert(to, b.substring(from, to));
          }
      }
    }
    return b.toString();
  }

  private static String visible(String doc) {
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < doc.length(); i++) {
      char c = doc.charAt(i);
      b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.append('\'').toString();
  }
}
