package dev.canirundocker.report;

import dev.canirundocker.host.HostProfile;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code host --json} prints: the host profile itself. Its codec is the profile's own ({@link
 * HostProfile#toJson()} and {@link HostProfile#parse(String)}), so that a profile read back with
 * {@code --host-profile} and written again gives the same bytes.
 *
 * @param host the profile
 */
public record HostDocument(HostProfile host) implements Document {
  public HostDocument {
    Objects.requireNonNull(host, "host");
  }

  /** Reads a document written by {@code host --json}; see {@link HostProfile#parse(String)}. */
  public static HostDocument parse(String json) {
    return new HostDocument(HostProfile.parse(json));
  }

  @Override
  public Map<String, Object> toJson() {
    return host.toJson();
  }
}
