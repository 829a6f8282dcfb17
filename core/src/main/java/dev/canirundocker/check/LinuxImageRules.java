package dev.canirundocker.check;

import dev.canirundocker.host.ArmCpu;
import dev.canirundocker.host.BinfmtEntry;
import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.platform.CompatibilityMode;
import dev.canirundocker.platform.ElfMachine;
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
      compat(host, mode.get(), target, b);
    } else {
      emulation(host, target, b);
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

  private static void compat(
      HostProfile host, CompatibilityMode compat, Platform target, Evaluation.Builder b) {
    boolean i386 = compat == CompatibilityMode.IA32;
    String mode = compat.description();
    Optional<ExecProbeResult> probe = host.execProbe(target);
    if (probe.isPresent() && probe.get().ran() && probe.get().interpreter() == null) {
      b.add(
          Finding.info(
              FindingIds.ARCH_COMPAT,
              "The host kernel runs "
                  + target
                  + " natively through its "
                  + mode
                  + " (the exec probe ran)"));
      return;
    }
    if (probe.isPresent() && probe.get().ran()) {
      emulation(host, target, b);
      return;
    }
    if (probe.isPresent() && probe.get().conclusive()) {
      // the kernel refused the format: compat mode is off or absent; a binfmt handler may still
      // help
      String why =
          i386
              ? "IA-32 emulation is off in this kernel" + ia32Reason(host)
              : "this kernel or CPU has no AArch32 support";
      Finding off =
          Finding.fail(
              FindingIds.ARCH_COMPAT_DISABLED,
              "The host cannot run "
                  + target
                  + " natively: "
                  + why
                  + " (the exec probe failed with exec format error)",
              i386
                  ? "Boot with ia32_emulation=1 on the kernel command line (kernel 6.7+), or a kernel "
                      + "with CONFIG_IA32_EMULATION=y; or register a qemu-i386 binfmt_misc handler with the F flag"
                  : "Use a CPU with AArch32 and a kernel with CONFIG_COMPAT=y, or register a qemu-arm "
                      + "binfmt_misc handler with the F flag");
      offOrEmulated(host, target, off, b);
      return;
    }
    // no conclusive probe: infer from the kernel's configuration, and say it is an inference
    String reason =
        probe
            .map(
                p ->
                    "the exec probe was inconclusive ("
                        + p.outcome().json()
                        + (p.detail() == null ? "" : ": " + p.detail())
                        + ")")
            .orElse("no exec probe was run");
    ArmCpu cpu = host.cpu() == null ? null : host.cpu().arm();
    if (!i386 && cpu != null && Boolean.FALSE.equals(cpu.aarch32El0())) {
      // the CPU decides before the kernel configuration: CONFIG_COMPAT=y says nothing about it
      Finding off =
          Finding.fail(
              FindingIds.ARCH_COMPAT_DISABLED,
              "The host cannot run "
                  + target
                  + " natively: "
                  + cpu.aarch32Evidence()
                  + ", whatever the kernel configuration says ("
                  + reason
                  + ")",
              "Use a linux/arm64 build of the image, or register a qemu-arm "
                  + "binfmt_misc handler with the F flag");
      offOrEmulated(host, target, off, b);
      return;
    }
    Boolean configured = i386 ? ia32Configured(host) : armCompatConfigured(host);
    if (Boolean.TRUE.equals(configured)) {
      String cpuClause =
          i386
              ? ""
              : cpu != null && Boolean.TRUE.equals(cpu.aarch32El0())
                  ? " and " + cpu.aarch32Evidence()
                  : "; whether the CPU implements AArch32 at EL0 is unknown (the configuration says "
                      + "nothing about the CPU)";
      b.add(
          Finding.warn(
              FindingIds.ARCH_COMPAT_INFERRED,
              "The kernel configuration enables "
                  + mode
                  + cpuClause
                  + ", so "
                  + target
                  + " should run natively; inferred, not verified: "
                  + reason,
              "Run without --no-exec-probe, from a directory that allows exec, to verify"));
    } else if (Boolean.FALSE.equals(configured)) {
      if (emulationAvailable(host, target)) {
        emulation(host, target, b);
      } else {
        b.add(
            Verdict.UNSUPPORTED,
            Finding.fail(
                FindingIds.ARCH_COMPAT_DISABLED,
                "The kernel configuration "
                    + "lacks "
                    + mode
                    + ", so "
                    + target
                    + " cannot run natively ("
                    + reason
                    + ")",
                i386
                    ? "Use a kernel with CONFIG_IA32_EMULATION=y"
                    : "Use a kernel with CONFIG_COMPAT=y"));
      }
    } else {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.warn(
              FindingIds.ARCH_COMPAT_UNKNOWN,
              "Whether this host runs "
                  + target
                  + " is unknown: "
                  + reason
                  + " and the kernel configuration is unknown",
              "Run without --no-exec-probe to let the tool try"));
    }
  }

  /**
   * The compatibility mode is off for {@code target}: a qemu handler with F still runs it (the
   * refusal becomes information), else it is UNSUPPORTED with {@code off}.
   */
  private static void offOrEmulated(
      HostProfile host, Platform target, Finding off, Evaluation.Builder b) {
    if (emulationAvailable(host, target)) {
      b.add(Finding.info(off.id(), off.message()));
      emulation(host, target, b);
    } else {
      b.add(Verdict.UNSUPPORTED, off);
    }
  }

  /**
   * The value of the {@code ia32_emulation=} boot parameter as a switch (linux 6.7
   * arch/x86/kernel/cpu/common.c, parsed with kstrtobool), or null when the command line sets none.
   */
  static @Nullable Boolean ia32BootParameter(HostProfile host) {
    String cmd =
        host.kernel() == null || host.kernel().commandLine() == null
            ? ""
            : " " + host.kernel().commandLine() + " ";
    if (cmd.matches(".*\\sia32_emulation=(0|false|n|no|off)\\s.*")) {
      return false;
    }
    return cmd.matches(".*\\sia32_emulation=(1|true|y|yes|on)\\s.*") ? Boolean.TRUE : null;
  }

  private static String ia32Reason(HostProfile host) {
    if (Boolean.FALSE.equals(ia32BootParameter(host))) {
      return " (the command line has ia32_emulation off)";
    }
    String cfg = configValue(host, "CONFIG_IA32_EMULATION");
    if ("y".equals(cfg)) {
      return " although the kernel configuration has CONFIG_IA32_EMULATION=y (switched off at boot)";
    }
    return "";
  }

  /** IA-32 emulation per configuration and command line; null when the configuration is unknown. */
  static @Nullable Boolean ia32Configured(HostProfile host) {
    LinuxInfo l = host.linux();
    if (l == null || l.kernelConfig() == null) {
      return null;
    }
    if (!"y".equals(l.kernelConfig().get(CompatibilityMode.IA32.kernelConfig()))) {
      return false;
    }
    Boolean boot = ia32BootParameter(host);
    if (Boolean.FALSE.equals(boot)) {
      return false;
    }
    // linux 6.7 arch/x86/Kconfig IA32_EMULATION_DEFAULT_DISABLED: off unless ia32_emulation=1
    if ("y".equals(l.kernelConfig().get("CONFIG_IA32_EMULATION_DEFAULT_DISABLED"))) {
      return Boolean.TRUE.equals(boot);
    }
    return true;
  }

  private static @Nullable Boolean armCompatConfigured(HostProfile host) {
    LinuxInfo l = host.linux();
    if (l == null || l.kernelConfig() == null) {
      return null;
    }
    return "y".equals(l.kernelConfig().get(CompatibilityMode.AARCH32.kernelConfig()));
  }

  private static @Nullable String configValue(HostProfile host, String name) {
    LinuxInfo l = host.linux();
    return l == null || l.kernelConfig() == null ? null : l.kernelConfig().get(name);
  }

  /** The enabled binfmt_misc entries whose magic/mask take this architecture's ELF header. */
  static List<BinfmtEntry> matchingEntries(HostProfile host, Platform target, boolean enabledOnly) {
    List<BinfmtEntry> out = new ArrayList<>();
    LinuxInfo l = host.linux();
    Optional<ElfMachine> m = ElfMachine.forPlatform(target);
    if (l == null || l.binfmt() == null || m.isEmpty()) {
      return out;
    }
    byte[] header = m.get().header();
    for (BinfmtEntry e : l.binfmt().entries()) {
      if (enabledOnly ? e.matches(header) : e.magicMatches(header)) {
        out.add(e);
      }
    }
    return out;
  }

  private static boolean emulationAvailable(HostProfile host, Platform target) {
    LinuxInfo l = host.linux();
    return l != null
        && l.binfmt() != null
        && l.binfmt().mounted()
        && !Boolean.FALSE.equals(l.binfmt().enabled())
        && matchingEntries(host, target, true).stream().anyMatch(e -> e.hasFlag('F'));
  }

  /**
   * Emulation through binfmt_misc (linux fs/binfmt_misc.c;
   * Documentation/admin-guide/binfmt-misc.rst). A container can use a handler only when it was
   * registered with F (fix binary): the kernel then opens the interpreter at registration,
   * otherwise it looks the path up inside the container's root, where it does not exist
   * (docker/docs content/manuals/build/building/multi-platform.md).
   */
  static void emulation(HostProfile host, Platform target, Evaluation.Builder b) {
    LinuxInfo l = host.linux();
    String fix =
        "Install user-mode emulation with the F flag: apt-get install qemu-user-static "
            + "binfmt-support (Debian/Ubuntu), or docker run --privileged --rm tonistiigi/binfmt --install "
            + target.architecture();
    if (ElfMachine.forPlatform(target).isEmpty()) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.ARCH_UNKNOWN,
              "The architecture of " + target + " is not one this tool can match against emulators",
              null));
      return;
    }
    if (l == null || l.binfmt() == null) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.warn(
              FindingIds.BINFMT_UNKNOWN,
              "The host cannot run "
                  + target
                  + " natively, and whether binfmt_misc emulation is available is unknown",
              fix));
      return;
    }
    if (!l.binfmt().mounted()) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.BINFMT_NOT_MOUNTED,
              "The host cannot run "
                  + target
                  + " natively and binfmt_misc is not mounted, so no emulator can take it",
              "mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc; then " + fix));
      return;
    }
    if (Boolean.FALSE.equals(l.binfmt().enabled())) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.BINFMT_DISABLED,
              "The host cannot run "
                  + target
                  + " natively and binfmt_misc is switched off globally",
              "echo 1 > /proc/sys/fs/binfmt_misc/status"));
      return;
    }
    List<BinfmtEntry> enabled = matchingEntries(host, target, true);
    if (enabled.isEmpty()) {
      List<BinfmtEntry> all = matchingEntries(host, target, false);
      if (!all.isEmpty()) {
        BinfmtEntry e = all.get(0);
        b.add(
            Verdict.UNSUPPORTED,
            Finding.fail(
                FindingIds.BINFMT_ENTRY_DISABLED,
                "The host cannot run "
                    + target
                    + " natively; the emulator "
                    + e.name()
                    + " is registered but disabled",
                "echo 1 > /proc/sys/fs/binfmt_misc/" + e.name()));
      } else {
        b.add(
            Verdict.UNSUPPORTED,
            Finding.fail(
                FindingIds.ARCH_UNSUPPORTED,
                "The host ("
                    + host.platform()
                    + ") cannot run "
                    + target
                    + " natively and no binfmt_misc emulator is registered for it",
                fix));
      }
      return;
    }
    List<BinfmtEntry> withF = new ArrayList<>();
    List<BinfmtEntry> withoutF = new ArrayList<>();
    for (BinfmtEntry e : enabled) {
      (e.hasFlag('F') ? withF : withoutF).add(e);
    }
    if (withF.isEmpty()) {
      BinfmtEntry e = withoutF.get(0);
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.BINFMT_NO_FIX_BINARY,
              "The emulator "
                  + e.name()
                  + " for "
                  + target
                  + " is registered without the F flag: the host can run such binaries, "
                  + "but inside a container the kernel looks for "
                  + e.interpreter()
                  + " in the container's filesystem and the run fails with \"no such file or directory\"",
              "Re-register "
                  + e.name()
                  + " with the F (fix binary) flag, e.g. apt-get install "
                  + "qemu-user-static (Debian registers with F) or docker run --privileged --rm "
                  + "tonistiigi/binfmt --install "
                  + target.architecture()));
      return;
    }
    BinfmtEntry e = withF.get(0);
    Optional<ExecProbeResult> probe = host.execProbe(target);
    if (probe.isPresent()
        && (probe.get().outcome() == ExecProbeResult.Outcome.EXEC_FORMAT_ERROR
            || probe.get().outcome() == ExecProbeResult.Outcome.ERROR)) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.BINFMT_BROKEN,
              "The emulator "
                  + e.name()
                  + " for "
                  + target
                  + " is registered, but the exec probe failed: "
                  + (probe.get().detail() == null
                      ? probe.get().outcome().json()
                      : probe.get().detail()),
              "Check that " + e.interpreter() + " exists and runs, or reinstall qemu-user-static"));
      return;
    }
    if (!withoutF.isEmpty()) {
      b.add(
          Finding.warn(
              FindingIds.BINFMT_AMBIGUOUS,
              "Both "
                  + e.name()
                  + " (with F) and "
                  + withoutF.get(0).name()
                  + " (without F) take "
                  + target
                  + " binaries; the one registered last wins, and inside containers only one with F works",
              "Disable the handler without F: echo 0 > /proc/sys/fs/binfmt_misc/"
                  + withoutF.get(0).name()));
    }
    b.add(
        Verdict.EMULATED,
        Finding.warn(
            FindingIds.ARCH_EMULATED,
            "The host ("
                + host.platform()
                + ") runs "
                + target
                + " only through user-mode emulation: "
                + e.name()
                + " ("
                + e.interpreter()
                + ", flags "
                + e.flags()
                + "); expect it to be much slower than native",
            "Use a " + host.platform() + " build of the image where one exists"));
    if (probe.isEmpty() || !probe.get().conclusive()) {
      b.add(
          Finding.warn(
              FindingIds.ARCH_EMULATED_UNVERIFIED,
              "The emulator for " + target + " was not exercised by an exec probe",
              null));
    }
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
