package dev.canirundocker.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Typed, path-aware access to a parsed JSON object, so that a document of the wrong shape fails
 * with a message naming the field ("host.kernel.release: expected a string but found a number").
 */
public final class JsonReader {
  private final Map<String, @Nullable Object> map;
  private final String path;

  private JsonReader(Map<String, @Nullable Object> map, String path) {
    this.map = map;
    this.path = path;
  }

  /** Wraps a parsed object; {@code path} names it in error messages. */
  public static JsonReader of(Map<String, @Nullable Object> map, String path) {
    return new JsonReader(map, path);
  }

  /** Parses text that must hold a JSON object. */
  public static JsonReader parse(String text, String path) {
    return of(Json.parseObject(text), path);
  }

  public String path() {
    return path;
  }

  public boolean has(String key) {
    return map.containsKey(key) && map.get(key) != null;
  }

  public Map<String, @Nullable Object> raw() {
    return Collections.unmodifiableMap(map);
  }

  private String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private JsonException wrong(String key, String expected, Object v) {
    return new JsonException(at(key) + ": expected " + expected + " but found " + Json.typeName(v));
  }

  /** A string field, or null when absent or null. */
  public @Nullable String string(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String)) {
      throw wrong(key, "a string", v);
    }
    return (String) v;
  }

  /** A string field that must be present. */
  public String requiredString(String key) {
    String s = string(key);
    if (s == null) {
      throw new JsonException(at(key) + ": missing");
    }
    return s;
  }

  /** An integral number field, or null when absent. */
  public @Nullable Long longValue(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof java.math.BigDecimal d && isIntegral(d) && !fitsLong(d)) {
      // the parser keeps integers that do not fit a long as BigDecimal: the value is an
      // integer, just too large (or small) for the field, so say that, not that it is no integer
      String shown = d.precision() - d.scale() <= 40 ? d.toBigInteger() + " " : "";
      throw new JsonException(
          at(key)
              + ": "
              + shown
              + "is out of range ("
              + Long.MIN_VALUE
              + " to "
              + Long.MAX_VALUE
              + ")");
    }
    if (!(v instanceof Long)) {
      throw wrong(key, "an integer", v);
    }
    return (Long) v;
  }

  /** Whether a number has no fractional part ({@code 1e30}, {@code 1000000000000000000000}). */
  private static boolean isIntegral(java.math.BigDecimal d) {
    return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }

  private static boolean fitsLong(java.math.BigDecimal d) {
    return d.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
        && d.compareTo(java.math.BigDecimal.valueOf(Long.MIN_VALUE)) >= 0;
  }

  /** An integer field, or null when absent. */
  public @Nullable Integer intValue(String key) {
    Long l = longValue(key);
    if (l == null) {
      return null;
    }
    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
      throw new JsonException(at(key) + ": " + l + " is out of range");
    }
    return l.intValue();
  }

  /**
   * A count or size field (an integer of at least 0), or null when absent: a negative count from a
   * saved profile would otherwise reach arithmetic and output as if it were a fact.
   */
  public @Nullable Long nonNegativeLong(String key) {
    Long l = longValue(key);
    if (l != null && l < 0) {
      throw new JsonException(at(key) + ": " + l + " is negative; expected a count of 0 or more");
    }
    return l;
  }

  /** {@link #nonNegativeLong} within an int. */
  public @Nullable Integer nonNegativeInt(String key) {
    Integer i = intValue(key);
    if (i != null && i < 0) {
      throw new JsonException(at(key) + ": " + i + " is negative; expected a count of 0 or more");
    }
    return i;
  }

  /** A boolean field, or null when absent. */
  public @Nullable Boolean bool(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Boolean)) {
      throw wrong(key, "a boolean", v);
    }
    return (Boolean) v;
  }

  /** A nested object, or null when absent. */
  @SuppressWarnings("unchecked")
  public @Nullable JsonReader object(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map)) {
      throw wrong(key, "an object", v);
    }
    return new JsonReader((Map<String, @Nullable Object>) v, at(key));
  }

  /** A nested object that must be present. */
  public JsonReader requiredObject(String key) {
    JsonReader r = object(key);
    if (r == null) {
      throw new JsonException(at(key) + ": missing");
    }
    return r;
  }

  /** A list of strings; empty when absent. */
  public List<String> strings(String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List)) {
      throw wrong(key, "an array", v);
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    for (Object o : (List<?>) v) {
      if (!(o instanceof String)) {
        throw new JsonException(
            at(key) + "[" + i + "]: expected a string but found " + Json.typeName(o));
      }
      out.add((String) o);
      i++;
    }
    return List.copyOf(out);
  }

  /** A list of objects; empty when absent. */
  @SuppressWarnings("unchecked")
  public List<JsonReader> objects(String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List)) {
      throw wrong(key, "an array", v);
    }
    List<JsonReader> out = new ArrayList<>();
    int i = 0;
    for (Object o : (List<?>) v) {
      if (!(o instanceof Map)) {
        throw new JsonException(
            at(key) + "[" + i + "]: expected an object but found " + Json.typeName(o));
      }
      out.add(new JsonReader((Map<String, @Nullable Object>) o, at(key) + "[" + i + "]"));
      i++;
    }
    return out;
  }
}
