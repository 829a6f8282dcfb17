package dev.canirundocker.check;

import dev.canirundocker.host.ArmCpu;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.platform.CompatibilityMode;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.platform.PlatformMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Linux image on a host with a Linux kernel: architecture, compatibility modes, emulation, ABI.
 */
final class LinuxImageRules {
  private LinuxImageRules() {}

  /**
   * The host platform with the CPU's level as its variant: the amd64 level, as moby 23+ compares
   * it, the arm64 level the hwcaps prove ({@link ArmCpu}), and a 32-bit arm host's own variant.
   */
  static Platform hostWithLevel(HostProfile host) {
    Platform p = host.platform().base();
    if (p.architecture().equals("amd64") && host.cpu() != null && host.cpu().amd64Level() > 1) {
      return p.withVariant("v" + host.cpu().amd64Level());
    }
    if (p.architecture().equals("arm64") && arm64Level(host) != null) {
      return p.withVariant(arm64Level(host));
    }
    if (p.architecture().equals("arm")) {
      return host.platform().variant().isEmpty() ? Platform.of(p.os(), "arm", "") : host.platform();
    }
    return p;
  }

  /** The N of an arm/vN platform; 7 where the variant is not vN (containerd's default). */
  private static int armVersion(Platform p) {
    return p.variant().matches("v[0-9]") ? p.variant().charAt(1) - '0' : 7;
  }

  private static @Nullable String arm64Level(HostProfile host) {
    ArmCpu a = host.cpu() == null ? null : host.cpu().arm();
    return a == null ? null : a.level();
  }

  static void evaluate(
      HostProfile host, Platform target, @Nullable BinaryFacts binary, Evaluation.Builder b) {
    Platform hostP = hostWithLevel(host);
    PlatformMatcher matcher = PlatformMatcher.forHost(hostP);
    Optional<CompatibilityMode> mode =
        CompatibilityMode.of(hostP.architecture(), target.architecture());
    if (target.architecture().equals(hostP.architecture())) {
      if (variantAboveHost(host, hostP, matcher, target, b)) {
        return;
      }
      native_(host, hostP, target, b);
    } else if (mode.isPresent()) {
      // whatever the variant: arm/vN on arm64 is AArch32's to decide, never an emulator's first
      CompatModeRules.compat(host, mode.get(), target, b);
    } else {
      EmulationRules.emulation(host, target, b);
    }
    if (binary != null) {
      abi(host, binary, b);
    }
  }

  /**
   * A target of the host's own architecture whose variant the host does not run (containerd
   * compare.go: an arm/vN host runs arm/vN..v5, an arm64/v8.x host arm64/v8.x..v8): UNSUPPORTED, as
   * the binary needs instructions the CPU lacks. The arm64 level is the lower bound the hwcaps
   * prove; where it is unknown the variant is only warned about. amd64 levels are judged by
   * native_.
   */
  private static boolean variantAboveHost(
      HostProfile host,
      Platform hostP,
      PlatformMatcher matcher,
      Platform target,
      Evaluation.Builder b) {
    if (target.variant().isEmpty() || matcher.matches(target)) {
      return false;
    }
    if (target.architecture().equals("arm") && armVersion(target) < armVersion(hostP)) {
      // older than v5 (arm/v4): containerd's matcher picks no such index entry, but a CPU runs
      // code built for an older ARM architecture, so an image of it starts (docker run does not
      // match a local image's variant); only a newer variant lacks instructions
      return false;
    }
    if (target.architecture().equals("arm")) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.CPU_ARM_VARIANT,
              "The image is built for "
                  + target
                  + " but this CPU is arm/"
                  + hostP.variant()
                  + ", which runs arm/"
                  + hostP.variant()
                  + " down to arm/v5 only (containerd's platform matcher); the binary needs ARM"
                  + target.variant()
                  + " instructions",
              "Use the image's linux/arm/"
                  + hostP.variant()
                  + " (or older) build where one exists, or a host with ARM"
                  + target.variant()));
      return true;
    }
    if (target.architecture().equals("arm64")) {
      if (arm64Level(host) == null) {
        b.add(
            Finding.warn(
                FindingIds.CPU_ARM64_LEVEL_UNKNOWN,
                "The image needs Arm"
                    + target.variant()
                    + " and the CPU's architecture level is unknown (no /proc/cpuinfo Features were read)",
                null));
        return false;
      }
      // arm64Level read the level from the CPU's facts, so they are there
      List<String> missing =
          ArmCpu.missingFor(
              target.variant(), java.util.Objects.requireNonNull(host.cpu(), "cpu").flags());
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.CPU_ARM64_LEVEL,
              "The image is built for "
                  + target
                  + " but this CPU shows Arm"
                  + arm64Level(host)
                  + (missing.isEmpty()
                      ? ""
                      : " (its hwcaps lack " + String.join(" ", missing) + ")")
                  + "; the binary may stop with an illegal instruction",
              "Use the image's plain linux/arm64 build, or a host whose CPU implements Arm"
                  + target.variant()));
      return true;
    }
    return false;
  }

  private static void native_(
      HostProfile host, Platform hostP, Platform target, Evaluation.Builder b) {
    if (target.architecture().equals("amd64") && target.variant().matches("v[2-4]")) {
      int need = target.variant().charAt(1) - '0';
      int have = host.cpu() == null ? 0 : host.cpu().amd64Level();
      if (have == 0) {
        b.add(
            Finding.warn(
                FindingIds.CPU_AMD64_LEVEL_UNKNOWN,
                "The image needs x86-64-" + target.variant() + " and the CPU's level is unknown",
                null));
      } else if (have < need) {
        b.add(
            Verdict.UNSUPPORTED,
            Finding.fail(
                FindingIds.CPU_AMD64_LEVEL,
                "The image is built for x86-64-"
                    + target.variant()
                    + " but this CPU is x86-64-v"
                    + have
                    + " (missing "
                    + String.join(" ", missingFlags(host, need))
                    + "); glibc refuses it with \"CPU does not "
                    + "support x86-64-"
                    + target.variant()
                    + "\"",
                "Use the image's plain linux/amd64 build, or a "
                    + "host whose CPU has x86-64-"
                    + target.variant()));
        return;
      }
    }
    b.add(Finding.info(FindingIds.ARCH_NATIVE, "The host kernel runs " + target + " natively"));
  }

  private static List<String> missingFlags(HostProfile host, int level) {
    List<String> l = new ArrayList<>();
    // called where the CPU's level is known, so its facts are there
    dev.canirundocker.host.CpuInfo cpu = java.util.Objects.requireNonNull(host.cpu(), "cpu");
    for (int n = 2; n <= level; n++) {
      for (String f : dev.canirundocker.host.CpuInfo.flagsOfLevel(n)) {
        if (!cpu.hasFlag(f)) {
          l.add(f);
        }
      }
    }
    return l;
  }

  /** The binary's ABI tag and ISA level against the host (glibc: "FATAL: kernel too old"). */
  private static void abi(HostProfile host, BinaryFacts binary, Evaluation.Builder b) {
    KernelVersion min = binary.minKernel();
    KernelVersion have = host.kernel() == null ? null : host.kernel().parsedVersion();
    if (min != null && have != null && have.compareTo(min) < 0) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.KERNEL_TOO_OLD_FOR_IMAGE,
              "The entrypoint "
                  + binary.path()
                  + " needs Linux "
                  + min
                  + " or newer (its NT_GNU_ABI_TAG) but the host kernel "
                  + "is "
                  + have
                  + "; glibc aborts with \"FATAL: kernel too old\"",
              "Upgrade the host kernel to "
                  + min
                  + " or newer, or use an image built for older kernels"));
    }
    if (binary.x86Level() > 1
        && binary.platform() != null
        && binary.platform().architecture().equals("amd64")
        && host.platform().architecture().equals("amd64")
        && host.cpu() != null
        && host.cpu().amd64Level() > 0
        && host.cpu().amd64Level() < binary.x86Level()) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.CPU_AMD64_LEVEL,
              "The entrypoint "
                  + binary.path()
                  + " is built for x86-64-v"
                  + binary.x86Level()
                  + " but this CPU is x86-64-v"
                  + host.cpu().amd64Level(),
              "Use a build of the image for a lower x86-64 level"));
    }
  }
}
