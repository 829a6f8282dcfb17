package dev.canirundocker.platform;

import java.util.Set;

/**
 * The operating systems and architectures Go (and so Docker and containerd) knows: {@code go tool
 * dist list}, as listed by containerd's {@code platforms/database.go} {@code isKnownOS} and {@code
 * isKnownArch}.
 */
final class KnownPlatforms {
  private static final Set<String> OS =
      Set.of(
          "aix",
          "android",
          "darwin",
          "dragonfly",
          "freebsd",
          "hurd",
          "illumos",
          "ios",
          "js",
          "linux",
          "nacl",
          "netbsd",
          "openbsd",
          "plan9",
          "solaris",
          "wasip1",
          "windows",
          "zos");
  private static final Set<String> ARCH =
      Set.of(
          "386",
          "amd64",
          "amd64p32",
          "arm",
          "armbe",
          "arm64",
          "arm64be",
          "loong64",
          "mips",
          "mipsle",
          "mips64",
          "mips64le",
          "mips64p32",
          "mips64p32le",
          "ppc",
          "ppc64",
          "ppc64le",
          "riscv",
          "riscv64",
          "s390",
          "s390x",
          "sparc",
          "sparc64",
          "wasm");

  private KnownPlatforms() {}

  static boolean isKnownOs(String os) {
    return OS.contains(os);
  }

  static boolean isKnownArch(String arch) {
    return ARCH.contains(arch);
  }

  static java.util.SortedSet<String> operatingSystems() {
    return new java.util.TreeSet<>(OS);
  }

  static java.util.SortedSet<String> architectures() {
    return new java.util.TreeSet<>(ARCH);
  }
}
