package dev.canirundocker.check.kernel;

import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Severity;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The kernel config check: moby's {@code contrib/check-config.sh} as a pure function of a parsed
 * config, with the data in {@link KernelConfigCatalog}.
 *
 * <p>Where this differs from the script on purpose:
 *
 * <ul>
 *   <li>No usable storage driver makes the verdict {@link Verdict#UNSUPPORTED}. The script means to
 *       exit 1 then, but its storage (and network) checks run in piped subshells ({@code
 *       check_flags ... | sed}), so their failures never reach {@code EXITCODE}.
 *   <li>On a pure cgroup v2 host the v1-only controllers (CGROUP_CPUACCT, CGROUP_DEVICE,
 *       CGROUP_FREEZER) are optional and CGROUP_BPF is required at any version, following
 *       kubernetes/system-validators (moby#49934).
 *   <li>NETFILTER_XT_MATCH_IPVS is grouped with the IPVS options as {@code network:swarm}.
 * </ul>
 *
 * <p>Findings, most serious first: {@code kernel.config.missing} (fail, one per required item),
 * {@code kernel.storage.none} (fail), {@code kernel.storage.legacy-only} (warn: only aufs or
 * devicemapper, which current engines no longer have), {@code kernel.network.<driver>.missing}
 * (warn, one per driver), {@code kernel.vsyscall.native} and {@code kernel.vsyscall.none} (warn),
 * {@code kernel.version.unknown} (warn), {@code kernel.config.optional-missing} (info, one per
 * optional item).
 */
public final class KernelConfigCheck {

  private static final String NETWORK = "network:";
  private static final String STORAGE = "storage:";
  // Storage drivers current engines no longer have, and the release that removed them
  // (docker/cli docs/deprecated.md: "AuFS storage driver" removed v24.0, "Device mapper storage
  // driver" removed v25.0). Debian's 20.10 engine still has both, so they still count as usable.
  private static final Map<String, String> LEGACY_STORAGE =
      Map.of("aufs", "24.0", "devicemapper", "25.0");

  private KernelConfigCheck() {}

  /**
   * Evaluates a kernel config with the catalog's items.
   *
   * @param config the parsed kernel config
   * @param version the running kernel's version, which check-config.sh takes from {@code uname -r};
   *     null to use the version in the config's header ({@code config.version()}); where neither is
   *     known, version-gated items are left out and a {@code kernel.version.unknown} warning says
   *     so
   * @param cgroupMode {@code v1}, {@code v2}, {@code hybrid}, {@code none} or null (unknown); only
   *     {@code v2} (a pure unified hierarchy) changes the requirements, as in system-validators,
   *     which treats a hybrid host as v1
   * @return the report
   */
  public static KernelConfigReport evaluate(
      KernelConfigInfo config, @Nullable KernelVersion version, @Nullable String cgroupMode) {
    return evaluate(config, version, cgroupMode, KernelConfigCatalog.items());
  }

  /**
   * Evaluates a kernel config with the given items; see {@link #evaluate(KernelConfigInfo,
   * KernelVersion, String)}.
   */
  public static KernelConfigReport evaluate(
      KernelConfigInfo config,
      @Nullable KernelVersion version,
      @Nullable String cgroupMode,
      List<KernelConfigItem> catalog) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(catalog, "catalog");
    KernelVersion v = version != null ? version : KernelVersion.parseOrNull(config.version());
    boolean pureV2 = "v2".equals(cgroupMode);

    List<KernelConfigReport.Item> items = new ArrayList<>();
    List<Finding> required = new ArrayList<>();
    List<Finding> optional = new ArrayList<>();
    List<Finding> warnings = new ArrayList<>();
    Map<String, List<String>> networkMissing = new LinkedHashMap<>();
    Map<String, List<String>> storageMissing = new LinkedHashMap<>();

    for (KernelConfigItem item : catalog) {
      if (!item.appliesTo(config, v, pureV2)) {
        continue;
      }
      String group = item.groupFor(pureV2);
      String as = item.presentAs(config);
      ConfigState state = as == null ? ConfigState.MISSING : ConfigState.of(config, as);
      items.add(
          new KernelConfigReport.Item(
              item.name(), group, state, as == null || as.equals(item.name()) ? null : as));

      if (group.startsWith(STORAGE)) {
        List<String> l =
            storageMissing.computeIfAbsent(
                group.substring(STORAGE.length()), k -> new ArrayList<>());
        if (!state.present()) {
          l.add(item.name());
        }
      } else if (state.present()) {
        vsyscall(item.name(), warnings);
      } else if (group.startsWith(NETWORK)) {
        networkMissing
            .computeIfAbsent(group.substring(NETWORK.length()), k -> new ArrayList<>())
            .add(item.name());
      } else if (KernelConfigItem.REQUIRED.equals(group)) {
        required.add(
            legacyGated(item.name(), config, v)
                ? legacyMissing(item.name(), config)
                : Finding.fail(
                    KernelFindingIds.KERNEL_CONFIG_MISSING,
                    item.name() + " is not set in the kernel config; the Docker engine requires it",
                    KernelModules.remedy(List.of(item.name()))));
      } else if (item.cgroupRule() == KernelConfigItem.CgroupRule.V1_ONLY && pureV2) {
        optional.add(
            Finding.info(
                KernelFindingIds.KERNEL_CONFIG_OPTIONAL_MISSING,
                item.name()
                    + " is not set in the kernel config; only cgroup v1 needs it and this "
                    + "host uses cgroup v2"));
      } else if ("CONFIG_MEMCG_SWAP_ENABLED".equals(item.name())
          && ConfigState.of(config, "CONFIG_MEMCG_SWAP").present()) {
        // check-config.sh: "cgroup swap accounting is currently not enabled, you can enable it by
        // setting boot option "swapaccount=1"" (MEMCG_SWAP built, but off by default)
        optional.add(
            new Finding(
                KernelFindingIds.KERNEL_CONFIG_OPTIONAL_MISSING,
                Severity.INFO,
                item.name()
                    + " is not set in the kernel config; swap accounting is off unless the "
                    + "kernel boots with swapaccount=1",
                "boot the kernel with swapaccount=1"));
      } else {
        optional.add(
            new Finding(
                KernelFindingIds.KERNEL_CONFIG_OPTIONAL_MISSING,
                Severity.INFO,
                item.name()
                    + " is not set in the kernel config; optional features that need it "
                    + "are unavailable",
                KernelModules.remedy(List.of(item.name()))));
      }
    }

    List<String> usable = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : storageMissing.entrySet()) {
      if (e.getValue().isEmpty()) {
        usable.add(e.getKey());
      }
    }

    List<Finding> findings = new ArrayList<>(required);
    if (usable.isEmpty()) {
      findings.add(
          Finding.fail(
              KernelFindingIds.KERNEL_STORAGE_NONE,
              storageNoneMessage(storageMissing),
              storageMissing.containsKey("overlay")
                  ? "for the overlay2 storage driver, "
                      + KernelModules.remedy(storageMissing.get("overlay"))
                  : "rebuild the kernel with a storage driver's options"));
    }
    if (!usable.isEmpty() && LEGACY_STORAGE.keySet().containsAll(usable)) {
      List<String> parts = new ArrayList<>();
      for (String d : usable) {
        parts.add(d + " (removed in Docker Engine " + LEGACY_STORAGE.get(d) + ")");
      }
      findings.add(
          Finding.warn(
              KernelFindingIds.KERNEL_STORAGE_LEGACY_ONLY,
              "the only storage drivers this kernel config supports are gone from current engines: "
                  + String.join(", ", parts),
              storageMissing.containsKey("overlay")
                  ? "for the overlay2 storage driver, "
                      + KernelModules.remedy(storageMissing.get("overlay"))
                  : "use an engine version that still has one of these drivers"));
    }
    for (Map.Entry<String, List<String>> e : networkMissing.entrySet()) {
      String driver = e.getKey();
      findings.add(
          Finding.warn(
              KernelFindingIds.networkMissing(driver),
              networkLabel(driver)
                  + " need "
                  + String.join(", ", e.getValue())
                  + ", not set in the kernel config",
              KernelModules.remedy(e.getValue()) + "; or do without " + networkLabel(driver)));
    }
    findings.addAll(warnings);
    if (v == null) {
      findings.add(
          Finding.warn(
              KernelFindingIds.KERNEL_VERSION_UNKNOWN,
              "the kernel version is unknown, so version-dependent kernel options were not checked",
              "pass the kernel version (uname -r) or use a config whose header names it"));
    }
    findings.addAll(optional);

    Verdict verdict =
        required.isEmpty() && !usable.isEmpty() ? Verdict.NATIVE : Verdict.UNSUPPORTED;
    return new KernelConfigReport(verdict, config.source(), v, cgroupMode, items, usable, findings);
  }

  // check-config.sh prints LEGACY_VSYSCALL_NATIVE and _NONE as bad, with these reasons.
  private static void vsyscall(String name, List<Finding> warnings) {
    if ("CONFIG_LEGACY_VSYSCALL_NATIVE".equals(name)) {
      warnings.add(
          Finding.warn(
              KernelFindingIds.KERNEL_VSYSCALL_NATIVE,
              "CONFIG_LEGACY_VSYSCALL_NATIVE is enabled: a fixed-address vsyscall page gives exploits "
                  + "an ASLR bypass with usable ROP gadgets",
              "boot with vsyscall=emulate (add it to the kernel command line), or rebuild the kernel "
                  + "with CONFIG_LEGACY_VSYSCALL_EMULATE=y"));
    } else if ("CONFIG_LEGACY_VSYSCALL_NONE".equals(name)) {
      warnings.add(
          Finding.warn(
              KernelFindingIds.KERNEL_VSYSCALL_NONE,
              "CONFIG_LEGACY_VSYSCALL_NONE is enabled: containers using eglibc 2.13 or older "
                  + "will not work",
              "boot with vsyscall=emulate, or rebuild the kernel with "
                  + "CONFIG_LEGACY_VSYSCALL_EMULATE=y, where such images are needed"));
    }
  }

  private static final KernelVersion LEGACY_XTABLES = KernelVersion.of(6, 17, 0);

  /** Whether a missing item sits behind the legacy xtables gates of Linux 6.17+. */
  private static boolean legacyGated(
      String name, KernelConfigInfo config, @Nullable KernelVersion v) {
    return v != null
        && v.compareTo(LEGACY_XTABLES) >= 0
        && KernelConfigCatalog.BEHIND_LEGACY_GATES.contains(name);
  }

  /**
   * A missing legacy-iptables item on Linux 6.17+: name the gates it now depends on
   * (net/netfilter/Kconfig NETFILTER_XTABLES_LEGACY, default off, "depends on !PREEMPT_RT").
   */
  private static Finding legacyMissing(String name, KernelConfigInfo config) {
    boolean rt = ConfigState.of(config, "CONFIG_PREEMPT_RT").present();
    List<String> gates = new ArrayList<>();
    for (String g : KernelConfigCatalog.LEGACY_GATES) {
      if (!ConfigState.of(config, "CONFIG_" + g).present()) {
        gates.add("CONFIG_" + g);
      }
    }
    String why =
        name
            + " is not set in the kernel config; the Docker engine requires it, and "
            + "since Linux 6.17 the legacy iptables tables depend on CONFIG_NETFILTER_XTABLES_LEGACY "
            + "and CONFIG_IP_NF_IPTABLES_LEGACY (CONFIG_IP6_NF_IPTABLES_LEGACY for ip6tables), which "
            + "default to off"
            + (gates.isEmpty() ? "" : " (not set here: " + String.join(", ", gates) + ")")
            + (rt ? "; this kernel has CONFIG_PREEMPT_RT, which excludes them" : "");
    String fix =
        rt
            ? "use a kernel without CONFIG_PREEMPT_RT, or one built with "
                + "CONFIG_NETFILTER_XTABLES_LEGACY=y and "
                + name
                + " on a non-RT configuration"
            // NETFILTER_XTABLES_LEGACY is a bool: no module to load, only another kernel build
            : "boot a kernel built with CONFIG_NETFILTER_XTABLES_LEGACY=y (a bool: it cannot be a "
                + "module), CONFIG_IP_NF_IPTABLES_LEGACY=m, CONFIG_IP6_NF_IPTABLES_LEGACY=m"
                + (KernelConfigCatalog.LEGACY_GATES.contains(name.substring("CONFIG_".length()))
                    ? ""
                    : " and " + name + "=m")
                + ": the distribution's standard kernel where it enables them, or a rebuild";
    return Finding.fail(KernelFindingIds.KERNEL_CONFIG_MISSING, why, fix);
  }

  private static String networkLabel(String driver) {
    switch (driver) {
      case "overlay-encrypted":
        return "encrypted overlay networks";
      case "ftp-tftp":
        return "FTP and TFTP clients in containers";
      case "swarm":
        return "swarm-mode services (IPVS load balancing)";
      default:
        return driver + " networks";
    }
  }

  private static String storageNoneMessage(Map<String, List<String>> missing) {
    StringBuilder b = new StringBuilder("no storage driver is usable with this kernel config");
    if (!missing.isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, List<String>> e : missing.entrySet()) {
        parts.add(e.getKey() + " lacks " + String.join(", ", e.getValue()));
      }
      b.append(": ").append(String.join("; ", parts));
    }
    return b.append(" (zfs is not in the kernel config and was not checked)").toString();
  }
}
