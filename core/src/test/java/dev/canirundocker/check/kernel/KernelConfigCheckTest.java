package dev.canirundocker.check.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import dev.canirundocker.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelConfigCheckTest {

  // What a bool option's remediation says (it cannot be a module, so no modprobe).
  private static String builtIn(String name) {
    return name
        + "=y must be built in (it cannot be a module): boot the distribution's standard"
        + " kernel, which has it, or rebuild the kernel with it";
  }

  // What a tristate option's remediation says: modprobe first, the boot-time line, Ubuntu's
  // package.
  private static String load(String module, String name) {
    return "load the module: sudo modprobe "
        + module
        + "; to load it at boot: echo "
        + module
        + " | sudo tee -a /etc/modules-load.d/docker.conf; where modprobe finds no such module on"
        + " Ubuntu: sudo apt-get install linux-modules-extra-$(uname -r); else use a kernel built"
        + " with "
        + name
        + "=m";
  }

  private static List<String> findings(KernelConfigReport r) {
    List<String> l = new ArrayList<>();
    for (Finding f : r.findings()) {
      l.add(f.id() + " | " + f.severity().json() + " | " + f.message() + " | " + f.remediation());
    }
    return l;
  }

  private static String optionalMissing(String name) {
    return "kernel.config.optional-missing | info | "
        + name
        + " is not set in the kernel config;"
        + " optional features that need it are unavailable | "
        + builtIn(name);
  }

  private static String optionalModule(String name, String module) {
    return "kernel.config.optional-missing | info | "
        + name
        + " is not set in the kernel config;"
        + " optional features that need it are unavailable | "
        + load(module, name);
  }

  private static String requiredMissing(String name) {
    return "kernel.config.missing | fail | "
        + name
        + " is not set in the kernel config; the Docker"
        + " engine requires it | "
        + builtIn(name);
  }

  private static String v1Only(String name) {
    return "kernel.config.optional-missing | info | "
        + name
        + " is not set in the kernel config;"
        + " only cgroup v1 needs it and this host uses cgroup v2 | null";
  }

  private static List<String> names(KernelConfigReport r) {
    List<String> l = new ArrayList<>();
    for (KernelConfigReport.Item i : r.items()) {
      l.add(i.name());
    }
    return l;
  }

  @Test
  void centos7OnCgroupV1IsNativeWithItsOldVersionGates() {
    KernelConfigReport r =
        KernelConfigCheck.evaluate(TestConfigs.load("centos7-3.10.config"), null, "v1");

    assertEquals(Verdict.NATIVE, r.verdict());
    assertEquals(KernelVersion.of(3, 10, 0), r.kernelVersion());
    assertEquals(List.of("btrfs", "devicemapper", "overlay"), r.storageDrivers());
    assertEquals(
        List.of(
            optionalMissing("CONFIG_CGROUP_PIDS"),
            "kernel.config.optional-missing | info | CONFIG_MEMCG_SWAP_ENABLED is not set in the kernel"
                + " config; swap accounting is off unless the kernel boots with swapaccount=1 | boot"
                + " the kernel with swapaccount=1",
            optionalMissing("CONFIG_RT_GROUP_SCHED"),
            optionalMissing("CONFIG_SECURITY_APPARMOR"),
            optionalModule("CONFIG_NFT_FIB_IPV4", "nft_fib_ipv4"),
            optionalModule("CONFIG_NFT_FIB_IPV6", "nft_fib_ipv6"),
            optionalModule("CONFIG_NFT_FIB", "nft_fib")),
        findings(r));
    // gates for <= 3.13 / < 4.8 / < 5.x apply; those from 3.14 and 4.15 on do not
    List<String> n = names(r);
    for (String in :
        List.of(
            "CONFIG_DEVPTS_MULTIPLE_INSTANCES",
            "CONFIG_NF_NAT_IPV4",
            "CONFIG_NF_NAT_NEEDED",
            "CONFIG_MEMCG_SWAP",
            "CONFIG_MEMCG_KMEM",
            "CONFIG_RESOURCE_COUNTERS",
            "CONFIG_IOSCHED_CFQ",
            "CONFIG_CFQ_GROUP_IOSCHED",
            "CONFIG_NETPRIO_CGROUP",
            "CONFIG_INET_XFRM_MODE_TRANSPORT")) {
      assertEquals(true, n.contains(in), in);
    }
    for (String out :
        List.of(
            "CONFIG_CGROUP_BPF",
            "CONFIG_CGROUP_NET_PRIO",
            "CONFIG_EXT3_FS",
            "CONFIG_LEGACY_VSYSCALL_EMULATE")) {
      assertEquals(false, n.contains(out), out);
    }
    assertEquals(
        new KernelConfigReport.Item("CONFIG_NF_NAT_IPV4", "required", ConfigState.MODULE, null),
        r.item("NF_NAT_IPV4"));
    assertEquals(
        new KernelConfigReport.Item("CONFIG_CGROUP_FREEZER", "required", ConfigState.ENABLED, null),
        r.item("CONFIG_CGROUP_FREEZER"));
    assertEquals(
        new KernelConfigReport.Item(
            "CONFIG_NETFILTER_XT_MATCH_IPVS", "network:swarm", ConfigState.MODULE, null),
        r.item("NETFILTER_XT_MATCH_IPVS"));
  }

  @Test
  void pureCgroupV2KernelWithoutV1ControllersIsNativeOnV2() {
    KernelConfigReport r =
        KernelConfigCheck.evaluate(TestConfigs.load("cgroupv2-6.1.config"), null, "v2");

    assertEquals(Verdict.NATIVE, r.verdict());
    assertEquals(
        List.of(
            v1Only("CONFIG_CGROUP_CPUACCT"),
            v1Only("CONFIG_CGROUP_DEVICE"),
            v1Only("CONFIG_CGROUP_FREEZER"),
            optionalMissing("CONFIG_RT_GROUP_SCHED")),
        findings(r));
    assertEquals(
        new KernelConfigReport.Item("CONFIG_CGROUP_FREEZER", "optional", ConfigState.MISSING, null),
        r.item("CGROUP_FREEZER"));
    assertEquals(
        new KernelConfigReport.Item("CONFIG_CGROUP_BPF", "required", ConfigState.ENABLED, null),
        r.item("CGROUP_BPF"));
    // 6.1: none of the old gated items, and the vsyscall XONLY default prints nothing
    for (String out :
        List.of(
            "CONFIG_MEMCG_SWAP",
            "CONFIG_MEMCG_SWAP_ENABLED",
            "CONFIG_NF_NAT_IPV4",
            "CONFIG_IOSCHED_CFQ",
            "CONFIG_NETPRIO_CGROUP",
            "CONFIG_LEGACY_VSYSCALL_NONE",
            "CONFIG_EXT3_FS")) {
      assertNull(r.item(out), out);
    }
  }

  @Test
  void sameKernelOnCgroupV1OrHybridNeedsTheV1Controllers() {
    KernelConfigInfo c = TestConfigs.load("cgroupv2-6.1.config");
    for (String mode : new String[] {"v1", "hybrid", null}) {
      KernelConfigReport r = KernelConfigCheck.evaluate(c, null, mode);
      assertEquals(Verdict.UNSUPPORTED, r.verdict(), mode);
      assertEquals(
          List.of(
              requiredMissing("CONFIG_CGROUP_CPUACCT"),
              requiredMissing("CONFIG_CGROUP_DEVICE"),
              requiredMissing("CONFIG_CGROUP_FREEZER"),
              optionalMissing("CONFIG_RT_GROUP_SCHED")),
          findings(r),
          mode);
    }
  }

  @Test
  void cgroupV2RequiresCgroupBpfAtAnyVersion() {
    KernelConfigInfo noBpf =
        TestConfigs.with(TestConfigs.load("cgroupv2-6.1.config"), "CONFIG_CGROUP_BPF", null);
    KernelConfigReport r = KernelConfigCheck.evaluate(noBpf, null, "v2");
    assertEquals(Verdict.UNSUPPORTED, r.verdict());
    assertEquals(
        List.of(requiredMissing("CONFIG_CGROUP_BPF")),
        findings(r).stream().filter(f -> f.startsWith("kernel.config.missing")).toList());

    // below check-config.sh's 4.15 gate, v2 still needs it (system-validators' RequiredCgroupsV2)
    KernelConfigReport old = KernelConfigCheck.evaluate(noBpf, KernelVersion.of(4, 14, 300), "v2");
    assertEquals(true, findings(old).contains(requiredMissing("CONFIG_CGROUP_BPF")));

    // on v1, a 4.14 kernel is below check-config.sh's 4.15 gate: not asked for
    KernelConfigReport v1 = KernelConfigCheck.evaluate(noBpf, KernelVersion.of(4, 14, 300), "v1");
    assertNull(v1.item("CGROUP_BPF"));
    assertEquals(
        List.of(),
        v1.findings("kernel.config.missing").stream()
            .filter(f -> f.message().startsWith("CONFIG_CGROUP_BPF"))
            .toList());
  }

  @Test
  void kernelWithoutStorageDriverIsUnsupported() {
    KernelConfigReport r =
        KernelConfigCheck.evaluate(TestConfigs.load("no-storage-5.15.config"), null, "v2");

    assertEquals(Verdict.UNSUPPORTED, r.verdict());
    assertEquals(List.of(), r.storageDrivers());
    assertEquals(
        List.of(
            "kernel.storage.none | fail | no storage driver is usable with this kernel config: aufs"
                + " lacks CONFIG_AUFS_FS; btrfs lacks CONFIG_BTRFS_FS, CONFIG_BTRFS_FS_POSIX_ACL;"
                + " devicemapper lacks CONFIG_BLK_DEV_DM, CONFIG_DM_THIN_PROVISIONING; overlay lacks"
                + " CONFIG_OVERLAY_FS (zfs is not in the kernel config and was not checked) | for the"
                + " overlay2 storage driver, "
                + load("overlay", "CONFIG_OVERLAY_FS"),
            "kernel.network.ipvlan.missing | warn | ipvlan networks need CONFIG_IPVLAN, not set in the"
                + " kernel config | "
                + load("ipvlan", "CONFIG_IPVLAN")
                + "; or do without ipvlan networks",
            optionalMissing("CONFIG_RT_GROUP_SCHED"),
            optionalModule("CONFIG_EXT3_FS", "ext3"),
            optionalMissing("CONFIG_EXT3_FS_XATTR"),
            optionalMissing("CONFIG_EXT3_FS_POSIX_ACL"),
            optionalMissing("CONFIG_EXT3_FS_SECURITY")),
        findings(r));
    assertEquals(
        new KernelConfigReport.Item(
            "CONFIG_LEGACY_VSYSCALL_EMULATE", "optional", ConfigState.ENABLED, null),
        r.item("LEGACY_VSYSCALL_EMULATE"));
  }

  @Test
  void oneStorageDriverIsEnough() {
    KernelConfigInfo c =
        TestConfigs.with(
            TestConfigs.load("no-storage-5.15.config"),
            "CONFIG_BTRFS_FS",
            "m",
            "CONFIG_BTRFS_FS_POSIX_ACL",
            "y");
    KernelConfigReport r = KernelConfigCheck.evaluate(c, null, "v2");
    assertEquals(Verdict.NATIVE, r.verdict());
    assertEquals(List.of("btrfs"), r.storageDrivers());

    // a driver needs all its options: btrfs without POSIX ACLs does not count
    KernelConfigReport half =
        KernelConfigCheck.evaluate(
            TestConfigs.with(c, "CONFIG_BTRFS_FS_POSIX_ACL", null), null, "v2");
    assertEquals(Verdict.UNSUPPORTED, half.verdict());
    assertEquals(1, half.findings("kernel.storage.none").size());
  }

  @Test
  void onlyLegacyStorageDriversIsNativeWithAWarning() {
    KernelConfigInfo c =
        TestConfigs.with(
            TestConfigs.load("no-storage-5.15.config"),
            "CONFIG_BLK_DEV_DM",
            "y",
            "CONFIG_DM_THIN_PROVISIONING",
            "m");
    KernelConfigReport r = KernelConfigCheck.evaluate(c, null, "v2");
    assertEquals(Verdict.NATIVE, r.verdict());
    assertEquals(List.of("devicemapper"), r.storageDrivers());
    assertEquals(
        List.of(
            "kernel.storage.legacy-only | warn | the only storage drivers this kernel"
                + " config supports are gone from current engines: devicemapper (removed in Docker Engine"
                + " 25.0) | for the overlay2 storage driver, "
                + load("overlay", "CONFIG_OVERLAY_FS")),
        findings(r).stream().filter(f -> f.startsWith("kernel.storage")).toList());
  }

  @Test
  void ipvsMatchIsOnlyNeededForSwarmServices() {
    // both copies of check-config.sh call it required; the engine uses it only for swarm-mode
    // service load balancing (libnetwork service_linux.go), so it is a network warning here
    KernelConfigInfo c =
        TestConfigs.with(
            TestConfigs.load("cgroupv2-6.1.config"),
            "CONFIG_NETFILTER_XT_MATCH_IPVS",
            null,
            "CONFIG_IP_VS_RR",
            null);
    KernelConfigReport r = KernelConfigCheck.evaluate(c, null, "v2");
    assertEquals(Verdict.NATIVE, r.verdict());
    assertEquals(
        List.of(
            "kernel.network.swarm.missing | warn | swarm-mode services (IPVS load"
                + " balancing) need CONFIG_NETFILTER_XT_MATCH_IPVS, CONFIG_IP_VS_RR, not set in the kernel"
                + " config | load the modules: sudo modprobe -a xt_ipvs ip_vs_rr; to load them at boot:"
                + " printf '%s\\n' xt_ipvs ip_vs_rr | sudo tee -a /etc/modules-load.d/docker.conf; where"
                + " modprobe finds no such module on Ubuntu: sudo apt-get install"
                + " linux-modules-extra-$(uname -r); else use a kernel built with"
                + " CONFIG_NETFILTER_XT_MATCH_IPVS=m, CONFIG_IP_VS_RR=m; or do without swarm-mode services"
                + " (IPVS load balancing)"),
        findings(r).stream().filter(f -> f.startsWith("kernel.network")).toList());
  }

  @Test
  void outOfTreeOverlayNameSatisfiesOverlay() {
    KernelConfigInfo c =
        TestConfigs.with(TestConfigs.load("no-storage-5.15.config"), "CONFIG_OVERLAYFS_FS", "m");
    KernelConfigReport r = KernelConfigCheck.evaluate(c, null, "v2");
    assertEquals(Verdict.NATIVE, r.verdict());
    assertEquals(
        new KernelConfigReport.Item(
            "CONFIG_OVERLAY_FS", "storage:overlay", ConfigState.MODULE, "CONFIG_OVERLAYFS_FS"),
        r.item("OVERLAY_FS"));
  }

  @Test
  void kernelWithoutNamespacesIsUnsupported() {
    KernelConfigReport r =
        KernelConfigCheck.evaluate(TestConfigs.load("no-namespaces-4.19.config"), null, "hybrid");

    assertEquals(Verdict.UNSUPPORTED, r.verdict());
    assertEquals(List.of("overlay"), r.storageDrivers());
    assertEquals(
        List.of(
            requiredMissing("CONFIG_NAMESPACES"),
            requiredMissing("CONFIG_NET_NS"),
            requiredMissing("CONFIG_PID_NS"),
            requiredMissing("CONFIG_IPC_NS"),
            requiredMissing("CONFIG_UTS_NS"),
            "kernel.vsyscall.native | warn | CONFIG_LEGACY_VSYSCALL_NATIVE is enabled: a"
                + " fixed-address vsyscall page gives exploits an ASLR bypass with usable ROP gadgets"
                + " | boot with vsyscall=emulate (add it to the kernel command line), or rebuild the"
                + " kernel with CONFIG_LEGACY_VSYSCALL_EMULATE=y",
            optionalMissing("CONFIG_USER_NS")),
        findings(r));
  }

  @Test
  void vsyscallNoneIsAWarning() {
    KernelConfigInfo c =
        TestConfigs.with(
            TestConfigs.load("cgroupv2-6.1.config"),
            "CONFIG_LEGACY_VSYSCALL_XONLY",
            null,
            "CONFIG_LEGACY_VSYSCALL_NONE",
            "y");
    KernelConfigReport r = KernelConfigCheck.evaluate(c, null, "v2");
    assertEquals(Verdict.NATIVE, r.verdict());
    assertEquals(
        List.of(
            new Finding(
                "kernel.vsyscall.none",
                dev.canirundocker.check.Severity.WARN,
                "CONFIG_LEGACY_VSYSCALL_NONE is enabled: containers using eglibc 2.13 or older will not"
                    + " work",
                "boot with vsyscall=emulate, or rebuild the kernel with"
                    + " CONFIG_LEGACY_VSYSCALL_EMULATE=y, where such images are needed")),
        r.findings("kernel.vsyscall.none"));
  }

  @Test
  void explicitVersionWinsOverTheHeader() {
    // check-config.sh gates on uname -r, not the config header
    KernelConfigReport r =
        KernelConfigCheck.evaluate(
            TestConfigs.load("cgroupv2-6.1.config"), KernelVersion.of(5, 7, 19), "v2");
    assertEquals(KernelVersion.of(5, 7, 19), r.kernelVersion());
    assertEquals(
        new KernelConfigReport.Item("CONFIG_MEMCG_SWAP", "optional", ConfigState.MISSING, null),
        r.item("MEMCG_SWAP"));
  }

  @Test
  void unknownVersionSkipsGatedItemsAndSaysSo() {
    KernelConfigInfo c = TestConfigs.load("cgroupv2-6.1.config");
    KernelConfigInfo noVersion = new KernelConfigInfo("x", null, c.entries());
    KernelConfigReport r = KernelConfigCheck.evaluate(noVersion, null, "v1");
    assertNull(r.kernelVersion());
    assertNull(r.item("CGROUP_NET_PRIO"));
    assertNull(r.item("CGROUP_BPF"));
    assertEquals(
        List.of(
            new Finding(
                "kernel.version.unknown",
                dev.canirundocker.check.Severity.WARN,
                "the kernel version is unknown, so version-dependent kernel options were not checked",
                "pass the kernel version (uname -r) or use a config whose header names it")),
        r.findings("kernel.version.unknown"));
    // on v2, CGROUP_BPF is required whatever the version
    assertEquals(
        ConfigState.ENABLED,
        KernelConfigCheck.evaluate(noVersion, null, "v2").item("CGROUP_BPF").state());
  }

  @Test
  void valuesOtherThanYAndMReadAsMissing() {
    KernelConfigInfo c =
        TestConfigs.with(
            TestConfigs.load("cgroupv2-6.1.config"),
            "CONFIG_NAMESPACES",
            "n",
            "CONFIG_KEYS",
            "\"y\"");
    KernelConfigReport r = KernelConfigCheck.evaluate(c, null, "v2");
    assertEquals(ConfigState.MISSING, r.item("NAMESPACES").state());
    assertEquals(ConfigState.MISSING, r.item("KEYS").state());
    assertEquals(Verdict.UNSUPPORTED, r.verdict());
  }

  @Test
  void jsonFollowsTheKernelContract() {
    KernelConfigReport r =
        KernelConfigCheck.evaluate(TestConfigs.load("no-namespaces-4.19.config"), null, "v1");
    @SuppressWarnings("unchecked")
    Map<String, Object> m = Json.parseObject(Json.compact(r.toJson()));
    assertEquals(
        List.of(
            "schemaVersion",
            "verdict",
            "configSource",
            "kernelVersion",
            "cgroupMode",
            "items",
            "storageDrivers",
            "findings"),
        new ArrayList<>(m.keySet()));
    assertEquals(1L, m.get("schemaVersion"));
    assertEquals("UNSUPPORTED", m.get("verdict"));
    assertEquals("no-namespaces-4.19.config", m.get("configSource"));
    assertEquals("4.19.0", m.get("kernelVersion"));
    List<?> items = (List<?>) m.get("items");
    assertEquals(
        Map.of("name", "CONFIG_NAMESPACES", "group", "required", "state", "missing"), items.get(0));
    assertEquals(
        Map.of("name", "CONFIG_NF_NAT_IPV4", "group", "required", "state", "enabled"),
        items.stream()
            .filter(i -> ((Map<?, ?>) i).get("name").equals("CONFIG_NF_NAT_IPV4"))
            .findFirst()
            .orElseThrow());
    assertEquals(
        Map.of(
            "id",
            "kernel.config.missing",
            "severity",
            "fail",
            "message",
            "CONFIG_NAMESPACES is not set in the kernel config; the Docker engine requires it",
            "remediation",
            builtIn("CONFIG_NAMESPACES")),
        ((List<?>) m.get("findings")).get(0));
    assertEquals(r.items().size(), items.size());
  }

  @Test
  void reportIsImmutable() {
    KernelConfigReport r =
        KernelConfigCheck.evaluate(TestConfigs.load("cgroupv2-6.1.config"), null, "v2");
    assertThrows(UnsupportedOperationException.class, () -> r.items().clear());
    assertThrows(UnsupportedOperationException.class, () -> r.findings().clear());
    assertThrows(UnsupportedOperationException.class, () -> r.storageDrivers().clear());
  }

  @Test
  void nullConfigIsRejected() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class, () -> KernelConfigCheck.evaluate(null, null, "v2"));
    assertEquals("config", e.getMessage());
  }
}
