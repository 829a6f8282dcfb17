package dev.canirundocker.check.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which loadable module a tristate kernel option builds, as data, and the remediation text that
 * follows from it: commands a user can paste on a distribution kernel first ({@code modprobe}, a
 * {@code modules-load.d} line, the package that ships extra modules), a kernel rebuild last.
 *
 * <p>Each module name is the object the option adds in the kernel's Makefiles ({@code
 * obj-$(CONFIG_X) += name.o}); the file is named next to each entry. Options not listed here are
 * bool (built in or absent, never a module: {@code CONFIG_NAMESPACES}, {@code CONFIG_CGROUPS},
 * {@code CONFIG_IP_VS_PROTO_TCP}, ...) or build no module of their own.
 */
public final class KernelModules {

  // Ubuntu splits a kernel's modules into linux-modules-<release> (installed with the kernel) and
  // linux-modules-extra-<release> (not installed on cloud and minimal images), so a =m option can
  // still have no module file. Debian, Fedora, RHEL and Arch ship every module with the kernel
  // package itself.
  static final String UBUNTU_EXTRA = "sudo apt-get install linux-modules-extra-$(uname -r)";

  private static final Map<String, String> MODULES = build();

  // Options declared "bool" in their Kconfig: built in or absent, never a module (init/Kconfig:
  // NAMESPACES, *_NS, CGROUPS, CGROUP_*, CPUSETS, MEMCG*, CGROUP_SCHED, FAIR_GROUP_SCHED,
  // CFS_BANDWIDTH, RT_GROUP_SCHED, BLK_CGROUP, POSIX_MQUEUE; security/keys/Kconfig: KEYS;
  // arch/Kconfig: SECCOMP, SECCOMP_FILTER; security/*/Kconfig: SECURITY_SELINUX, SECURITY_APPARMOR;
  // block/Kconfig: BLK_DEV_THROTTLING; net/bridge/Kconfig: BRIDGE_VLAN_FILTERING;
  // net/xfrm/Kconfig: XFRM; net/netfilter/ipvs/Kconfig: IP_VS_NFCT, IP_VS_PROTO_TCP, _UDP;
  // net/netfilter/Kconfig: NETFILTER_XTABLES_LEGACY, NF_NAT_NEEDED; fs/*/Kconfig: the _POSIX_ACL,
  // _XATTR and _SECURITY options; drivers/tty/Kconfig: DEVPTS_MULTIPLE_INSTANCES).
  private static final Set<String> BOOL =
      Set.of(
          "CONFIG_NAMESPACES",
          "CONFIG_NET_NS",
          "CONFIG_PID_NS",
          "CONFIG_IPC_NS",
          "CONFIG_UTS_NS",
          "CONFIG_USER_NS",
          "CONFIG_CGROUPS",
          "CONFIG_CGROUP_CPUACCT",
          "CONFIG_CGROUP_DEVICE",
          "CONFIG_CGROUP_FREEZER",
          "CONFIG_CGROUP_SCHED",
          "CONFIG_CPUSETS",
          "CONFIG_MEMCG",
          "CONFIG_MEMCG_SWAP",
          "CONFIG_MEMCG_SWAP_ENABLED",
          "CONFIG_MEMCG_KMEM",
          "CONFIG_CGROUP_BPF",
          "CONFIG_CGROUP_PIDS",
          "CONFIG_CGROUP_PERF",
          "CONFIG_CGROUP_HUGETLB",
          "CONFIG_CGROUP_NET_PRIO",
          "CONFIG_FAIR_GROUP_SCHED",
          "CONFIG_CFS_BANDWIDTH",
          "CONFIG_RT_GROUP_SCHED",
          "CONFIG_BLK_CGROUP",
          "CONFIG_BLK_DEV_THROTTLING",
          "CONFIG_POSIX_MQUEUE",
          "CONFIG_KEYS",
          "CONFIG_SECCOMP",
          "CONFIG_SECCOMP_FILTER",
          "CONFIG_SECURITY_SELINUX",
          "CONFIG_SECURITY_APPARMOR",
          "CONFIG_BRIDGE_VLAN_FILTERING",
          "CONFIG_XFRM",
          "CONFIG_IP_VS_NFCT",
          "CONFIG_IP_VS_PROTO_TCP",
          "CONFIG_IP_VS_PROTO_UDP",
          "CONFIG_NETFILTER_XTABLES_LEGACY",
          "CONFIG_NF_NAT_NEEDED",
          "CONFIG_BTRFS_FS_POSIX_ACL",
          "CONFIG_EXT4_FS_POSIX_ACL",
          "CONFIG_EXT4_FS_SECURITY",
          "CONFIG_EXT3_FS_XATTR",
          "CONFIG_EXT3_FS_POSIX_ACL",
          "CONFIG_EXT3_FS_SECURITY",
          "CONFIG_DEVPTS_MULTIPLE_INSTANCES",
          "CONFIG_CFQ_GROUP_IOSCHED",
          "CONFIG_RESOURCE_COUNTERS");

  private KernelModules() {}

  private static Map<String, String> build() {
    Map<String, String> m = new LinkedHashMap<>();
    // fs/overlayfs/Makefile: obj-$(CONFIG_OVERLAY_FS) += overlay.o
    m.put("CONFIG_OVERLAY_FS", "overlay");
    // fs/btrfs/Makefile: obj-$(CONFIG_BTRFS_FS) := btrfs.o
    m.put("CONFIG_BTRFS_FS", "btrfs");
    // fs/ext4/Makefile: obj-$(CONFIG_EXT4_FS) += ext4.o
    m.put("CONFIG_EXT4_FS", "ext4");
    // fs/ext3/Makefile (until Linux 4.3, when ext4 took over ext3): obj-$(CONFIG_EXT3_FS) += ext3.o
    m.put("CONFIG_EXT3_FS", "ext3");
    // aufs (out of tree), fs/aufs/Makefile: obj-$(CONFIG_AUFS_FS) += aufs.o
    m.put("CONFIG_AUFS_FS", "aufs");
    // drivers/md/Makefile: obj-$(CONFIG_BLK_DEV_DM) += dm-mod.o,
    // obj-$(CONFIG_DM_THIN_PROVISIONING) += dm-thin-pool.o
    m.put("CONFIG_BLK_DEV_DM", "dm_mod");
    m.put("CONFIG_DM_THIN_PROVISIONING", "dm_thin_pool");
    // net/bridge/Makefile: obj-$(CONFIG_BRIDGE) += bridge.o,
    // obj-$(CONFIG_BRIDGE_NETFILTER) += br_netfilter.o
    m.put("CONFIG_BRIDGE", "bridge");
    m.put("CONFIG_BRIDGE_NETFILTER", "br_netfilter");
    // drivers/net/Makefile: obj-$(CONFIG_VETH) += veth.o, obj-$(CONFIG_VXLAN) += vxlan/ (vxlan.o),
    // obj-$(CONFIG_IPVLAN) += ipvlan/ (ipvlan.o), obj-$(CONFIG_MACVLAN) += macvlan.o,
    // obj-$(CONFIG_DUMMY) += dummy.o
    m.put("CONFIG_VETH", "veth");
    m.put("CONFIG_VXLAN", "vxlan");
    m.put("CONFIG_IPVLAN", "ipvlan");
    m.put("CONFIG_MACVLAN", "macvlan");
    m.put("CONFIG_DUMMY", "dummy");
    // net/ipv4/netfilter/Makefile: obj-$(CONFIG_IP_NF_FILTER) += iptable_filter.o, and likewise
    // iptable_mangle, iptable_nat, iptable_raw; obj-$(CONFIG_NF_NAT_IPV4) += nf_nat_ipv4.o (< 5.1);
    // obj-$(CONFIG_NFT_FIB_IPV4) += nft_fib_ipv4.o
    m.put("CONFIG_IP_NF_FILTER", "iptable_filter");
    m.put("CONFIG_IP_NF_MANGLE", "iptable_mangle");
    m.put("CONFIG_IP_NF_NAT", "iptable_nat");
    m.put("CONFIG_IP_NF_RAW", "iptable_raw");
    m.put("CONFIG_NF_NAT_IPV4", "nf_nat_ipv4");
    m.put("CONFIG_NFT_FIB_IPV4", "nft_fib_ipv4");
    // net/ipv6/netfilter/Makefile: obj-$(CONFIG_IP6_NF_FILTER) += ip6table_filter.o, and likewise
    // ip6table_mangle, ip6table_nat, ip6table_raw; obj-$(CONFIG_NFT_FIB_IPV6) += nft_fib_ipv6.o
    m.put("CONFIG_IP6_NF_FILTER", "ip6table_filter");
    m.put("CONFIG_IP6_NF_MANGLE", "ip6table_mangle");
    m.put("CONFIG_IP6_NF_NAT", "ip6table_nat");
    m.put("CONFIG_IP6_NF_RAW", "ip6table_raw");
    m.put("CONFIG_NFT_FIB_IPV6", "nft_fib_ipv6");
    // IP_NF_TARGET_MASQUERADE / IP6_NF_TARGET_MASQUERADE / IP_NF_TARGET_REDIRECT: ipt_MASQUERADE.o
    // etc. in net/ipv{4,6}/netfilter/Makefile before Linux 5.2; since then they select
    // NETFILTER_XT_TARGET_MASQUERADE / _REDIRECT (net/netfilter/Makefile: xt_MASQUERADE.o,
    // xt_REDIRECT.o), which carry MODULE_ALIAS("ipt_MASQUERADE") etc., so the old names load on
    // both.
    m.put("CONFIG_IP_NF_TARGET_MASQUERADE", "ipt_MASQUERADE");
    m.put("CONFIG_IP6_NF_TARGET_MASQUERADE", "ip6t_MASQUERADE");
    m.put("CONFIG_IP_NF_TARGET_REDIRECT", "ipt_REDIRECT");
    // net/netfilter/Makefile: obj-$(CONFIG_NF_NAT) += nf_nat.o, obj-$(CONFIG_NF_TABLES) +=
    // nf_tables.o, obj-$(CONFIG_NFT_CT) += nft_ct.o, obj-$(CONFIG_NFT_MASQ) += nft_masq.o,
    // obj-$(CONFIG_NFT_NAT) += nft_nat.o, obj-$(CONFIG_NFT_FIB) += nft_fib.o,
    // obj-$(CONFIG_NETFILTER_XT_MARK) += xt_mark.o, obj-$(CONFIG_NETFILTER_XT_MATCH_<X>) +=
    // xt_<x>.o,
    // obj-$(CONFIG_NF_CONNTRACK_FTP) += nf_conntrack_ftp.o (and _tftp),
    // obj-$(CONFIG_NF_NAT_FTP) += nf_nat_ftp.o (and _tftp)
    m.put("CONFIG_NF_NAT", "nf_nat");
    m.put("CONFIG_NF_TABLES", "nf_tables");
    m.put("CONFIG_NFT_CT", "nft_ct");
    m.put("CONFIG_NFT_MASQ", "nft_masq");
    m.put("CONFIG_NFT_NAT", "nft_nat");
    m.put("CONFIG_NFT_FIB", "nft_fib");
    m.put("CONFIG_NETFILTER_XT_MARK", "xt_mark");
    m.put("CONFIG_NETFILTER_XT_MATCH_ADDRTYPE", "xt_addrtype");
    m.put("CONFIG_NETFILTER_XT_MATCH_CONNTRACK", "xt_conntrack");
    m.put("CONFIG_NETFILTER_XT_MATCH_IPVS", "xt_ipvs");
    m.put("CONFIG_NETFILTER_XT_MATCH_BPF", "xt_bpf");
    m.put("CONFIG_NF_CONNTRACK_FTP", "nf_conntrack_ftp");
    m.put("CONFIG_NF_CONNTRACK_TFTP", "nf_conntrack_tftp");
    m.put("CONFIG_NF_NAT_FTP", "nf_nat_ftp");
    m.put("CONFIG_NF_NAT_TFTP", "nf_nat_tftp");
    // net/netfilter/ipvs/Makefile: obj-$(CONFIG_IP_VS) += ip_vs.o, obj-$(CONFIG_IP_VS_RR) +=
    // ip_vs_rr.o (IP_VS_NFCT, IP_VS_PROTO_TCP and _UDP are bool parts of ip_vs.o)
    m.put("CONFIG_IP_VS", "ip_vs");
    m.put("CONFIG_IP_VS_RR", "ip_vs_rr");
    // net/xfrm/Makefile: obj-$(CONFIG_XFRM_USER) += xfrm_user.o,
    // obj-$(CONFIG_XFRM_ALGO) += xfrm_algo.o (CONFIG_XFRM is bool)
    m.put("CONFIG_XFRM_USER", "xfrm_user");
    m.put("CONFIG_XFRM_ALGO", "xfrm_algo");
    // net/ipv4/Makefile: obj-$(CONFIG_INET_ESP) += esp4.o
    m.put("CONFIG_INET_ESP", "esp4");
    // crypto/Makefile: obj-$(CONFIG_CRYPTO_GCM) += gcm.o, obj-$(CONFIG_CRYPTO_SEQIV) += seqiv.o,
    // obj-$(CONFIG_CRYPTO_GHASH) += ghash-generic.o
    m.put("CONFIG_CRYPTO_GCM", "gcm");
    m.put("CONFIG_CRYPTO_SEQIV", "seqiv");
    m.put("CONFIG_CRYPTO_GHASH", "ghash_generic");
    // net/sctp/Makefile: obj-$(CONFIG_IP_SCTP) += sctp.o
    m.put("CONFIG_IP_SCTP", "sctp");
    // net/sched/Makefile: obj-$(CONFIG_NET_CLS_CGROUP) += cls_cgroup.o
    m.put("CONFIG_NET_CLS_CGROUP", "cls_cgroup");
    return Map.copyOf(m);
  }

  /**
   * The module a tristate option builds, or null where the option is bool or builds none.
   *
   * @param option the option, {@code CONFIG_} prefixed
   */
  public static @Nullable String moduleOf(String option) {
    return MODULES.get(option);
  }

  /**
   * The remediation for options the kernel config lacks: for those a distribution kernel has as
   * modules, {@code sudo modprobe}, the {@code /etc/modules-load.d} line that loads them at boot,
   * and Ubuntu's extra-modules package; for bool options, a kernel that has them built in; a
   * rebuild last.
   *
   * @param options the missing options, {@code CONFIG_} prefixed
   */
  public static String remedy(List<String> options) {
    List<String> modules = new ArrayList<>();
    List<String> asModules = new ArrayList<>();
    List<String> builtIn = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String o : options) {
      String mod = moduleOf(o);
      if (mod == null && BOOL.contains(o)) {
        builtIn.add(o + "=y");
      } else if (mod == null) {
        unknown.add(o);
      } else {
        modules.add(mod);
        asModules.add(o + "=m");
      }
    }
    List<String> parts = new ArrayList<>();
    if (!modules.isEmpty()) {
      String list = String.join(" ", modules);
      parts.add(
          "load "
              + (modules.size() == 1 ? "the module" : "the modules")
              + ": sudo modprobe "
              + (modules.size() == 1 ? list : "-a " + list)
              + "; to load "
              + (modules.size() == 1 ? "it" : "them")
              + " at boot: "
              + (modules.size() == 1 ? "echo " + list : "printf '%s\\n' " + list)
              + " | sudo tee -a /etc/modules-load.d/docker.conf; where modprobe finds no such module"
              + " on Ubuntu: "
              + UBUNTU_EXTRA
              + "; else use a kernel built with "
              + String.join(", ", asModules));
    }
    if (!builtIn.isEmpty()) {
      parts.add(
          String.join(", ", builtIn)
              + " must be built in ("
              + (builtIn.size() == 1 ? "it cannot be a module" : "they cannot be modules")
              + "): boot the distribution's "
              + "standard kernel, which has "
              + (builtIn.size() == 1 ? "it" : "them")
              + ", or rebuild the kernel with "
              + (builtIn.size() == 1 ? "it" : "them"));
    }
    if (!unknown.isEmpty()) {
      // a tristate option whose module name this table does not know: no command to guess
      parts.add(
          "use a kernel built with "
              + String.join(", ", unknown)
              + " (the distribution's standard kernel, or a rebuild; =y, or =m and load the module)");
    }
    return String.join("; ", parts);
  }
}
