package dev.canirundocker.fleet;

import dev.canirundocker.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Why a host/target pair could not be judged, as the check document's error result writes it.
 *
 * @param kind stable dotted kind ({@code archive.unreadable}, {@code host.profile-stale}); scripts may match on it
 * @param message one line for a person
 */
public record CellError(String kind, String message) implements JsonValue {
  public CellError {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    message = dev.canirundocker.Messages.oneLine(message);
  }

  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("message", message);
    return m;
  }
}
