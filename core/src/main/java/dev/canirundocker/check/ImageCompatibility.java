package dev.canirundocker.check;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.CompatibilityMode;
import dev.canirundocker.platform.Platform;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Can a host run an image of a platform, and how: a pure function of a {@link HostProfile}, the
 * declared platform and, where known, the facts of the image's real entrypoint binary.
 *
 * <pre>{@code
 * Evaluation e = ImageCompatibility.evaluate(host, Platform.parse("linux/arm64"), null);
 * if (e.verdict() == Verdict.EMULATED) { ... }
 * }</pre>
 */
public final class ImageCompatibility {
  /**
   * The architectures Docker Desktop's VM runs through its bundled QEMU/Rosetta binfmt handlers
   * (docker/docs content/manuals/desktop/features/multi-arch and tonistiigi/binfmt's default set).
   */
  static final Set<String> DESKTOP_EMULATED =
      Set.of("amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64", "mips64le", "mips64");

  private ImageCompatibility() {}

  /**
   * The Linux host facts the image checks read ({@link
   * dev.canirundocker.host.ProbeOptions#facts()}): the processor (x86-64 level, arm64 features,
   * flags), the kernel config (IA-32 and AArch32 compatibility), binfmt_misc (emulators, WSL) and
   * the GPU facts, besides the platform, kernel and exec probes every probe reads. The engine's
   * facts (cgroups, namespaces, security, sysctls, rootless, ...) and memory and virtualization,
   * which only a VM route reads (never on a Linux kernel), are not.
   */
  public static final java.util.Set<dev.canirundocker.host.HostFact> HOST_FACTS =
      java.util.Collections.unmodifiableSet(
          java.util.EnumSet.of(
              dev.canirundocker.host.HostFact.CPU,
              dev.canirundocker.host.HostFact.KERNEL_CONFIG,
              dev.canirundocker.host.HostFact.BINFMT,
              dev.canirundocker.host.HostFact.GPU));

  /**
   * Judges one image.
   *
   * @param host the host
   * @param declared the platform the image declares (its config's
   *     os/architecture/variant/os.version)
   * @param binary facts of its entrypoint binary, or null where unknown
   * @return the verdict with findings; never null
   */
  public static Evaluation evaluate(
      HostProfile host, Platform declared, @Nullable BinaryFacts binary) {
    Platform target = declared;
    Evaluation.Builder b = new Evaluation.Builder(declared);
    if (binary != null
        && binary.platform() != null
        && declared.isLinux()
        && !binary.platform().architecture().equals(declared.architecture())) {
      Platform real = binary.platform();
      b.add(
          Finding.warn(
              FindingIds.IMAGE_MISLABELED,
              "The image declares "
                  + declared
                  + " but its entrypoint "
                  + binary.path()
                  + " is a "
                  + real
                  + " binary; judging the binary",
              "Rebuild the image with the right --platform, or fix its config's architecture"));
      target = real;
      b.platform(target);
    } else if (binary != null && binary.platform() == null && binary.path() != null) {
      b.add(
          Finding.warn(
              FindingIds.IMAGE_BINARY_UNKNOWN,
              "The entrypoint "
                  + binary.path()
                  + " is not an ELF executable of a known architecture; judging the declared platform",
              null));
    }

    if (target.isWindows()) {
      WindowsImageRules.evaluate(host, target, b);
    } else if (!target.isLinux()) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.OS_UNSUPPORTED,
              "Docker runs Linux and Windows " + "images; this image is for " + target.os(),
              null));
    } else if (HostFacts.hasLinuxKernel(host)) {
      if (HostFacts.isWsl2(host)) {
        b.add(
            Finding.info(
                FindingIds.WSL_VERSION2,
                "WSL 2 runs a real Linux kernel: Linux containers run in it"));
      }
      LinuxImageRules.evaluate(host, target, binary, b);
    } else {
      Evaluation route = VmRoute.evaluate(host);
      b.verdict(route.verdict());
      b.addAll(route.findings());
      linuxImageInDesktopVm(host, target, b);
    }
    return b.build();
  }

  /** Judges a bare platform (no image): {@code check --platform}. */
  public static Evaluation evaluate(HostProfile host, Platform platform) {
    return evaluate(host, platform, null);
  }

  /**
   * Judges the host itself for Linux containers (the preflight's host part): whether it has a Linux
   * kernel, or which VM route it needs.
   */
  public static Evaluation hostRoute(HostProfile host) {
    if (HostFacts.hasLinuxKernel(host)) {
      Evaluation.Builder b = new Evaluation.Builder(host.platform());
      if (HostFacts.isWsl2(host)) {
        b.add(
            Finding.info(
                FindingIds.WSL_VERSION2,
                "WSL 2 runs a real Linux kernel: Linux containers run in it"));
      }
      return b.build();
    }
    return VmRoute.evaluate(host);
  }

  private static void linuxImageInDesktopVm(
      HostProfile host, Platform target, Evaluation.Builder b) {
    String vmArch = host.platform().architecture();
    // Docker Desktop's VM kernels (LinuxKit) build in IA-32 emulation and AArch32 support
    if (target.architecture().equals(vmArch)
        || CompatibilityMode.of(vmArch, target.architecture()).isPresent()) {
      return;
    }
    if (DESKTOP_EMULATED.contains(target.architecture())) {
      boolean rosetta =
          host.os().isMacOs()
              && vmArch.equals("arm64")
              && target.architecture().equals("amd64")
              && !Boolean.FALSE.equals(host.vmSupport().rosetta());
      b.add(
          Finding.warn(
              FindingIds.DESKTOP_EMULATED_ARCH,
              "Inside Docker Desktop's "
                  + vmArch
                  + " VM, "
                  + target
                  + " runs under "
                  + (rosetta ? "Rosetta 2 (or QEMU)" : "QEMU")
                  + " user-mode emulation, slower than native",
              "Use a linux/" + vmArch + " build of the image where one exists"));
    } else {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.ARCH_UNSUPPORTED,
              "Docker Desktop's " + vmArch + " VM has no emulator for " + target,
              "Use a linux/" + vmArch + " build of the image"));
    }
  }

  /**
   * The host platform as containerd's matcher sees it: an amd64 host carries its CPU's x86-64 level
   * as variant ({@code linux/amd64/v3}), as moby 23+ adds it; use with {@link
   * dev.canirundocker.platform.PlatformMatcher#forHost}.
   */
  public static Platform matcherPlatform(HostProfile host) {
    if (host.platform().isWindows()) {
      // Windows selects by OS version (containerd defaults_windows.go DefaultSpec: OSVersion from
      // RtlGetNtVersionNumbers, no amd64 level): keep it
      return host.platform();
    }
    return LinuxImageRules.hostWithLevel(host);
  }
}
