package dev.canirundocker.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void readsEveryType() {
    Map<String, Object> m =
        Json.parseObject(
            "{\"s\":\"a\\u00e9\\n\\\"\",\"i\":-12,\"d\":1.5e3,\"t\":true,\"f\":false,\"n\":null,\"l\":[1,[]],\"o\":{}}");
    assertEquals("a\u00e9\n\"", m.get("s"));
    assertEquals(-12L, m.get("i"));
    assertEquals(new BigDecimal("1.5e3"), m.get("d"));
    assertEquals(true, m.get("t"));
    assertEquals(false, m.get("f"));
    assertEquals(null, m.get("n"));
    assertEquals(List.of(1L, List.of()), m.get("l"));
    assertEquals(Map.of(), m.get("o"));
    assertEquals(List.of("s", "i", "d", "t", "f", "n", "l", "o"), List.copyOf(m.keySet()));
  }

  @Test
  void writesDeterministically() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", List.of(1, "x\u0001"));
    m.put("a", Map.of());
    assertEquals("{\n  \"b\": [\n    1,\n    \"x\\u0001\"\n  ],\n  \"a\": {}\n}\n", Json.pretty(m));
    assertEquals("{\"b\":[1,\"x\\u0001\"],\"a\":{}}", Json.compact(m));
    assertEquals(Json.parse(Json.compact(m)), Json.parse(Json.pretty(m)));
  }

  @Test
  void rejectsWithOffsets() {
    assertEquals(
        "unexpected end of input at offset 5",
        assertThrows(JsonException.class, () -> Json.parse("[1, 2")).getMessage());
    assertEquals(
        "unexpected content after the JSON value at offset 3",
        assertThrows(JsonException.class, () -> Json.parse("{} x")).getMessage());
    assertEquals(
        "control character in string at offset 2",
        assertThrows(JsonException.class, () -> Json.parse("\"a\u0001\"")).getMessage());
    assertEquals(
        "expected a JSON object but found an array",
        assertThrows(JsonException.class, () -> Json.parseObject("[]")).getMessage());
  }

  @Test
  void deepNestingIsAnErrorNotAStackOverflow() {
    char[] open = new char[100_000];
    Arrays.fill(open, '[');
    JsonException e = assertThrows(JsonException.class, () -> Json.parse(new String(open)));
    assertEquals("nesting deeper than 64 at offset 64", e.getMessage());
  }

  @Test
  void readerNamesTheField() {
    JsonReader r = JsonReader.parse("{\"a\":{\"b\":[\"x\",3]}}", "doc");
    assertEquals(
        "doc.a.b[1]: expected a string but found a number",
        assertThrows(JsonException.class, () -> r.object("a").strings("b")).getMessage());
  }

  @Test
  void everyCharIsWrittenAsTheEscapeRulesSay() {
    // each char alone, between plain runs, and twice in a row: the runs are copied whole, so a
    // char at either end of a run or next to another escape must come out the same
    for (char c = 0; c < 0xffff; c++) {
      String e;
      switch (c) {
        case '"' -> e = "\\\"";
        case '\\' -> e = "\\\\";
        case '\n' -> e = "\\n";
        case '\r' -> e = "\\r";
        case '\t' -> e = "\\t";
        default ->
            e =
                c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                    ? String.format("\\u%04x", (int) c)
                    : String.valueOf(c);
      }
      StringBuilder b = new StringBuilder();
      JsonWriter.quote(b, "ab" + c + "cd" + c + c);
      assertEquals("\"ab" + e + "cd" + e + e + "\"", b.toString(), "char " + (int) c);
    }
    StringBuilder b = new StringBuilder();
    JsonWriter.quote(b, "");
    assertEquals("\"\"", b.toString());
  }
}
