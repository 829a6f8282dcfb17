package dev.canirundocker.check;

import dev.canirundocker.check.kernel.KernelConfigCheck;
import dev.canirundocker.check.kernel.KernelConfigReport;
import dev.canirundocker.check.kernel.KernelFindingIds;
import dev.canirundocker.check.kernel.KernelModules;
import dev.canirundocker.daemon.DaemonStatus;
import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * Runtime facts that prove a config option, as {@code CONFIG_X -> namespace / filesystem /
   * controller}: where the kernel shows the feature working, the config file (a claim) cannot deny
   * it.
   */
  private static final Map<String, String> NAMESPACE_OPTIONS =
      Map.of(
          "CONFIG_UTS_NS",
          "uts",
          "CONFIG_IPC_NS",
          "ipc",
          "CONFIG_PID_NS",
          "pid",
          "CONFIG_NET_NS",
          "net",
          "CONFIG_USER_NS",
          "user");

  private static final Map<String, String> CONTROLLER_OPTIONS =
      Map.of(
          "CONFIG_MEMCG",
          "memory",
          "CONFIG_CGROUP_PIDS",
          "pids",
          "CONFIG_CPUSETS",
          "cpuset",
          "CONFIG_CGROUP_FREEZER",
          "freezer",
          "CONFIG_CGROUP_DEVICE",
          "devices",
          "CONFIG_CGROUP_CPUACCT",
          "cpuacct",
          "CONFIG_BLK_CGROUP",
          "blkio");

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
      daemon(host, daemon, b);
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
      KernelConfigInfo cfg = withRuntimeTruth(host, l, l.kernelConfig(), b);
      report = KernelConfigCheck.evaluate(cfg, kv, mode);
      b.verdict(report.verdict());
      b.addAll(report.findings());
    }
    runtime(l, b);
    rootless(l, b);
    emulation(host, b);
    return report;
  }

  /**
   * The kernel config with what the running kernel proves added: where /proc shows a namespace, a
   * filesystem or a cgroup controller that the config file says is missing, the runtime fact
   * decides and a finding names both.
   */
  private static KernelConfigInfo withRuntimeTruth(
      HostProfile host, LinuxInfo l, KernelConfigInfo cfg, Evaluation.Builder b) {
    Map<String, String> entries = new HashMap<>(cfg.entries());
    List<String> overridden = new ArrayList<>();
    if (l.namespaces() != null) {
      NAMESPACE_OPTIONS.forEach(
          (opt, ns) -> {
            if (l.namespaces().contains(ns) && entries.get(opt) == null) {
              entries.put(opt, "y");
              overridden.add(opt + " (namespace " + ns + " is present)");
            }
          });
    }
    if (l.filesystems() != null
        && l.filesystems().contains("overlay")
        && entries.get("CONFIG_OVERLAY_FS") == null) {
      entries.put("CONFIG_OVERLAY_FS", "y");
      overridden.add("CONFIG_OVERLAY_FS (/proc/filesystems lists overlay)");
    }
    if (l.cgroups() != null) {
      CONTROLLER_OPTIONS.forEach(
          (opt, c) -> {
            if (l.cgroups().controllers().contains(c) && entries.get(opt) == null) {
              entries.put(opt, "y");
              overridden.add(opt + " (cgroup controller " + c + " is available)");
            }
          });
    }
    // only options the check looks at: a symbol the kernel no longer has is no contradiction
    overridden.removeIf(
        o -> dev.canirundocker.check.kernel.KernelConfigCatalog.find(o.split(" ")[0]) == null);
    if (overridden.isEmpty()) {
      return cfg;
    }
    overridden.sort(null);
    b.add(
        Finding.warn(
            FindingIds.KERNEL_CONFIG_CONTRADICTED,
            "The kernel configuration "
                + (cfg.source() == null ? "" : "(" + cfg.source() + ") ")
                + "says these are missing but the "
                + "running kernel has them, so the running kernel decides: "
                + String.join("; ", overridden),
            "The config file may belong to another kernel build; point --config or $CONFIG at the right one"));
    return new KernelConfigInfo(cfg.source(), cfg.version(), entries);
  }

  private static void runtime(LinuxInfo l, Evaluation.Builder b) {
    if (l.filesystems() != null && !l.filesystems().contains("overlay")) {
      String cfg = l.kernelConfig() == null ? null : l.kernelConfig().get("CONFIG_OVERLAY_FS");
      if ("m".equals(cfg)) {
        b.add(
            Finding.info(
                FindingIds.OVERLAY_MODULE,
                "overlay is built as a module and not loaded yet; the "
                    + "engine loads it on start",
                "to load it now: sudo modprobe overlay; to load it at boot: "
                    + "echo overlay | sudo tee -a /etc/modules-load.d/docker.conf"));
      } else {
        b.add(
            Finding.warn(
                FindingIds.OVERLAY_MISSING,
                "The kernel has no overlay filesystem "
                    + "(/proc/filesystems); the engine falls back to a slower storage driver",
                KernelModules.remedy(List.of("CONFIG_OVERLAY_FS"))));
      }
    }
    if (l.security() != null) {
      if (Boolean.TRUE.equals(l.security().apparmor())
          && Boolean.FALSE.equals(l.security().apparmorParser())) {
        b.add(
            Finding.warn(
                FindingIds.APPARMOR_PARSER_MISSING,
                "AppArmor is enabled but apparmor_parser is "
                    + "not installed: the engine cannot load its default profile and containers fail to start",
                "apt-get install apparmor"));
      }
      // what Docker needs is the kernel's filter mode, not this JVM's own mode (/proc/self/status
      // says only whether this process is filtered)
      LinuxInfo.SeccompSupport sc = l.security().seccompSupport();
      if (sc != null && !sc.supported()) {
        b.add(
            Finding.warn(
                FindingIds.SECCOMP_UNSUPPORTED,
                "The kernel has no seccomp: containers run without "
                    + "the default system call filter ("
                    + sc.evidence()
                    + ")",
                "Use a kernel with CONFIG_SECCOMP and CONFIG_SECCOMP_FILTER"));
      }
    }
    String fwd = l.sysctl("net.ipv4.ip_forward");
    if ("0".equals(fwd)) {
      // Pasteable on any distribution: the /proc/sys file now, a sysctl.d line for boot
      // (sysctl.d(5): /etc/sysctl.d/*.conf, "key = value" lines).
      b.add(
          Finding.info(
              FindingIds.SYSCTL_IP_FORWARD,
              "net.ipv4.ip_forward is 0: the engine turns it on when "
                  + "it starts (unless --ip-forward=false); container networking needs it",
              "echo 1 | sudo tee /proc/sys/net/ipv4/ip_forward; to keep it at boot: "
                  + "echo 'net.ipv4.ip_forward = 1' | sudo tee -a /etc/sysctl.d/99-docker.conf"));
    }
    String maxkeys = l.sysctl("kernel.keys.root_maxkeys");
    if (maxkeys != null && maxkeys.matches("\\d+") && Long.parseLong(maxkeys) < 10000) {
      b.add(
          Finding.warn(
              FindingIds.SYSCTL_KEYS,
              "kernel.keys.root_maxkeys is "
                  + maxkeys
                  + "; many containers "
                  + "need more session keyrings (system-validators asks for more than 10000)",
              "sudo sysctl -w kernel.keys.root_maxkeys=1000000 kernel.keys.root_maxbytes=25000000; "
                  + "to keep them at boot: printf '%s\\n' 'kernel.keys.root_maxkeys = 1000000' "
                  + "'kernel.keys.root_maxbytes = 25000000' | sudo tee -a /etc/sysctl.d/99-docker.conf"));
    }
    if (l.container() != null && l.container().inside()) {
      b.add(
          Finding.info(
              FindingIds.HOST_IN_CONTAINER,
              "This host is itself a container ("
                  + String.join(", ", l.container().evidence())
                  + "): a nested engine needs a privileged "
                  + "container or sysbox"));
    }
  }

  /** Rootless readiness (moby contrib/dockerd-rootless-setuptool.sh); information only. */
  private static void rootless(LinuxInfo l, Evaluation.Builder b) {
    LinuxInfo.RootlessInfo r = l.rootless();
    if (r == null || r.uid() == 0) {
      return;
    }
    List<String> gaps = new ArrayList<>();
    if (r.newuidmap() == null || r.newgidmap() == null) {
      gaps.add("newuidmap/newgidmap missing (apt-get install uidmap)");
    }
    if (r.subuidCount() < 65536) {
      gaps.add("/etc/subuid gives " + r.user() + " " + r.subuidCount() + " ids (needs 65536)");
    }
    if (r.subgidCount() < 65536) {
      gaps.add("/etc/subgid gives " + r.user() + " " + r.subgidCount() + " ids (needs 65536)");
    }
    if (r.xdgRuntimeDir() == null) {
      gaps.add("XDG_RUNTIME_DIR is not set");
    }
    String userns = l.sysctl("user.max_user_namespaces");
    if ("0".equals(userns)) {
      gaps.add("user.max_user_namespaces is 0");
    }
    if ("0".equals(l.sysctl("kernel.unprivileged_userns_clone"))) {
      gaps.add("kernel.unprivileged_userns_clone is 0");
    }
    if (gaps.isEmpty()) {
      b.add(Finding.info(FindingIds.ROOTLESS_READY, "Rootless mode is possible for " + r.user()));
    } else {
      b.add(
          Finding.info(
              FindingIds.ROOTLESS_NOT_READY,
              "Rootless mode for " + r.user() + " needs: " + String.join("; ", gaps),
              "See dockerd-rootless-setuptool.sh check"));
    }
    apparmorUserns(l, r, b);
  }

  /**
   * Ubuntu 23.10+ (on by default from 24.04): with {@code
   * kernel.apparmor_restrict_unprivileged_userns=1} an unprivileged process may create a user
   * namespace only under an AppArmor profile that grants {@code userns} (Ubuntu blog "Restricted
   * unprivileged user namespaces in Ubuntu 23.10"), so RootlessKit, which creates the rootless
   * daemon's user namespace, fails with "fork/exec /proc/self/exe: operation not permitted" without
   * one. Ubuntu's apparmor package ships a profile for {@code /usr/bin/rootlesskit}; a RootlessKit
   * anywhere else (the rootless installer puts it in {@code ~/bin}) needs its own
   * (rootlesscontaine.rs getting-started/common/apparmor.md; moby
   * contrib/dockerd-rootless-setuptool.sh runs {@code rootlesskit true} to catch it). Which
   * profiles are loaded is not read, so the finding says what to check rather than a verdict.
   */
  private static void apparmorUserns(LinuxInfo l, LinuxInfo.RootlessInfo r, Evaluation.Builder b) {
    if (!"1".equals(l.sysctl("kernel.apparmor_restrict_unprivileged_userns"))) {
      return;
    }
    b.add(
        Finding.warn(
            FindingIds.ROOTLESS_APPARMOR_USERNS,
            "kernel.apparmor_restrict_unprivileged_userns "
                + "is 1: rootless Docker for "
                + r.user()
                + " works only where an AppArmor profile lets "
                + "rootlesskit create user namespaces (Ubuntu's apparmor package has one for "
                + "/usr/bin/rootlesskit; a rootlesskit elsewhere, such as ~/bin from the rootless "
                + "installer, needs its own); whether one is loaded for this user's rootlesskit was not "
                + "checked",
            "Install rootlesskit at /usr/bin (docker-ce-rootless-extras), or add a profile "
                + "for its path with flags=(unconfined) and the userns rule in /etc/apparmor.d and "
                + "restart apparmor.service (rootlesscontaine.rs/getting-started/common/apparmor)"));
  }

  /**
   * Which foreign platforms run in containers here through binfmt_misc (enabled handlers with F),
   * and which of them an exec probe exercised.
   */
  private static void emulation(HostProfile host, Evaluation.Builder b) {
    LinuxInfo l = host.linux();
    if (l == null || l.binfmt() == null) {
      return;
    }
    // the platforms an exec probe ran through their handler, and the others: each word once per
    // line, not once per platform
    List<String> probed = new ArrayList<>();
    List<String> unprobed = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (dev.canirundocker.host.BinfmtEntry e : l.binfmt().entries()) {
      if (e.platform() == null || !e.enabled() || !seen.add(e.platform().architecture())) {
        continue;
      }
      Evaluation ev = ImageCompatibility.evaluate(host, e.platform());
      if (ev.verdict() == Verdict.EMULATED) {
        boolean ran = host.execProbe(e.platform()).map(ExecProbeResult::ran).orElse(false);
        (ran ? probed : unprobed).add(e.platform().toString());
      }
    }
    if (!probed.isEmpty() || !unprobed.isEmpty()) {
      String list =
          probed.isEmpty()
              ? ""
              : String.join(", ", probed)
                  + (unprobed.isEmpty() ? "" : " (exec probes ran); not probed: ");
      if (probed.isEmpty()) {
        list = "not probed: ";
      }
      b.add(
          Finding.info(
              FindingIds.EMULATION_AVAILABLE,
              "Emulated in containers (binfmt_misc handlers with "
                  + "F): "
                  + list
                  + String.join(", ", unprobed)));
    }
  }

  private static void daemon(HostProfile host, DaemonStatus status, Evaluation.Builder b) {
    if (!(status instanceof DaemonStatus.Reachable d)) {
      DaemonStatus.DaemonError e = ((DaemonStatus.Unreachable) status).error();
      b.add(Finding.warn(FindingIds.daemon(e.kind()), e.message(), e.remediation()));
      return;
    }
    b.add(
        Finding.info(
            FindingIds.DAEMON_REACHABLE,
            "Docker "
                + d.version()
                + " (API "
                + d.apiVersion()
                + ", "
                + d.os()
                + "/"
                + d.arch()
                + ") answers at "
                + d.endpoint().uri()
                + ", found by "
                + d.endpoint().chosenBy()));
    if ("windows".equals(d.os()) && host.os().isWindows()) {
      b.add(
          Finding.info(
              FindingIds.DAEMON_WINDOWS_CONTAINERS,
              "The daemon is in Windows containers mode: "
                  + "Linux images need Docker Desktop switched to Linux containers"));
    } else if ("linux".equals(d.os()) && !HostFacts.hasLinuxKernel(host)) {
      // the daemon's OSType (/_ping Ostype, /info OSType) says which engine Docker Desktop runs
      b.add(
          Finding.info(
              FindingIds.DAEMON_LINUX_CONTAINERS,
              "The daemon runs Linux containers (OSType linux) "
                  + "in Docker Desktop's VM"
                  + (host.os().isWindows()
                      ? "; Windows images need Docker Desktop " + "switched to Windows containers"
                      : "")));
    }
    seccomp(d, b);
    if (Boolean.FALSE.equals(d.capabilities().swapLimit())) {
      b.add(
          Finding.info(
              FindingIds.DAEMON_NO_SWAP_LIMIT,
              "The daemon reports no swap limit support " + "(cgroup swap accounting is off)"));
    }
    if (Boolean.FALSE.equals(d.capabilities().memoryLimit())) {
      b.add(
          Finding.warn(
              FindingIds.DAEMON_NO_MEMORY_LIMIT,
              "The daemon reports no memory limit support",
              null));
    }
  }

  /**
   * What the daemon says of seccomp: moby's {@code daemon/info_unix.go} lists {@code
   * name=seccomp,profile=<builtin|default|unconfined|custom path>} in {@code SecurityOptions}
   * exactly when its kernel supports seccomp and it was built with it. Judged only where the daemon
   * listed any security option: an empty list may be a daemon (or proxy) that leaves the key out.
   */
  static void seccomp(DaemonStatus.Reachable d, Evaluation.Builder b) {
    if (!"linux".equals(d.os()) || d.securityOptions().isEmpty()) {
      return;
    }
    String profile = null;
    boolean listed = false;
    for (String option : d.securityOptions()) {
      List<String> kv = List.of(option.split(","));
      if (kv.contains("name=seccomp")) {
        listed = true;
        for (String e : kv) {
          if (e.startsWith("profile=")) {
            profile = e.substring("profile=".length());
          }
        }
      }
    }
    if (!listed) {
      b.add(
          Finding.warn(
              FindingIds.DAEMON_SECCOMP_MISSING,
              "The daemon lists no seccomp among its security "
                  + "options ("
                  + String.join("; ", d.securityOptions())
                  + "): containers run without a "
                  + "system call filter",
              "Use a kernel with CONFIG_SECCOMP and CONFIG_SECCOMP_FILTER and a "
                  + "dockerd built with seccomp"));
    } else if ("unconfined".equals(profile)) {
      b.add(
          Finding.warn(
              FindingIds.DAEMON_SECCOMP_UNCONFINED,
              "The daemon's default seccomp profile is "
                  + "unconfined: containers run without a system call filter",
              "Remove seccomp-profile=unconfined from the daemon's configuration"));
    }
  }
}
