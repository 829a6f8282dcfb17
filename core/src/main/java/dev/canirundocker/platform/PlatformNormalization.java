package dev.canirundocker.platform;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The spellings of operating systems, architectures and variants, normalized as
 * containerd/platforms database.go ({@code normalizeOS}, {@code normalizeArch}) does, with the
 * uname and Debian spellings it lacks, and which variants each architecture has in containerd's
 * matcher. {@link Platform} parses and formats with these tables.
 */
final class PlatformNormalization {
  private PlatformNormalization() {}

  /**
   * Whether an architecture has a (normalized) variant: amd64 v2..v4 (the x86-64 psABI levels, Go's
   * GOAMD64), arm v4..v8 (v4 as containerd's compare_test.go has it, Go's GOARM 5..7, and v8 for
   * AArch32 on arm64 as containerd's cpuinfo reports it), arm64 v8.1..v8.9 and v9..v9.7 (containerd
   * compare.go {@code arm64variantToVersion}); no other architecture has variants in containerd's
   * matcher. The empty variant always exists.
   */
  public static boolean isKnownVariant(String architecture, String variant) {
    if (variant.isEmpty()) {
      return true;
    }
    switch (architecture) {
      case "amd64":
        return variant.matches("v[2-4]");
      case "arm":
        // v4 too: containerd's compare_test.go TestOnly has an arm/v4 host (it runs arm/v4 only)
        return variant.matches("v[4-8]");
      case "arm64":
        return PlatformMatcher.isKnownArm64Variant(variant);
      default:
        return false;
    }
  }

  static String knownVariants(String architecture) {
    switch (architecture) {
      case "amd64":
        return "variants are v1 to v4";
      case "arm":
        return "variants are v4 to v8";
      case "arm64":
        return "variants are v8, v8.1 to v8.9, v9, v9.1 to v9.7";
      default:
        return "it has no variants";
    }
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
  static String[] normalizeArch(String arch, @Nullable String variant) {
    return normalizeArch(arch, variant, true);
  }

  /** The same; {@code armDefault} false keeps an arm platform without variant as "not known". */
  static String[] normalizeArch(String arch, @Nullable String variant, boolean armDefault) {
    String a = arch == null ? "" : arch.toLowerCase(Locale.ROOT);
    String v = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
    switch (a) {
      case "i386":
      case "i486":
      case "i586":
      case "i686":
      case "x86":
      case "ia32":
      case "386":
        // the variant is kept (containerd drops i386's), so that parse can refuse "386/x"
        return new String[] {"386", v};
      case "x86_64":
      case "x86-64":
      case "amd64":
      case "x64":
        if (v.equals("v1")) {
          v = "";
        }
        return new String[] {"amd64", v};
      case "aarch64":
      case "arm64":
        switch (v) {
          case "8":
          case "v8":
          case "v8.0":
            v = "";
            break;
          case "9":
          case "9.0":
          case "v9.0":
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
      case "armv5l":
      case "armv5tel":
      case "armv5tejl":
        return new String[] {"arm", "v5"};
      case "armv6l":
        return new String[] {"arm", "v6"};
      case "armv7l":
      case "armv7":
        return new String[] {"arm", "v7"};
      case "armv8l":
        return new String[] {"arm", "v8"};
      case "arm":
        switch (v) {
          case "":
            v = armDefault ? "v7" : "";
            break;
          case "7":
            v = "v7";
            break;
          case "5":
          case "6":
          case "8":
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
}
