package dev.canirundocker.platform;

import dev.canirundocker.text.Closest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a user who typed an invalid platform probably meant: each unknown part replaced by the
 * closest known operating system or architecture (containerd's {@code isKnownOS} / {@code
 * isKnownArch} lists, and the spellings {@link Platform#parse} normalizes, such as {@code x86_64}
 * and {@code aarch64}).
 */
public final class PlatformSuggestions {
  /** The forms {@link Platform#parse} accepts, for a usage message. */
  public static final String ACCEPTED_FORMS =
      "os/arch[/variant] such as linux/amd64 or "
          + "linux/arm/v7, os(version)/arch for a Windows build, or a bare architecture such as arm64";

  private static final List<String> ARCH_SPELLINGS =
      List.of(
          "x86_64",
          "aarch64",
          "i386",
          "i686",
          "armhf",
          "armel",
          "armv7l",
          "armv6l",
          "ppc64el",
          "mips64el",
          "loongarch64");

  private PlatformSuggestions() {}

  /** A valid platform close to {@code spec}, or empty where nothing is close. */
  public static Optional<String> suggest(String spec) {
    if (spec == null) {
      return Optional.empty();
    }
    String s = spec.trim().toLowerCase(Locale.ROOT);
    // common slips: a colon or backslash for the slash, spaces
    s = s.replace(':', '/').replace('\\', '/').replace(" ", "");
    while (s.contains("//")) {
      s = s.replace("//", "/");
    }
    if (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    String[] parts = s.split("/", -1);
    if (parts.length == 0 || parts.length > 3) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    if (parts.length == 1) {
      out.add("linux");
      Optional<String> a = arch(parts[0]);
      if (a.isEmpty()) {
        return Optional.empty();
      }
      out.add(a.get());
    } else {
      Optional<String> o = os(parts[0]);
      Optional<String> a = arch(parts[1]);
      if (o.isEmpty() || a.isEmpty()) {
        return Optional.empty();
      }
      out.add(o.get());
      out.add(a.get());
      if (parts.length == 3) {
        out.add(parts[2]);
      }
    }
    String candidate = String.join("/", out);
    try {
      Platform.parse(candidate);
    } catch (InvalidPlatformException e) {
      return Optional.empty();
    }
    return candidate.equals(spec) ? Optional.empty() : Optional.of(candidate);
  }

  private static Optional<String> os(String os) {
    String n = Platform.normalizeOs(os.replaceFirst("\\(.*\\)$", ""));
    if (KnownPlatforms.isKnownOs(n)) {
      return Optional.of(os);
    }
    List<String> c = new ArrayList<>(KnownPlatforms.operatingSystems());
    c.add("macos");
    return Closest.to(n, c, 1).stream().findFirst();
  }

  private static Optional<String> arch(String arch) {
    String n = Platform.normalizeArch(arch, "")[0];
    if (KnownPlatforms.isKnownArch(n)) {
      return Optional.of(arch);
    }
    List<String> c = new ArrayList<>(KnownPlatforms.architectures());
    c.addAll(ARCH_SPELLINGS);
    return Closest.to(arch, c, 1).stream().findFirst().map(x -> Platform.normalizeArch(x, "")[0]);
  }
}
