package dev.canirundocker.check;

import dev.canirundocker.check.kernel.KernelConfigCheck;
import dev.canirundocker.check.kernel.KernelConfigReport;
import dev.canirundocker.check.kernel.KernelFindingIds;
import dev.canirundocker.daemon.DaemonStatus;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Can this host run the Docker engine natively? The preflight's judgment: the host route (Linux
 * kernel or VM), the kernel configuration as data (moby contrib/check-config.sh, kubernetes
 * system-validators), the runtime facts that overrule it, the daemon, rootless readiness and
 * emulation.
 */
public final class EngineReadiness {
  /** moby's documented floor for the engine (check-config.sh and the install docs): Linux 3.10. */
  static final KernelVersion MIN_KERNEL = KernelVersion.of(3, 10, 0);

  private EngineReadiness() {}

  /**
   * The Linux host facts the engine checks read ({@link
   * dev.canirundocker.host.ProbeOptions#facts()}): every Linux reader's (kernel config, cgroups,
   * namespaces, filesystems, security, binfmt_misc, sysctls, container, rootless) and the processor
   * (the emulation finding judges each binfmt_misc platform as an image check does: on arm64,
   * AArch32 at EL0 decides arm/v7), not memory, virtualization or GPU, which only a VM route (never
   * on a Linux kernel) and the image checks read.
   */
  public static final java.util.Set<dev.canirundocker.host.HostFact> HOST_FACTS =
      java.util.Collections.unmodifiableSet(
          java.util.EnumSet.complementOf(
              java.util.EnumSet.of(
                  dev.canirundocker.host.HostFact.CPU_TOPOLOGY,
                  dev.canirundocker.host.HostFact.MEMORY,
                  dev.canirundocker.host.HostFact.VIRTUALIZATION,
                  dev.canirundocker.host.HostFact.GPU)));

  /**
   * The preflight verdict.
   *
   * @param host the host
   * @param daemon the daemon's status, or null when it was not asked
   */
  public static Report evaluate(HostProfile host, @Nullable DaemonStatus daemon) {
    Evaluation route = ImageCompatibility.hostRoute(host);
    Evaluation.Builder b = new Evaluation.Builder(host.platform());
    b.verdict(route.verdict()).addAll(route.findings());
    KernelConfigReport kernel = null;
    if (HostFacts.hasLinuxKernel(host)) {
      kernel = linux(host, b);
    }
    if (daemon != null) {
      DaemonReadiness.add(host, daemon, b);
    }
    return new Report(b.build(), kernel);
  }

  /**
   * The preflight's result.
   *
   * @param engine the engine verdict and its findings
   * @param kernel the kernel config report, where a Linux kernel's config was found
   */
  public record Report(Evaluation engine, @Nullable KernelConfigReport kernel) {
    public Verdict verdict() {
      return engine.verdict();
    }
  }

  private static @Nullable KernelConfigReport linux(HostProfile host, Evaluation.Builder b) {
    LinuxInfo l = host.linux();
    KernelVersion kv = host.kernel() == null ? null : host.kernel().parsedVersion();
    if (kv == null) {
      b.add(
          Finding.warn(
              KernelFindingIds.KERNEL_VERSION_UNKNOWN, "The kernel version is unknown", null));
    } else if (kv.compareTo(MIN_KERNEL) < 0) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.KERNEL_VERSION_TOO_OLD,
              "Linux " + kv + " is older than the Docker engine's minimum, Linux 3.10",
              "Upgrade the kernel (or the distribution) to a supported release"));
    }
    if (l == null) {
      b.add(Finding.warn(FindingIds.LINUX_UNKNOWN, "The Linux facts could not be read", null));
      return null;
    }
    String mode =
        l.cgroups() == null || l.cgroups().mode() == null ? null : l.cgroups().mode().id();
    if (l.cgroups() == null) {
      b.add(
          Finding.warn(FindingIds.CGROUPS_UNKNOWN, "The cgroup hierarchy could not be read", null));
    } else if ("none".equals(mode)) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.CGROUPS_NONE,
              "No cgroup hierarchy is mounted; " + "the engine needs cgroups to run containers",
              "Mount cgroup2 at /sys/fs/cgroup (mount -t cgroup2 none /sys/fs/cgroup)"));
    }
    if (l.namespaces() != null) {
      List<String> missing = new ArrayList<>();
      for (String ns : List.of("ipc", "mnt", "net", "pid", "uts")) {
        if (!l.namespaces().contains(ns)) {
          missing.add(ns);
        }
      }
      if (!missing.isEmpty()) {
        b.add(
            Verdict.UNSUPPORTED,
            Finding.fail(
                FindingIds.NAMESPACES_MISSING,
                "The kernel lacks the "
                    + String.join(", ", missing)
                    + " namespace(s) (/proc/self/ns)",
                "Use a kernel built with CONFIG_NAMESPACES and the namespace options"));
      }
    }
    KernelConfigReport report = null;
    if (l.kernelConfig() == null) {
      b.add(
          Finding.warn(
              FindingIds.KERNEL_CONFIG_UNKNOWN,
              "No kernel configuration was found (/proc/config.gz, "
                  + "/boot/config-$(uname -r), ...); the kernel options cannot be checked",
              "modprobe configs (for /proc/config.gz), or install the kernel's config file"));
    } else {
      KernelConfigInfo cfg = KernelRuntimeTruth.apply(host, l, l.kernelConfig(), b);
      report = KernelConfigCheck.evaluate(cfg, kv, mode);
      b.verdict(report.verdict());
      b.addAll(report.findings());
    }
    LinuxRuntimeFindings.add(l, b);
    RootlessReadiness.add(l, b);
    EmulationFinding.add(host, b);
    return report;
  }

  /**
   * The daemon's seccomp findings ({@link DaemonReadiness#seccomp}); kept here for the tests that
   * pin the rule through this class.
   */
  static void seccomp(DaemonStatus.Reachable d, Evaluation.Builder b) {
    DaemonReadiness.seccomp(d, b);
  }
}
