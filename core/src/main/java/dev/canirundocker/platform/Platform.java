package dev.canirundocker.platform;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An OCI platform: operating system, architecture, optional variant, and for Windows the OS version
 * and features. Values are always normalized, by every constructor and factory, so two spellings of
 * one platform are equal.
 *
 * <p>Normalization follows containerd's {@code platforms/database.go} ({@code normalizeOS}, {@code
 * normalizeArch}) and adds the kernel and distribution spellings containerd leaves out ({@code
 * i686}, {@code armv7l}, {@code armv6l}, {@code armv8l}, {@code ppc64el}, {@code mips64el}, {@code
 * loongarch64}), so that a {@code uname -m} answer or a Debian architecture name parses too; OS
 * features are sorted and without duplicates (containerd {@code Normalize}). One difference: a
 * 32-bit arm platform built by the constructor without a variant keeps it empty, meaning "arm of a
 * variant not known" (what an ELF header tells), while {@link #of} and {@link #parse}, which read a
 * declaration, give it containerd's default {@code v7}.
 *
 * @param os operating system, lower case ({@code linux}, {@code windows}, {@code darwin}, ...)
 * @param architecture normalized architecture ({@code amd64}, {@code arm64}, {@code arm}, {@code
 *     386}, ...)
 * @param variant normalized variant, or empty ({@code v7} for arm, {@code v3} for amd64, ...)
 * @param osVersion Windows build such as {@code 10.0.20348.2113}, or empty
 * @param osFeatures Windows OS features such as {@code win32k}, sorted, possibly empty
 */
public record Platform(
    String os, String architecture, String variant, String osVersion, List<String> osFeatures) {

  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9_.-]+");
  // containerd platforms.go osRe: os, then optionally (osversion[+feature]...); the option values
  // may be %-encoded ("%2B" for '+'), decoded as url.PathUnescape does
  private static final Pattern OS_WITH_OPTIONS =
      Pattern.compile("([a-z0-9_-]+)(?:\\(([a-z0-9_.%-]*)((?:\\+[a-z0-9_.%-]+)*)\\))?");

  /**
   * Normalizes every part (see the class comment).
   *
   * @throws NullPointerException when the OS or architecture is null
   */
  public Platform(
      String os,
      String architecture,
      @Nullable String variant,
      @Nullable String osVersion,
      @Nullable List<String> osFeatures) {
    // canonical, not compact: a null variant, OS version or feature list becomes empty, so no
    // component is null
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    this.os = normalizeOs(os);
    String[] av = normalizeArch(architecture, variant, false);
    this.architecture = av[0];
    this.variant = av[1];
    this.osVersion = osVersion == null ? "" : osVersion;
    this.osFeatures =
        osFeatures == null || osFeatures.isEmpty()
            ? List.of()
            : List.copyOf(new java.util.TreeSet<>(osFeatures));
  }

  // equals and hashCode written out, as the record's own would be (components in order, the hash
  // folded by 31 from 0 as java.lang.runtime.ObjectMethods does): the generated ones bootstrap
  // through ObjectMethods at first use, which spins about twenty method-handle classes that no
  // class-data archive keeps, a few ms of every CLI start (issue 19)
  @Override
  public boolean equals(@Nullable Object o) {
    return this == o
        || o instanceof Platform p
            && os.equals(p.os)
            && architecture.equals(p.architecture)
            && variant.equals(p.variant)
            && osVersion.equals(p.osVersion)
            && osFeatures.equals(p.osFeatures);
  }

  @Override
  public int hashCode() {
    int h = os.hashCode();
    h = h * 31 + architecture.hashCode();
    h = h * 31 + variant.hashCode();
    h = h * 31 + osVersion.hashCode();
    return h * 31 + osFeatures.hashCode();
  }

  /** A normalized platform from its parts, with containerd's default arm variant ({@code v7}). */
  public static Platform of(String os, String architecture, @Nullable String variant) {
    String[] av = normalizeArch(architecture, variant, true);
    return new Platform(os, av[0], av[1], "", List.of());
  }

  /** A normalized platform with Windows version information. */
  public static Platform of(
      String os,
      String architecture,
      @Nullable String variant,
      @Nullable String osVersion,
      @Nullable List<String> osFeatures) {
    // one constructor, not two: every image of a sweep passes here (check --all: 1000 times)
    String[] av = normalizeArch(architecture, variant, true);
    return new Platform(os, av[0], av[1], osVersion, osFeatures);
  }

  /**
   * Parses {@code os/arch[/variant]}, {@code os(osversion[+feature]...)/arch[/variant]} (containerd
   * platforms.go {@code Parse}: {@code windows(10.0.20348+win32k)/amd64}), or a bare architecture
   * (taken as Linux, as {@code docker run --platform arm64} does). Case is ignored. A variant must
   * be one the architecture has (see {@link #isKnownVariant}): {@code amd64/v5}, {@code 386/x} and
   * {@code amd64/..} are errors, not platforms that match nothing.
   *
   * @throws InvalidPlatformException naming the input and what is wrong with it ({@link
   *     UnknownVariantException} for a variant the architecture does not have)
   */
  public static Platform parse(String spec) {
    return parse(spec, null);
  }

  /**
   * {@link #parse(String)}, with a bare OS ({@code linux}, {@code windows(10.0.17763)}) taken on
   * the architecture and variant of {@code host}, the host the platform is judged for: containerd's
   * Parse fills in the architecture of the machine it runs on (runtime.GOARCH), which for {@code
   * docker run --platform linux} is the daemon's host, not the client's. Null {@code host} means
   * the architecture this JVM runs on.
   *
   * @throws InvalidPlatformException as {@link #parse(String)} does
   */
  public static Platform parse(String spec, @Nullable Platform host) {
    if (spec == null || spec.isBlank()) {
      throw new InvalidPlatformException("invalid platform '': empty");
    }
    String s = spec.trim().toLowerCase(Locale.ROOT);
    String[] parts = s.split("/", -1);
    if (parts.length > 3) {
      throw new InvalidPlatformException(
          "invalid platform '" + spec + "': expected os/arch[/variant]");
    }
    String osVersion = "";
    List<String> features = List.of();
    String os;
    String arch;
    String variant = "";
    if (parts.length == 1 && isBareOs(s)) {
      // containerd platforms.go Parse, one component that is a known OS (optionally with its
      // options): that OS on the default architecture, runtime.GOARCH there (TestParseSelector:
      // "linux", "macOS", "windows(10.0.17763+win32k)"); here the judged host's architecture,
      // or the one this JVM runs on
      java.util.regex.Matcher m = OS_WITH_OPTIONS.matcher(s);
      m.matches();
      String[] def =
          host != null ? new String[] {host.architecture, host.variant} : defaultArchitecture();
      Platform p = of(m.group(1), def[0], def[1]);
      String v = decodeOption(spec, m.group(2) == null ? "" : m.group(2));
      List<String> f = features(spec, m.group(3) == null ? "" : m.group(3));
      return v.isEmpty() && f.isEmpty() ? p : new Platform(p.os, p.architecture, p.variant, v, f);
    }
    if (parts.length == 1) {
      os = "linux";
      arch = parts[0];
    } else {
      os = parts[0];
      if (os.indexOf('(') >= 0) {
        java.util.regex.Matcher m = OS_WITH_OPTIONS.matcher(os);
        if (!m.matches()) {
          throw new InvalidPlatformException(
              "invalid platform '"
                  + spec
                  + "': '"
                  + parts[0]
                  + "' is not os or os(version[+feature]...)");
        }
        os = m.group(1);
        osVersion = decodeOption(spec, m.group(2) == null ? "" : m.group(2));
        features = features(spec, m.group(3) == null ? "" : m.group(3));
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
        throw new InvalidPlatformException(
            "invalid platform '" + spec + "': expected os/arch[/variant]");
      }
    }
    for (String c : new String[] {os, arch, variant}) {
      if (!c.isEmpty() && !COMPONENT.matcher(c).matches()) {
        throw new InvalidPlatformException(
            "invalid platform '" + spec + "': '" + c + "' has characters a platform cannot have");
      }
    }
    Platform p = of(os, arch, variant);
    if (!KnownPlatforms.isKnownOs(p.os)) {
      throw new InvalidPlatformException(
          "invalid platform '" + spec + "': unknown operating system '" + parts[0] + "'");
    }
    if (!KnownPlatforms.isKnownArch(p.architecture)) {
      throw new InvalidPlatformException(
          "invalid platform '" + spec + "': unknown architecture '" + arch + "'");
    }
    if (!variant.isEmpty() && !isKnownVariant(p.architecture, p.variant)) {
      throw new UnknownVariantException(
          "invalid platform '"
              + spec
              + "': "
              + p.architecture
              + " has no variant '"
              + variant
              + "' ("
              + PlatformNormalization.knownVariants(p.architecture)
              + ")",
          variant);
    }
    return osVersion.isEmpty() && features.isEmpty()
        ? p
        : new Platform(p.os, p.architecture, p.variant, osVersion, features);
  }

  /** Whether a one-component spec names an OS (containerd isKnownOS), with optional options. */
  private static boolean isBareOs(String s) {
    java.util.regex.Matcher m = OS_WITH_OPTIONS.matcher(s);
    return m.matches() && KnownPlatforms.isKnownOs(normalizeOs(m.group(1)));
  }

  /**
   * The architecture (and variant) a bare OS stands for: the one this JVM runs on, as containerd
   * takes runtime.GOARCH; amd64 when the JVM names one this class does not know.
   */
  static String[] defaultArchitecture() {
    String[] av = normalizeArch(System.getProperty("os.arch", "amd64"), "", true);
    return KnownPlatforms.isKnownArch(av[0]) ? av : new String[] {"amd64", ""};
  }

  private static String decodeOption(String spec, String v) {
    if (v.indexOf('%') < 0) {
      return v;
    }
    try {
      // url.PathUnescape: %XX only; '+' stays '+'
      return java.net.URLDecoder.decode(
          v.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidPlatformException(
          "invalid platform '" + spec + "': bad %-escape in '" + v + "'");
    }
  }

  private static List<String> features(String spec, String plusList) {
    List<String> l = new java.util.ArrayList<>();
    if (plusList.isEmpty()) {
      return l;
    }
    for (String f : plusList.substring(1).split("\\+", -1)) {
      String d = decodeOption(spec, f);
      if (!d.isEmpty()) {
        l.add(d);
      }
    }
    return l;
  }

  /**
   * Whether an architecture has a (normalized) variant; see {@link PlatformNormalization}. The
   * empty variant always exists.
   */
  public static boolean isKnownVariant(String architecture, String variant) {
    return PlatformNormalization.isKnownVariant(architecture, variant);
  }

  /** containerd's normalizeOS plus {@code macos} ({@link PlatformNormalization}). */
  static String normalizeOs(String os) {
    return PlatformNormalization.normalizeOs(os);
  }

  /** containerd's normalizeArch, extended ({@link PlatformNormalization}). */
  static String[] normalizeArch(String arch, @Nullable String variant) {
    return PlatformNormalization.normalizeArch(arch, variant, true);
  }

  /** The same; {@code armDefault} false keeps an arm platform without variant as "not known". */
  static String[] normalizeArch(String arch, @Nullable String variant, boolean armDefault) {
    return PlatformNormalization.normalizeArch(arch, variant, armDefault);
  }

  /** This platform with a Windows OS version. */
  public Platform withOsVersion(String version) {
    return new Platform(os, architecture, variant, version, osFeatures);
  }

  /** This platform with another variant (normalized as by the constructor). */
  public Platform withVariant(@Nullable String v) {
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
   * The Windows build number of {@link #osVersion()} (the third dotted part of {@code
   * 10.0.20348.2113}), or -1 when there is none.
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

  /**
   * The whole platform in containerd's {@code FormatAll} form: {@code os/arch[/variant]}, with the
   * OS version and features in parentheses where there are any ({@code
   * windows(10.0.20348.3091)/amd64}, {@code linux(+gpu)/amd64}); {@code %}, {@code +}, {@code (},
   * {@code )} and {@code /} inside them %-encoded (platforms.go {@code encodeOSOption}), so {@link
   * #parse} reads it back.
   */
  public String formatAll() {
    if (osVersion.isEmpty() && osFeatures.isEmpty()) {
      return toString();
    }
    StringBuilder b = new StringBuilder(os).append('(').append(encodeOption(osVersion));
    for (String f : osFeatures) {
      if (!f.isEmpty()) {
        b.append('+').append(encodeOption(f));
      }
    }
    b.append(")/").append(architecture);
    if (!variant.isEmpty()) {
      b.append('/').append(variant);
    }
    return b.toString();
  }

  private static String encodeOption(String v) {
    StringBuilder b = new StringBuilder();
    for (char c : v.toCharArray()) {
      switch (c) {
        case '%':
          b.append("%25");
          break;
        case '+':
          b.append("%2B");
          break;
        case '(':
          b.append("%28");
          break;
        case ')':
          b.append("%29");
          break;
        case '/':
          b.append("%2F");
          break;
        default:
          b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Like {@link #toString()} but arm64 shows its default variant {@code v8}, as Docker shows hosts.
   */
  public String formatWithDefaultVariant() {
    if (architecture.equals("arm64") && variant.isEmpty()) {
      return os + "/arm64/v8";
    }
    return toString();
  }
}
