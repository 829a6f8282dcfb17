package dev.canirundocker.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one table of compatibility modes: a 64-bit host architecture whose kernel can also run the
 * 32-bit architecture of its family, natively but only where that support is built in, switched on
 * and (for arm) present in the CPU. The matcher ({@link PlatformMatcher}), the verdict rules, the
 * Docker Desktop VM rules and the CLI's choice of exec probes all read it.
 *
 * <p>The pairs and their order are containerd/platforms compare.go {@code platformVector}: amd64
 * appends {@code 386}; arm64 appends {@code arm/v8} and what arm/v8 runs ({@code v7}, {@code v6},
 * {@code v5}). What the kernel must have is the kernel's own: x86 {@code CONFIG_IA32_EMULATION}
 * (arch/x86/Kconfig, and the {@code ia32_emulation=} boot parameter from Linux 6.7), arm64 {@code
 * CONFIG_COMPAT} (arch/arm64/Kconfig) and a CPU that implements AArch32 at EL0
 * (arch/arm64/kernel/cpufeature.c {@code system_supports_32bit_el0}).
 */
public enum CompatibilityMode {
  /** 32-bit x86 binaries on an x86-64 kernel. */
  IA32("amd64", "386", List.of(""), "IA-32 emulation", "CONFIG_IA32_EMULATION"),
  /** 32-bit arm binaries on an arm64 kernel. */
  AARCH32(
      "arm64",
      "arm",
      List.of("v8", "v7", "v6", "v5"),
      "AArch32 (32-bit arm) support",
      "CONFIG_COMPAT");

  private final String hostArchitecture;
  private final String architecture;
  private final List<String> variants;
  private final String description;
  private final String kernelConfig;

  CompatibilityMode(
      String hostArchitecture,
      String architecture,
      List<String> variants,
      String description,
      String kernelConfig) {
    this.hostArchitecture = hostArchitecture;
    this.architecture = architecture;
    this.variants = variants;
    this.description = description;
    this.kernelConfig = kernelConfig;
  }

  /** The mode of a host architecture ({@code amd64} gives IA32), if it has one. */
  public static Optional<CompatibilityMode> ofHost(String hostArchitecture) {
    for (CompatibilityMode m : values()) {
      if (m.hostArchitecture.equals(hostArchitecture)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * The mode by which a host architecture runs a target architecture, whatever the target's
   * variant; empty when the target is not the host's compatibility architecture.
   */
  public static Optional<CompatibilityMode> of(String hostArchitecture, String targetArchitecture) {
    return ofHost(hostArchitecture).filter(m -> m.architecture.equals(targetArchitecture));
  }

  /** The 64-bit architecture whose kernel offers the mode ({@code amd64}, {@code arm64}). */
  public String hostArchitecture() {
    return hostArchitecture;
  }

  /** The 32-bit architecture the mode runs ({@code 386}, {@code arm}). */
  public String architecture() {
    return architecture;
  }

  /** What the mode is called in findings ({@code IA-32 emulation}). */
  public String description() {
    return description;
  }

  /** The kernel configuration option that builds the mode in. */
  public String kernelConfig() {
    return kernelConfig;
  }

  /** The platforms of the mode for an operating system, best first, as the matcher appends them. */
  public List<Platform> platforms(String os) {
    List<Platform> l = new ArrayList<>();
    for (String v : variants) {
      l.add(Platform.of(os, architecture, v));
    }
    return List.copyOf(l);
  }

  /**
   * The platform an exec probe of the mode is run for (the probe is the same for every variant):
   * {@code linux/386}, {@code linux/arm/v7}.
   */
  public Platform probePlatform() {
    return Platform.of("linux", architecture, "");
  }
}
