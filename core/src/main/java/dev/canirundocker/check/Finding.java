package dev.canirundocker.check;

import dev.canirundocker.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One observation behind a verdict.
 *
 * @param id stable dotted identifier, such as {@code arch.emulated}; scripts may match on it
 * @param severity how much it matters
 * @param message one sentence for a person
 * @param remediation what a user can do about it, or null where nothing is to be done
 */
public record Finding(String id, Severity severity, String message, String remediation)
    implements JsonValue {

  public Finding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
  }

  /** An informational finding. */
  public static Finding info(String id, String message) {
    return new Finding(id, Severity.INFO, message, null);
  }

  /** An informational finding with a suggestion. */
  public static Finding info(String id, String message, String remediation) {
    return new Finding(id, Severity.INFO, message, remediation);
  }

  /** A warning with an optional remediation. */
  public static Finding warn(String id, String message, String remediation) {
    return new Finding(id, Severity.WARN, message, remediation);
  }

  /** A failure with an optional remediation. */
  public static Finding fail(String id, String message, String remediation) {
    return new Finding(id, Severity.FAIL, message, remediation);
  }

  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("severity", severity.json());
    m.put("message", message);
    if (remediation != null) {
      m.put("remediation", remediation);
    }
    return m;
  }
}
