package dev.canirundocker.check;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel configuration as the running kernel proves it: a config file is a claim (it may belong
 * to another build), while /proc/self/ns, /proc/filesystems and the cgroup controllers show the
 * feature working, so where they disagree the runtime fact decides and a finding names both.
 */
final class KernelRuntimeTruth {
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

  private KernelRuntimeTruth() {}

  /**
   * The kernel config with what the running kernel proves added: where /proc shows a namespace, a
   * filesystem or a cgroup controller that the config file says is missing, the runtime fact
   * decides and a finding names both.
   */
  static KernelConfigInfo apply(
      HostProfile host, LinuxInfo l, KernelConfigInfo cfg, Evaluation.Builder b) {
    // what the running kernel adds, collected before the config's entries (thousands) are copied:
    // most hosts contradict nothing, and then the config is returned as it is
    Map<String, String> added = new LinkedHashMap<>();
    List<String> overridden = new ArrayList<>();
    Map<String, String> entries = cfg.entries();
    if (l.namespaces() != null) {
      for (Map.Entry<String, String> e : NAMESPACE_OPTIONS.entrySet()) {
        String opt = e.getKey();
        if (l.namespaces().contains(e.getValue()) && entries.get(opt) == null) {
          added.put(opt, "y");
          overridden.add(opt + " (namespace " + e.getValue() + " is present)");
        }
      }
    }
    if (l.filesystems() != null
        && l.filesystems().contains("overlay")
        && entries.get("CONFIG_OVERLAY_FS") == null) {
      added.put("CONFIG_OVERLAY_FS", "y");
      overridden.add("CONFIG_OVERLAY_FS (/proc/filesystems lists overlay)");
    }
    if (l.cgroups() != null) {
      for (Map.Entry<String, String> e : CONTROLLER_OPTIONS.entrySet()) {
        String opt = e.getKey();
        if (l.cgroups().controllers().contains(e.getValue()) && entries.get(opt) == null) {
          added.put(opt, "y");
          overridden.add(opt + " (cgroup controller " + e.getValue() + " is available)");
        }
      }
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
    Map<String, String> merged = new java.util.TreeMap<>(entries);
    merged.putAll(added);
    return new KernelConfigInfo(cfg.source(), cfg.version(), merged);
  }
}
