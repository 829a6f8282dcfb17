package dev.canirundocker.check;

import dev.canirundocker.check.kernel.KernelModules;
import dev.canirundocker.host.LinuxInfo;
import java.util.List;

/**
 * The runtime facts of a Linux host that the engine depends on beyond the kernel configuration: the
 * overlay filesystem, AppArmor and seccomp, the sysctls moby and kubernetes system-validators name,
 * and whether the host is itself a container.
 */
final class LinuxRuntimeFindings {
  private LinuxRuntimeFindings() {}

  static void add(LinuxInfo l, Evaluation.Builder b) {
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
}
