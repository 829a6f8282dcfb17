package dev.canirundocker.host;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The operating system.
 *
 * @param family {@code linux}, {@code macos}, {@code windows}, {@code freebsd}, ... (lower case)
 * @param name distribution or product name ({@code Debian GNU/Linux}, {@code Windows 11 Pro},
 *     {@code macOS})
 * @param version version as the OS states it ({@code 12}, {@code 14.4.1}, {@code 10.0.22631})
 * @param build build number where the OS has one (Windows {@code 22631}), else null
 * @param edition Windows edition ({@code Professional}, {@code Core} for Home, {@code
 *     ServerStandard}), else null
 * @param bitness 32 or 64
 */
public record OsInfo(
    String family,
    @Nullable String name,
    @Nullable String version,
    @Nullable String build,
    @Nullable String edition,
    int bitness)
    implements JsonValue {

  public boolean isLinux() {
    return "linux".equals(family);
  }

  public boolean isMacOs() {
    return "macos".equals(family);
  }

  public boolean isWindows() {
    return "windows".equals(family);
  }

  /** The Windows build as a number, or -1. */
  public int buildNumber() {
    if (build == null) {
      return -1;
    }
    try {
      return Integer.parseInt(build.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The OS in one line, each fact once: {@code Windows 11 Pro 23H2, build 22631}, {@code macOS 14.5
   * (Apple M2)}, {@code Debian GNU/Linux 12}. The Windows edition is left out where the name
   * carries it (EditionID Professional is the name's "Pro"); 32-bit is said, 64-bit is the default.
   *
   * @param cpu the host's processor, named after a macOS version (Apple M2, Intel Core i7); or null
   */
  public String summary(@Nullable CpuInfo cpu) {
    StringBuilder b = new StringBuilder(name == null ? family : name);
    if (version != null && !version.isBlank() && !b.toString().endsWith(" " + version)) {
      b.append(' ').append(version);
    }
    if (isWindows() && build != null) {
      b.append(", build ").append(build);
    } else if (isWindows() && name == null && edition != null) {
      b.append(" (").append(edition).append(')');
    }
    if (isMacOs() && cpu != null && cpu.model() != null && !cpu.model().isBlank()) {
      b.append(" (").append(cpu.model().trim()).append(')');
    }
    if (bitness == 32) {
      b.append(", 32-bit");
    }
    return b.toString();
  }

  /** {@link #summary(CpuInfo)} without the processor. */
  public String summary() {
    return summary(null);
  }

  /** Maps {@code os.name} style names to a family. */
  public static String familyOf(String osName) {
    String n = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
    if (n.startsWith("linux")) {
      return "linux";
    } else if (n.startsWith("mac") || n.startsWith("darwin")) {
      return "macos";
    } else if (n.startsWith("windows")) {
      return "windows";
    } else if (n.contains("freebsd")) {
      return "freebsd";
    }
    return n.isEmpty() ? "unknown" : n.replace(' ', '-');
  }

  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("family", family);
    m.put("name", name);
    m.put("version", version);
    m.put("build", build);
    m.put("edition", edition);
    m.put("bitness", bitness);
    return m;
  }

  static OsInfo fromJson(JsonReader r) {
    Integer bits = r.intValue("bitness");
    return new OsInfo(
        r.requiredString("family"),
        r.string("name"),
        r.string("version"),
        r.string("build"),
        r.string("edition"),
        bits == null ? 0 : bits);
  }
}
