package dev.canirundocker.host;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fact the probe could not establish, and why. Checks that depend on it say so in a finding
 * instead of guessing.
 *
 * @param fact dotted name of the fact, as it appears in the host JSON ({@code linux.kernelConfig})
 * @param reason why it is unknown, for a person ({@code /proc/config.gz: permission denied})
 */
public record Unknown(String fact, String reason) implements JsonValue {
  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fact", fact);
    m.put("reason", reason);
    return m;
  }

  static Unknown fromJson(JsonReader r) {
    return new Unknown(r.requiredString("fact"), r.requiredString("reason"));
  }
}
