package dev.canirundocker.check.kernel;

import static dev.canirundocker.check.kernel.KernelConfigItem.OPTIONAL;
import static dev.canirundocker.check.kernel.KernelConfigItem.REQUIRED;

import dev.canirundocker.check.kernel.KernelConfigItem.CgroupRule;
import dev.canirundocker.check.kernel.KernelConfigItem.Origin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The kernel build options the Docker engine checks for: the union of two copies of moby's {@code
 * contrib/check-config.sh}, in the script's order.
 *
 * <ul>
 *   <li>upstream moby/moby {@code contrib/check-config.sh} (POSIX sh version, 2025), and
 *   <li>Debian's docker.io 20.10 copy, {@code /usr/share/docker.io/contrib/check-config.sh}, the
 *       peer the tests compare with item by item.
 * </ul>
 *
 * <p>Each item's {@link Origin} says which copy lists it. Where the two copies gate an item
 * differently, the upstream gate is taken and the difference is noted next to the item. The cgroup
 * v1/v2 split follows kubernetes/system-validators {@code validators/types_unix.go} ({@code
 * RequiredCgroupsV1}: CGROUPS CGROUP_CPUACCT CGROUP_DEVICE CGROUP_FREEZER CGROUP_PIDS CGROUP_SCHED;
 * {@code RequiredCgroupsV2}: CGROUPS CGROUP_BPF CGROUP_PIDS CGROUP_SCHED).
 *
 * <p>Left out on purpose, because they are not kernel config: the script's cgroup mount, AppArmor
 * parser, RHEL7 {@code user_namespace.enable=1} boot option (Debian's {@code check_distro_userns}),
 * bridge forwarding sysctls (upstream {@code check_sysctl}), zfs device and commands, and {@code
 * kernel/keys/root_maxkeys}. Those are runtime facts other checks read.
 */
public final class KernelConfigCatalog {

  /** The Linux 6.17 gates of the legacy iptables tables, outermost first. */
  static final List<String> LEGACY_GATES =
      List.of("NETFILTER_XTABLES_LEGACY", "IP_NF_IPTABLES_LEGACY", "IP6_NF_IPTABLES_LEGACY");

  /**
   * The required items that sit behind {@link #LEGACY_GATES} from Linux 6.17 on: the legacy
   * iptables tables and the NAT targets inside IP_NF_NAT.
   */
  static final java.util.Set<String> BEHIND_LEGACY_GATES =
      java.util.Set.of(
          "CONFIG_IP_NF_FILTER",
          "CONFIG_IP_NF_MANGLE",
          "CONFIG_IP_NF_TARGET_MASQUERADE",
          "CONFIG_IP6_NF_FILTER",
          "CONFIG_IP6_NF_MANGLE",
          "CONFIG_IP6_NF_TARGET_MASQUERADE",
          "CONFIG_IP_NF_RAW",
          "CONFIG_IP_NF_NAT",
          "CONFIG_IP6_NF_RAW",
          "CONFIG_IP6_NF_NAT",
          "CONFIG_IP_NF_IPTABLES_LEGACY",
          "CONFIG_IP6_NF_IPTABLES_LEGACY",
          "CONFIG_NETFILTER_XTABLES_LEGACY");

  private static final List<KernelConfigItem> ITEMS = build();

  private KernelConfigCatalog() {}

  /** Every item, in check-config.sh's order. */
  public static List<KernelConfigItem> items() {
    return ITEMS;
  }

  /** The item with this name ({@code CONFIG_} prefix optional), or null. */
  public static @Nullable KernelConfigItem find(String name) {
    String n = name.startsWith("CONFIG_") ? name : "CONFIG_" + name;
    for (KernelConfigItem i : ITEMS) {
      if (i.name().equals(n)) {
        return i;
      }
    }
    return null;
  }

  private static List<KernelConfigItem> build() {
    List<KernelConfigItem> l = new ArrayList<>();

    // --- "Generally Necessary" (both copies' first check_flags list) ---
    add(l, REQUIRED, "NAMESPACES", "NET_NS", "PID_NS", "IPC_NS", "UTS_NS", "CGROUPS");
    // v1 controllers without a v2 config of their own (moby#49934; system-validators'
    // RequiredCgroupsV1 lists them, RequiredCgroupsV2 does not).
    for (String n : List.of("CGROUP_CPUACCT", "CGROUP_DEVICE", "CGROUP_FREEZER")) {
      l.add(KernelConfigItem.of(n, REQUIRED).withCgroupRule(CgroupRule.V1_ONLY));
    }
    add(
        l,
        REQUIRED,
        "CGROUP_SCHED",
        "CPUSETS",
        "MEMCG",
        "KEYS",
        "VETH",
        "BRIDGE",
        "BRIDGE_NETFILTER",
        "IP_NF_FILTER");
    addOrigin(l, REQUIRED, Origin.UPSTREAM, "IP_NF_MANGLE");
    add(l, REQUIRED, "IP_NF_TARGET_MASQUERADE");
    // upstream only: the ip6tables options
    addOrigin(
        l, REQUIRED, Origin.UPSTREAM, "IP6_NF_FILTER", "IP6_NF_MANGLE", "IP6_NF_TARGET_MASQUERADE");
    add(l, REQUIRED, "NETFILTER_XT_MATCH_ADDRTYPE", "NETFILTER_XT_MATCH_CONNTRACK");
    // Deviation from both copies, which list it as required: the "-m ipvs" match is used only by
    // swarm-mode service load balancing (moby daemon/libnetwork/service_linux.go, configureFWMark),
    // and the engine runs containers without it (Debian's 20.10 engine does on such a kernel). It
    // is grouped with the other IPVS options as network:swarm.
    add(l, "network:swarm", "NETFILTER_XT_MATCH_IPVS");
    add(l, REQUIRED, "NETFILTER_XT_MARK");
    addOrigin(l, REQUIRED, Origin.UPSTREAM, "IP_NF_RAW");
    add(l, REQUIRED, "IP_NF_NAT", "NF_NAT");
    addOrigin(l, REQUIRED, Origin.UPSTREAM, "IP6_NF_RAW", "IP6_NF_NAT");
    // Linux 6.17 (netfilter "Exclude LEGACY TABLES on PREEMPT_RT"): IP_NF_FILTER, IP_NF_MANGLE,
    // IP_NF_NAT (and so IP_NF_TARGET_MASQUERADE inside it), IP_NF_RAW and their IP6_ twins now
    // "depends on" IP{6}_NF_IPTABLES_LEGACY, which "depends on" NETFILTER_XTABLES_LEGACY, a bool
    // that defaults off and cannot be set with PREEMPT_RT (net/netfilter/Kconfig,
    // net/ipv4/netfilter/Kconfig, net/ipv6/netfilter/Kconfig). Upstream's check-config.sh (moby
    // b985e2313a) requires those tables but does not name the gates, so on 6.17+ the gates are
    // required too: a kernel without them cannot have what upstream requires.
    for (String n : LEGACY_GATES) {
      l.add(KernelConfigItem.of(n, REQUIRED).withSince(6, 17).withOrigin(Origin.KCONFIG));
    }
    // required for bind-mounting /dev/mqueue into containers (script comment)
    add(l, REQUIRED, "POSIX_MQUEUE");
    // script: kernelMajor < 4 || (4 and kernelMinor < 8)
    l.add(KernelConfigItem.of("DEVPTS_MULTIPLE_INSTANCES", REQUIRED).withBelow(4, 8));
    // script: kernelMajor < 5 || (5 and kernelMinor <= 1)
    l.add(KernelConfigItem.of("NF_NAT_IPV4", REQUIRED).withBelow(5, 2));
    // script: kernelMajor < 5 || (5 and kernelMinor <= 2)
    l.add(KernelConfigItem.of("NF_NAT_NEEDED", REQUIRED).withBelow(5, 3));
    // upstream only: "check availability of BPF_CGROUP_DEVICE support", kernelMajor >= 5 ||
    // (4 and kernelMinor >= 15); system-validators requires it on cgroup v2 whatever the version.
    l.add(
        KernelConfigItem.of("CGROUP_BPF", REQUIRED)
            .withSince(4, 15)
            .withCgroupRule(CgroupRule.V2_ANY_VERSION)
            .withOrigin(Origin.UPSTREAM));

    // --- "Optional Features" ---
    add(l, OPTIONAL, "USER_NS", "SECCOMP");
    addOrigin(l, OPTIONAL, Origin.UPSTREAM, "SECCOMP_FILTER");
    add(l, OPTIONAL, "CGROUP_PIDS");
    // Copies differ. Upstream: MEMCG_SWAP and MEMCG_SWAP_ENABLED only when kernel < 5.8 ("v5.8+
    // removes MEMCG_SWAP_ENABLED and deprecates MEMCG_SWAP"; swap accounting is on by default).
    // Debian 20.10: MEMCG_SWAP always, MEMCG_SWAP_ENABLED when <= 5.8. Upstream's gate is taken.
    l.add(KernelConfigItem.of("MEMCG_SWAP", OPTIONAL).withBelow(5, 8));
    l.add(KernelConfigItem.of("MEMCG_SWAP_ENABLED", OPTIONAL).withBelow(5, 8));
    // A Kconfig choice; the script prints whichever is set (NATIVE and NONE as bad, EMULATE as
    // good). XONLY (5.3+, the default now) prints nothing. The check turns NATIVE and NONE into
    // warnings.
    for (String n :
        List.of("LEGACY_VSYSCALL_NATIVE", "LEGACY_VSYSCALL_EMULATE", "LEGACY_VSYSCALL_NONE")) {
      l.add(KernelConfigItem.of(n, OPTIONAL).withOnlyWhenSet());
    }
    // script: kernelMajor < 4 || (4 and kernelMinor <= 5)
    l.add(KernelConfigItem.of("MEMCG_KMEM", OPTIONAL).withBelow(4, 6));
    // script: kernelMajor < 3 || (3 and kernelMinor <= 18)
    l.add(KernelConfigItem.of("RESOURCE_COUNTERS", OPTIONAL).withBelow(3, 19));
    // script: kernelMajor < 5 (CFQ was removed in 5.0)
    l.add(KernelConfigItem.of("IOSCHED_CFQ", OPTIONAL).withBelow(5, 0));
    l.add(KernelConfigItem.of("CFQ_GROUP_IOSCHED", OPTIONAL).withBelow(5, 0));
    add(
        l,
        OPTIONAL,
        "BLK_CGROUP",
        "BLK_DEV_THROTTLING",
        "CGROUP_PERF",
        "CGROUP_HUGETLB",
        "NET_CLS_CGROUP");
    // script: netprio=NETPRIO_CGROUP when kernelMajor < 3 || (3 and kernelMinor <= 13), else
    // CGROUP_NET_PRIO (renamed in 3.14)
    l.add(KernelConfigItem.of("NETPRIO_CGROUP", OPTIONAL).withBelow(3, 14));
    l.add(KernelConfigItem.of("CGROUP_NET_PRIO", OPTIONAL).withSince(3, 14));
    add(l, OPTIONAL, "CFS_BANDWIDTH", "FAIR_GROUP_SCHED");
    addOrigin(l, OPTIONAL, Origin.DEBIAN, "RT_GROUP_SCHED"); // dropped upstream
    add(l, OPTIONAL, "IP_NF_TARGET_REDIRECT");
    addOrigin(l, OPTIONAL, Origin.UPSTREAM, "IP_SCTP");
    // The script lists these as optional; they serve swarm-mode service load balancing (IPVS).
    add(
        l,
        "network:swarm",
        "IP_VS",
        "IP_VS_NFCT",
        "IP_VS_PROTO_TCP",
        "IP_VS_PROTO_UDP",
        "IP_VS_RR");
    addOrigin(l, OPTIONAL, Origin.UPSTREAM, "SECURITY_SELINUX", "SECURITY_APPARMOR");
    // upstream only: nftables, for the engine's nftables firewall backend
    addOrigin(
        l,
        OPTIONAL,
        Origin.UPSTREAM,
        "NFT_CT",
        "NFT_FIB_IPV4",
        "NFT_FIB_IPV6",
        "NFT_FIB",
        "NFT_MASQ",
        "NFT_NAT",
        "NF_TABLES");
    // script: ext3 options only "if ! is_set EXT4_USE_FOR_EXT2"
    for (String n : List.of("EXT3_FS", "EXT3_FS_XATTR", "EXT3_FS_POSIX_ACL", "EXT3_FS_SECURITY")) {
      l.add(KernelConfigItem.of(n, OPTIONAL).withUnlessSet("EXT4_USE_FOR_EXT2"));
    }
    add(l, OPTIONAL, "EXT4_FS", "EXT4_FS_POSIX_ACL", "EXT4_FS_SECURITY");

    // --- "Network Drivers" ---
    add(l, "network:overlay", "VXLAN", "BRIDGE_VLAN_FILTERING");
    // "Optional (for encrypted networks)"
    add(
        l,
        "network:overlay-encrypted",
        "CRYPTO",
        "CRYPTO_AEAD",
        "CRYPTO_GCM",
        "CRYPTO_SEQIV",
        "CRYPTO_GHASH",
        "XFRM",
        "XFRM_USER",
        "XFRM_ALGO",
        "INET_ESP");
    addOrigin(l, "network:overlay-encrypted", Origin.UPSTREAM, "NETFILTER_XT_MATCH_BPF");
    // script: kernelMajor < 5 || (5 and kernelMinor <= 3)
    l.add(
        KernelConfigItem.of("INET_XFRM_MODE_TRANSPORT", "network:overlay-encrypted")
            .withBelow(5, 4));
    add(l, "network:ipvlan", "IPVLAN");
    add(l, "network:macvlan", "MACVLAN", "DUMMY");
    // "ftp,tftp client in container"
    add(
        l,
        "network:ftp-tftp",
        "NF_NAT_FTP",
        "NF_CONNTRACK_FTP",
        "NF_NAT_TFTP",
        "NF_CONNTRACK_TFTP");

    // --- "Storage Drivers" (at least one must be usable) ---
    // aufs and devicemapper: Debian 20.10 only; upstream dropped them with the engine's drivers.
    addOrigin(l, "storage:aufs", Origin.DEBIAN, "AUFS_FS");
    add(l, "storage:btrfs", "BTRFS_FS", "BTRFS_FS_POSIX_ACL");
    addOrigin(l, "storage:devicemapper", Origin.DEBIAN, "BLK_DEV_DM", "DM_THIN_PROVISIONING");
    // OVERLAYFS_FS: the out-of-tree name, an alias in system-validators' Optional list
    l.add(KernelConfigItem.of("OVERLAY_FS", "storage:overlay").withAlias("OVERLAYFS_FS"));
    // zfs: the script checks /dev/zfs and the zfs/zpool commands, not the kernel config.

    return Collections.unmodifiableList(l);
  }

  private static void add(List<KernelConfigItem> l, String group, String... names) {
    addOrigin(l, group, Origin.BOTH, names);
  }

  private static void addOrigin(
      List<KernelConfigItem> l, String group, Origin origin, String... names) {
    for (String n : names) {
      l.add(KernelConfigItem.of(n, group).withOrigin(origin));
    }
  }
}
