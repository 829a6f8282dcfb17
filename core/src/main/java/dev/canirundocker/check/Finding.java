package dev.canirundocker.check;

import dev.canirundocker.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One observation behind a verdict.
 *
 * @param id stable dotted identifier, such as {@code arch.emulated}; scripts may match on it
 * @param severity how much it matters
 * @param message one sentence for a person
 * @param remediation what a user can do about it, or null where nothing is to be done
 */
public record Finding(String id, Severity severity, String message, @Nullable String remediation)
    implements JsonValue {

  public Finding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
  }

  // equals and hashCode written out, as the record's own would be (components in order, the hash
  // folded by 31 from 0 as java.lang.runtime.ObjectMethods does): the generated ones bootstrap
  // through ObjectMethods at first use, which spins about twenty method-handle classes that no
  // class-data archive keeps, a few ms of every CLI start (issue 19)
  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof Finding f
            && id.equals(f.id)
            && severity == f.severity
            && message.equals(f.message)
            && Objects.equals(remediation, f.remediation);
  }

  @Override
  public int hashCode() {
    int h = id.hashCode();
    h = h * 31 + severity.hashCode();
    h = h * 31 + message.hashCode();
    return h * 31 + Objects.hashCode(remediation);
  }

  /** An informational finding. */
  public static Finding info(String id, String message) {
    return new Finding(id, Severity.INFO, message, null);
  }

  /** An informational finding with a suggestion. */
  public static Finding info(String id, String message, @Nullable String remediation) {
    return new Finding(id, Severity.INFO, message, remediation);
  }

  /** A warning with an optional remediation. */
  public static Finding warn(String id, String message, @Nullable String remediation) {
    return new Finding(id, Severity.WARN, message, remediation);
  }

  /** A failure with an optional remediation. */
  public static Finding fail(String id, String message, @Nullable String remediation) {
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
