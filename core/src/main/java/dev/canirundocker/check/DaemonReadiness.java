package dev.canirundocker.check;

import dev.canirundocker.daemon.DaemonStatus;
import dev.canirundocker.host.HostProfile;
import java.util.List;

/**
 * The preflight's daemon findings: what the reachable daemon reports of itself (version, OS type
 * against the host, seccomp, cgroup limits), or why it could not be asked. Apart from {@link
 * EngineReadiness} because it reads only the daemon's answer, never the host's kernel.
 */
final class DaemonReadiness {
  private DaemonReadiness() {}

  static void add(HostProfile host, DaemonStatus status, Evaluation.Builder b) {
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
