package dev.canirundocker.host;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a macOS or Windows host offers for running a Linux VM. Every field may be null: unknown, or
 * not applicable to this OS.
 *
 * @param wslVersion installed WSL version ({@code 2.1.5.0}) on Windows, {@code installed} where
 *     only its presence is known, else null
 * @param hyperV the Hyper-V feature is enabled (Windows)
 * @param containersFeature the Windows Containers feature is enabled (Windows)
 * @param rosetta Rosetta 2 is installed (macOS on Apple silicon)
 * @param dockerDesktop Docker Desktop is installed
 * @param wslDefaultDistribution the default WSL distribution's name (Windows), else null
 * @param wslDefaultDistributionVersion its WSL version, 1 or 2, else null
 * @param dockerDesktopVersion Docker Desktop's version ({@code 4.34.2}), else null
 * @param desktopBackend Docker Desktop's Linux VM backend on Windows, {@code wsl2} or {@code
 *     hyperv}, from its settings file; else null
 */
public record VmSupport(
    @Nullable String wslVersion,
    @Nullable Boolean hyperV,
    @Nullable Boolean containersFeature,
    @Nullable Boolean rosetta,
    @Nullable Boolean dockerDesktop,
    @Nullable String wslDefaultDistribution,
    @Nullable Integer wslDefaultDistributionVersion,
    @Nullable String dockerDesktopVersion,
    @Nullable String desktopBackend)
    implements JsonValue {

  /** Nothing known. */
  public static final VmSupport UNKNOWN = new VmSupport(null, null, null, null, null);

  /** Without the WSL distribution and Docker Desktop details. */
  public VmSupport(
      @Nullable String wslVersion,
      @Nullable Boolean hyperV,
      @Nullable Boolean containersFeature,
      @Nullable Boolean rosetta,
      @Nullable Boolean dockerDesktop) {
    this(wslVersion, hyperV, containersFeature, rosetta, dockerDesktop, null, null, null, null);
  }

  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("wslVersion", wslVersion);
    m.put("hyperV", hyperV);
    m.put("containersFeature", containersFeature);
    m.put("rosetta", rosetta);
    m.put("dockerDesktop", dockerDesktop);
    m.put("wslDefaultDistribution", wslDefaultDistribution);
    m.put("wslDefaultDistributionVersion", wslDefaultDistributionVersion);
    m.put("dockerDesktopVersion", dockerDesktopVersion);
    m.put("desktopBackend", desktopBackend);
    return m;
  }

  static VmSupport fromJson(JsonReader r) {
    return new VmSupport(
        r.string("wslVersion"),
        r.bool("hyperV"),
        r.bool("containersFeature"),
        r.bool("rosetta"),
        r.bool("dockerDesktop"),
        r.string("wslDefaultDistribution"),
        r.intValue("wslDefaultDistributionVersion"),
        r.string("dockerDesktopVersion"),
        r.string("desktopBackend"));
  }
}
