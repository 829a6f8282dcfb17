package dev.canirundocker.host;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The running kernel.
 *
 * @param release {@code uname -r} ({@code 6.18.44-fc-v669}, {@code
 *     5.15.153.1-microsoft-standard-WSL2})
 * @param version the numeric part of the release ({@code 6.18.44}), comparable with {@link
 *     KernelVersion}
 * @param build {@code uname -v}, or null
 * @param commandLine {@code /proc/cmdline}, or null where unknown or not Linux
 */
public record KernelInfo(
    @Nullable String release,
    @Nullable String version,
    @Nullable String build,
    @Nullable String commandLine)
    implements JsonValue {

  /** The parsed numeric version, or null when the version is unknown. */
  public @Nullable KernelVersion parsedVersion() {
    return version == null ? null : KernelVersion.parseOrNull(version);
  }

  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("release", release);
    m.put("version", version);
    m.put("build", build);
    m.put("commandLine", commandLine);
    return m;
  }

  static KernelInfo fromJson(JsonReader r) {
    return new KernelInfo(
        r.string("release"), r.string("version"), r.string("build"), r.string("commandLine"));
  }
}
