package dev.canirundocker.platform;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An OCI platform: operating system, architecture, optional variant, and for Windows the OS version
 * and features. Values are always normalized, so two spellings of one platform are equal.
 *
 * <p>Normalization follows containerd's {@code platforms/database.go} ({@code normalizeOS},
 * {@code normalizeArch}) and adds the kernel and distribution spellings containerd leaves out
 * ({@code i686}, {@code armv7l}, {@code armv6l}, {@code armv8l}, {@code ppc64el}, {@code mips64el},
 * {@code loongarch64}), so that a {@code uname -m} answer or a Debian architecture name parses too.
 *
 * @param os operating system, lower case ({@code linux}, {@code windows}, {@code darwin}, ...)
 * @param architecture normalized architecture ({@code amd64}, {@code arm64}, {@code arm}, {@code 386}, ...)
 * @param variant normalized variant, or empty ({@code v7} for arm, {@code v3} for amd64, ...)
 * @param osVersion Windows build such as {@code 10.0.20348.2113}, or empty
 * @param osFeatures Windows OS features such as {@code win32k}, possibly empty
 */
public record Platform(String os, String architecture, String variant, String osVersion,
    List<String> osFeatures) {

  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9_.-]+");
  // containerd accepts "os(osversion)/arch" since platforms v0.2; osversion is Windows' build
  private static final Pattern OS_WITH_VERSION = Pattern.compile("([a-z0-9_-]+)\\(([0-9.]+)\\)");

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    variant = variant == null ? "" : variant;
    osVersion = osVersion == null ? "" : osVersion;
    osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
  }

  /** A normalized platform from its parts. */
  public static Platform of(String os, String architecture, String variant) {
    String nos = normalizeOs(os);
    String[] av = normalizeArch(architecture, variant);
    return new Platform(nos, av[0], av[1], "", List.of());
  }

  /** A normalized platform with Windows version information. */
  public static Platform of(String os, String architecture, String variant, String osVersion,
      List<String> osFeatures) {
    Platform p = of(os, architecture, variant);
    return new Platform(p.os, p.architecture, p.variant, osVersion, osFeatures);
  }

  /**
   * Parses {@code os/arch[/variant]}, {@code os(osversion)/arch[/variant]}, or a bare architecture
   * (taken as Linux, as {@code docker run --platform arm64} does). Case is ignored.
   *
   * @throws InvalidPlatformException naming the input and what is wrong with it
   */
  public static Platform parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new InvalidPlatformException("invalid platform '': empty");
    }
    String s = spec.trim().toLowerCase(Locale.ROOT);
    String[] parts = s.split("/", -1);
    if (parts.length > 3) {
      throw new InvalidPlatformException("invalid platform '" + spec
          + "': expected os/arch[/variant]");
    }
    String osVersion = "";
    String os;
    String arch;
    String variant = "";
    if (parts.length == 1) {
      os = "linux";
      arch = parts[0];
    } else {
      os = parts[0];
      java.util.regex.Matcher m = OS_WITH_VERSION.matcher(os);
      if (m.matches()) {
        os = m.group(1);
        osVersion = m.group(2);
      }
      arch = parts[1];
      if (parts.length == 3) {
        variant = parts[2];
        if (variant.isEmpty()) {
          throw new InvalidPlatformException("invalid platform '" + spec + "': empty variant");
        }
      }
    }
    for (String c : new String[] {os, arch}) {
      if (c.isEmpty()) {
        throw new InvalidPlatformException("invalid platform '" + spec
            + "': expected os/arch[/variant]");
      }
    }
    for (String c : new String[] {os, arch, variant}) {
      if (!c.isEmpty() && !COMPONENT.matcher(c).matches()) {
        throw new InvalidPlatformException("invalid platform '" + spec
            + "': '" + c + "' has characters a platform cannot have");
      }
    }
    Platform p = of(os, arch, variant);
    if (!KnownPlatforms.isKnownOs(p.os)) {
      throw new InvalidPlatformException("invalid platform '" + spec + "': unknown operating system '"
          + parts[0] + "'");
    }
    if (!KnownPlatforms.isKnownArch(p.architecture)) {
      throw new InvalidPlatformException("invalid platform '" + spec + "': unknown architecture '"
          + arch + "'");
    }
    return osVersion.isEmpty() ? p : p.withOsVersion(osVersion);
  }

  /** containerd's normalizeOS plus {@code macos}. */
  static String normalizeOs(String os) {
    if (os == null || os.isEmpty()) {
      return "";
    }
    String o = os.toLowerCase(Locale.ROOT);
    if (o.equals("macos") || o.equals("osx") || o.equals("mac")) {
      return "darwin";
    }
    return o;
  }

  /** containerd's normalizeArch, extended with the uname and Debian spellings it lacks. */
  static String[] normalizeArch(String arch, String variant) {
    String a = arch == null ? "" : arch.toLowerCase(Locale.ROOT);
    String v = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
    switch (a) {
      case "i386": case "i486": case "i586": case "i686": case "x86": case "ia32":
        return new String[] {"386", ""};
      case "x86_64": case "x86-64": case "amd64": case "x64":
        if (v.equals("v1")) {
          v = "";
        }
        return new String[] {"amd64", v};
      case "aarch64": case "arm64":
        switch (v) {
          case "8": case "v8": case "v8.0":
            v = "";
            break;
          case "9": case "9.0": case "v9.0":
            v = "v9";
            break;
          default:
            break;
        }
        return new String[] {"arm64", v};
      case "armhf":
        return new String[] {"arm", "v7"};
      case "armel":
        return new String[] {"arm", "v6"};
      case "armv5l": case "armv5tel": case "armv5tejl":
        return new String[] {"arm", "v5"};
      case "armv6l":
        return new String[] {"arm", "v6"};
      case "armv7l": case "armv7":
        return new String[] {"arm", "v7"};
      case "armv8l":
        return new String[] {"arm", "v8"};
      case "arm":
        switch (v) {
          case "": case "7":
            v = "v7";
            break;
          case "5": case "6": case "8":
            v = "v" + v;
            break;
          default:
            break;
        }
        return new String[] {"arm", v};
      case "ppc64el":
        return new String[] {"ppc64le", v};
      case "mips64el":
        return new String[] {"mips64le", v};
      case "mipsel":
        return new String[] {"mipsle", v};
      case "loongarch64":
        return new String[] {"loong64", v};
      default:
        return new String[] {a, v};
    }
  }

  /** This platform with a Windows OS version. */
  public Platform withOsVersion(String version) {
    return new Platform(os, architecture, variant, version, osFeatures);
  }

  /** This platform with another variant (not re-normalized). */
  public Platform withVariant(String v) {
    return new Platform(os, architecture, v, osVersion, osFeatures);
  }

  /** This platform without variant, OS version and features. */
  public Platform base() {
    return new Platform(os, architecture, "", "", List.of());
  }

  /** Whether this is a Linux platform. */
  public boolean isLinux() {
    return os.equals("linux");
  }

  /** Whether this is a Windows platform. */
  public boolean isWindows() {
    return os.equals("windows");
  }

  /**
   * The Windows build number of {@link #osVersion()} (the third dotted part of
   * {@code 10.0.20348.2113}), or -1 when there is none.
   */
  public int windowsBuild() {
    String[] p = osVersion.split("\\.");
    if (p.length < 3) {
      return -1;
    }
    try {
      return Integer.parseInt(p[2]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The {@code os/arch[/variant]} form. An arm64 platform without variant prints without one, as
   * containerd's {@code Format} does; see {@link #formatWithDefaultVariant()}.
   */
  @Override
  public String toString() {
    return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
  }

  /** Like {@link #toString()} but arm64 shows its default variant {@code v8}, as Docker shows hosts. */
  public String formatWithDefaultVariant() {
    if (architecture.equals("arm64") && variant.isEmpty()) {
      return os + "/arm64/v8";
    }
    return toString();
  }
}
