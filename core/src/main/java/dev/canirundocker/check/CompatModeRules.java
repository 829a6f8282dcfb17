package dev.canirundocker.check;

import dev.canirundocker.host.ArmCpu;
import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.platform.CompatibilityMode;
import dev.canirundocker.platform.Platform;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Linux image whose architecture the host runs in a compatibility mode ({@link
 * CompatibilityMode}: 386 on amd64, arm on arm64): whether the kernel has the mode (IA-32
 * emulation, {@code CONFIG_COMPAT} and its boot parameters), whether the CPU has 32-bit execution,
 * and the emulator that takes over where the mode is off. Split out of {@link LinuxImageRules},
 * which calls it for a target in a compatibility mode.
 */
final class CompatModeRules {
  private CompatModeRules() {}

  static void compat(
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
      EmulationRules.emulation(host, target, b);
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
      if (EmulationRules.emulationAvailable(host, target)) {
        EmulationRules.emulation(host, target, b);
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
    if (EmulationRules.emulationAvailable(host, target)) {
      b.add(Finding.info(off.id(), off.message()));
      EmulationRules.emulation(host, target, b);
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
}
