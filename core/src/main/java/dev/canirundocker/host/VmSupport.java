package dev.canirundocker.host;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a macOS or Windows host offers for running a Linux VM. Every field may be null: unknown, or
 * not applicable to this OS.
 *
 * @param wslVersion installed WSL version ({@code 2.1.5.0}) on Windows, {@code installed} where only
 *     its presence is known, else null
 * @param hyperV the Hyper-V feature is enabled (Windows)
 * @param containersFeature the Windows Containers feature is enabled (Windows)
 * @param rosetta Rosetta 2 is installed (macOS on Apple silicon)
 * @param dockerDesktop Docker Desktop is installed
 */
public record VmSupport(String wslVersion, Boolean hyperV, Boolean containersFeature,
    Boolean rosetta, Boolean dockerDesktop) implements JsonValue {

  /** Nothing known. */
  public static final VmSupport UNKNOWN = new VmSupport(null, null, null, null, null);

  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("wslVersion", wslVersion);
    m.put("hyperV", hyperV);
    m.put("containersFeature", containersFeature);
    m.put("rosetta", rosetta);
    m.put("dockerDesktop", dockerDesktop);
    return m;
  }

  static VmSupport fromJson(JsonReader r) {
    return new VmSupport(r.string("wslVersion"), r.bool("hyperV"), r.bool("containersFeature"),
        r.bool("rosetta"), r.bool("dockerDesktop"));
  }
}
