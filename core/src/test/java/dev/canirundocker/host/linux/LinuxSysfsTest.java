package dev.canirundocker.host.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.canirundocker.host.BinfmtEntry;
import dev.canirundocker.host.CgroupMode;
import dev.canirundocker.host.KernelInfo;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.host.LinuxInfo.BinfmtInfo;
import dev.canirundocker.host.LinuxInfo.CgroupInfo;
import dev.canirundocker.host.LinuxInfo.ContainerInfo;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import dev.canirundocker.host.LinuxInfo.RootlessInfo;
import dev.canirundocker.host.LinuxInfo.SeccompSupport;
import dev.canirundocker.host.LinuxInfo.SecurityInfo;
import dev.canirundocker.host.Unknown;
import dev.canirundocker.host.WslKind;
import dev.canirundocker.platform.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxSysfsTest {
  private static final String QEMU_MASK = "ffffffffffffff00fffffffffffffffffeffffff";

  @TempDir Path tmp;

  private static LinuxSysfs fixture(String name) throws Exception {
    return new LinuxSysfs(Path.of(LinuxSysfsTest.class.getResource("/linux/" + name).toURI()));
  }

  private static List<BinfmtEntry> byName(List<BinfmtEntry> l) {
    return l.stream().sorted(Comparator.comparing(BinfmtEntry::name)).toList();
  }

  private void write(String rel, String content) throws Exception {
    dev.canirundocker.testing.FixtureTree.write(tmp, rel, content);
  }

  private void executable(String rel) throws Exception {
    dev.canirundocker.testing.FixtureTree.executable(tmp, rel);
  }

  @Test
  void debian12CgroupV2Host() throws Exception {
    LinuxReadResult r =
        fixture("v2-debian12")
            .readAll(
                Map.of(
                    "PATH",
                    "/usr/local/bin:/usr/bin:/bin",
                    "USER",
                    "someone-else",
                    "XDG_RUNTIME_DIR",
                    "/run/user/1000"));

    assertEquals(List.of(), r.unknowns());
    assertEquals(
        new KernelInfo(
            "6.1.0-18-amd64",
            "6.1.0",
            "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
            "BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0b6e0a3c-6a43-4f4e-9d59-2c1b0e5ac0ad ro quiet"),
        r.kernel());
    LinuxInfo l = r.linux();
    Map<String, String> cfg = new LinkedHashMap<>();
    cfg.put("CONFIG_CC_VERSION_TEXT", "\"gcc-12 (Debian 12.2.0-14) 12.2.0\"");
    cfg.put("CONFIG_NAMESPACES", "y");
    cfg.put("CONFIG_NET_NS", "y");
    cfg.put("CONFIG_USER_NS", "y");
    cfg.put("CONFIG_CGROUPS", "y");
    cfg.put("CONFIG_MEMCG", "y");
    cfg.put("CONFIG_OVERLAY_FS", "m");
    cfg.put("CONFIG_BINFMT_MISC", "m");
    cfg.put("CONFIG_IA32_EMULATION", "y");
    cfg.put("CONFIG_NR_CPUS", "8192");
    assertEquals(
        new KernelConfigInfo("/boot/config-6.1.0-18-amd64", "6.1.76", cfg), l.kernelConfig());
    assertEquals(
        new CgroupInfo(
            CgroupMode.V2,
            "/sys/fs/cgroup",
            List.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc")),
        l.cgroups());
    assertEquals(
        List.of(
            "cgroup",
            "ipc",
            "mnt",
            "net",
            "pid",
            "pid_for_children",
            "time",
            "time_for_children",
            "user",
            "uts"),
        l.namespaces());
    assertEquals(
        List.of(
            "sysfs",
            "tmpfs",
            "proc",
            "cgroup",
            "cgroup2",
            "devpts",
            "ext3",
            "ext4",
            "overlay",
            "binfmt_misc",
            "vfat"),
        l.filesystems());
    assertEquals(
        new SecurityInfo(
            "disabled",
            true,
            false,
            "disabled",
            new SeccompSupport(
                true,
                List.of(
                    "kill_process",
                    "kill_thread",
                    "trap",
                    "errno",
                    "user_notif",
                    "trace",
                    "log",
                    "allow"),
                "/proc/sys/kernel/seccomp/actions_avail lists kill_process kill_thread trap errno user_notif "
                    + "trace log allow")),
        l.security());
    assertEquals(true, l.binfmt().mounted());
    assertEquals(true, l.binfmt().enabled());
    assertEquals(
        List.of(
            new BinfmtEntry("DOSWin", true, "/usr/bin/wine", "", 0, null, null, ".exe", null),
            new BinfmtEntry(
                "python3.11", true, "/usr/bin/python3.11", "", 0, "a70d0d0a", null, null, null),
            new BinfmtEntry(
                "qemu-aarch64",
                true,
                "/usr/libexec/qemu-binfmt/aarch64-binfmt-P",
                "PF",
                0,
                "7f454c460201010000000000000000000200b700",
                QEMU_MASK,
                null,
                Platform.of("linux", "arm64", "")),
            new BinfmtEntry(
                "qemu-arm",
                true,
                "/usr/bin/qemu-arm-static",
                "OC",
                0,
                "7f454c4601010100000000000000000002002800",
                QEMU_MASK,
                null,
                Platform.of("linux", "arm", "v7")),
            new BinfmtEntry(
                "qemu-riscv64",
                false,
                "/usr/libexec/qemu-binfmt/riscv64-binfmt-P",
                "PF",
                0,
                "7f454c460201010000000000000000000200f300",
                QEMU_MASK,
                null,
                Platform.of("linux", "riscv64", ""))),
        byName(l.binfmt().entries()));
    assertEquals(
        Map.of(
            "net.ipv4.ip_forward",
            "1",
            "kernel.keys.root_maxkeys",
            "1000000",
            "kernel.keys.root_maxbytes",
            "25000000",
            "kernel.keys.maxkeys",
            "200",
            "user.max_user_namespaces",
            "127573",
            "kernel.unprivileged_userns_clone",
            "1"),
        l.sysctls());
    assertEquals(WslKind.NONE, l.wsl());
    assertEquals(new ContainerInfo(false, List.of()), l.container());
    // the name comes from /etc/passwd for the real uid, not from $USER; subgid lines count by
    // name and by uid
    assertEquals(
        new RootlessInfo(
            "alice",
            1000,
            null,
            null,
            65536,
            131072,
            "/run/user/1000",
            List.of("cpu", "memory", "pids")),
        l.rootless());
  }

  @Test
  void centos7CgroupV1InsideDocker() throws Exception {
    LinuxReadResult r = fixture("v1-centos7").readAll(Map.of());
    assertEquals(List.of(), r.unknowns());
    assertEquals("3.10.0", r.kernel().version());
    LinuxInfo l = r.linux();
    assertEquals("3.10.0-1160.el7.x86_64", l.kernelConfig().version());
    assertEquals("y", l.kernelConfig().get("DEVPTS_MULTIPLE_INSTANCES"));
    // memory is disabled at boot (cgroup_disable=memory); perf_event and hugetlb are not mounted
    assertEquals(
        new CgroupInfo(
            CgroupMode.V1,
            "/sys/fs/cgroup",
            List.of(
                "cpuset",
                "cpu",
                "cpuacct",
                "devices",
                "freezer",
                "net_cls",
                "blkio",
                "pids",
                "net_prio")),
        l.cgroups());
    assertEquals(
        new SecurityInfo(
            "filter",
            false,
            false,
            "enforcing",
            new SeccompSupport(
                true,
                null,
                "CONFIG_SECCOMP and CONFIG_SECCOMP_FILTER are set in /boot/config-3.10.0-1160.el7.x86_64")),
        l.security());
    assertEquals(new BinfmtInfo(false, null, List.of()), l.binfmt());
    assertEquals(
        Map.of(
            "net.ipv4.ip_forward",
            "0",
            "kernel.keys.root_maxkeys",
            "200",
            "user.max_user_namespaces",
            "0"),
        l.sysctls());
    assertEquals(
        new ContainerInfo(
            true, List.of("/.dockerenv", "/proc/1/cgroup: 11:cpuset:/docker/3f2a9c1e5b7d")),
        l.container());
    assertEquals(new RootlessInfo("root", 0, null, null, 0, 0, null, null), l.rootless());
  }

  @Test
  void ubuntu2004HybridWithoutKernelConfig() throws Exception {
    LinuxReadResult r = fixture("hybrid-ubuntu2004").readAll(Map.of());
    assertEquals(
        List.of(
            new Unknown(
                "linux.kernelConfig",
                "no kernel config found (tried "
                    + "/proc/config.gz, /boot/config-5.4.0-150-generic, /usr/src/linux-5.4.0-150-generic/.config, "
                    + "/usr/src/linux/.config, /usr/lib/modules/5.4.0-150-generic/config, "
                    + "/lib/modules/5.4.0-150-generic/config, /usr/lib/ostree-boot/config-5.4.0-150-generic, "
                    + "/usr/lib/kernel/config-5.4.0-150-generic, "
                    + "/usr/src/linux-headers-5.4.0-150-generic/.config, "
                    + "/lib/modules/5.4.0-150-generic/build/.config)")),
        r.unknowns());
    LinuxInfo l = r.linux();
    assertNull(l.kernelConfig());
    assertEquals(
        new CgroupInfo(
            CgroupMode.HYBRID,
            "/sys/fs/cgroup",
            List.of("cpu", "cpuacct", "memory", "devices", "pids")),
        l.cgroups());
    assertEquals(Map.of("kernel.apparmor_restrict_unprivileged_userns", "1"), l.sysctls());
    assertEquals(new RootlessInfo("ubuntu", 1000, null, null, 0, 0, null, null), l.rootless());
  }

  @Test
  void wsl2ByReleaseAndWsl1ByCapitalMicrosoft() throws Exception {
    LinuxInfo wsl2 = fixture("wsl2").readAll(Map.of()).linux();
    assertEquals(WslKind.WSL2, wsl2.wsl());
    assertEquals(
        List.of(new BinfmtEntry("WSLInterop", true, "/init", "PF", 0, "4d5a", null, null, null)),
        wsl2.binfmt().entries());
    assertEquals(WslKind.WSL1, fixture("wsl1").readAll(Map.of()).linux().wsl());
  }

  @Test
  void missingFilesAreUnknownsNotErrors() throws Exception {
    LinuxReadResult r = fixture("wsl1").readAll(Map.of());
    assertEquals(new KernelInfo("4.4.0-19041-Microsoft", "4.4.0", null, null), r.kernel());
    assertEquals(
        List.of(
            new Unknown("kernel.build", "/proc/sys/kernel/version: not found"),
            new Unknown("kernel.commandLine", "/proc/cmdline: not found"),
            new Unknown("linux.security.seccomp", "/proc/self/status: not found"),
            new Unknown("linux.rootless", "/proc/self/status: not found"),
            new Unknown(
                "linux.kernelConfig",
                "no kernel config found (tried /proc/config.gz, "
                    + "/boot/config-4.4.0-19041-Microsoft, /usr/src/linux-4.4.0-19041-Microsoft/.config, "
                    + "/usr/src/linux/.config, /usr/lib/modules/4.4.0-19041-Microsoft/config, "
                    + "/lib/modules/4.4.0-19041-Microsoft/config, "
                    + "/usr/lib/ostree-boot/config-4.4.0-19041-Microsoft, "
                    + "/usr/lib/kernel/config-4.4.0-19041-Microsoft, "
                    + "/usr/src/linux-headers-4.4.0-19041-Microsoft/.config, "
                    + "/lib/modules/4.4.0-19041-Microsoft/build/.config)"),
            new Unknown("linux.cgroups", "/proc/self/mountinfo: not found"),
            new Unknown("linux.namespaces", "/proc/self/ns: not found"),
            new Unknown("linux.filesystems", "/proc/filesystems: not found"),
            new Unknown(
                "linux.security.seccompSupport",
                "/proc/sys/kernel/seccomp/actions_avail is "
                    + "absent and no kernel config was found")),
        r.unknowns());
    assertEquals(
        new LinuxInfo(
            null,
            null,
            null,
            null,
            new SecurityInfo(null, false, false, "disabled", null),
            new BinfmtInfo(false, null, List.of()),
            Map.of(),
            WslKind.WSL1,
            new ContainerInfo(false, List.of()),
            null),
        r.linux());
  }

  /**
   * The facts an image check reads, from the same tree: the others are null, without unknowns (they
   * were not asked), and what was read is what a full read gives, unknowns in the same order.
   */
  @Test
  void aSubsetOfFactsLeavesTheOthersNullWithoutUnknowns() throws Exception {
    LinuxReadResult all = fixture("wsl1").readAll(Map.of());
    LinuxReadResult some =
        fixture("wsl1")
            .readAll(
                Map.of(),
                null,
                java.util.EnumSet.of(
                    dev.canirundocker.host.HostFact.KERNEL_CONFIG,
                    dev.canirundocker.host.HostFact.BINFMT,
                    dev.canirundocker.host.HostFact.GPU));
    assertEquals(
        new LinuxInfo(
            null,
            null,
            null,
            null,
            null,
            new BinfmtInfo(false, null, List.of()),
            Map.of(),
            WslKind.WSL1,
            null,
            null),
        some.linux());
    assertEquals(all.kernel(), some.kernel());
    assertEquals(all.gpu(), some.gpu());
    assertEquals(
        List.of(
            new Unknown("kernel.build", "/proc/sys/kernel/version: not found"),
            new Unknown("kernel.commandLine", "/proc/cmdline: not found"),
            all.unknown("linux.kernelConfig").orElseThrow()),
        some.unknowns());
    // every fact asked: the sequential read's result, unknowns in its order
    assertEquals(
        all, fixture("wsl1").readAll(Map.of(), null, dev.canirundocker.host.HostFact.all()));
  }

  /**
   * The security facts fall back on the kernel config: asked alone, the config is read for them.
   */
  @Test
  void securityAloneReadsTheConfigForSeccompButDoesNotReportIt() throws Exception {
    write("boot/config-6.1.0", "CONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\n");
    write("proc/sys/kernel/osrelease", "6.1.0\n");
    write("proc/self/status", "Name:\tjava\nSeccomp:\t0\n");
    LinuxReadResult r =
        new LinuxSysfs(tmp)
            .readAll(
                Map.of(), null, java.util.EnumSet.of(dev.canirundocker.host.HostFact.SECURITY));
    assertEquals(null, r.linux().kernelConfig());
    assertEquals(true, r.linux().security().seccompSupport().supported());
    assertEquals(new LinuxSysfs(tmp).readAll(Map.of()).linux().security(), r.linux().security());
  }

  @Test
  void emptyRootGivesUnknownKernelAndWsl() {
    LinuxReadResult r = new LinuxSysfs(tmp).readAll(null);
    assertEquals(new KernelInfo(null, null, null, null), r.kernel());
    assertEquals(
        List.of(
            "kernel.release",
            "kernel.build",
            "kernel.commandLine",
            "linux.security.seccomp",
            "linux.rootless",
            "linux.kernelConfig",
            "linux.cgroups",
            "linux.namespaces",
            "linux.filesystems",
            "linux.security.seccompSupport",
            "linux.wsl"),
        r.unknowns().stream().map(Unknown::fact).toList());
    assertEquals(
        new Unknown("kernel.release", "/proc/sys/kernel/osrelease: not found"),
        r.unknowns().get(0));
  }

  @Test
  void garbageFilesAreUnknownsNamingFileAndProblem() throws Exception {
    LinuxReadResult r = fixture("garbage").readAll(Map.of());
    assertEquals(
        List.of(
            new Unknown(
                "kernel.release",
                "/proc/sys/kernel/osrelease: 'not a release' is not a kernel release"),
            new Unknown(
                "linux.kernelConfig", "/proc/config.gz: not a kernel config (no CONFIG_ lines)"),
            new Unknown(
                "linux.cgroups",
                "/proc/self/mountinfo line 1: expected 'id parent dev root "
                    + "mountpoint options ... - fstype source options'"),
            new Unknown("linux.namespaces", "/proc/self/ns: not a directory"),
            new Unknown(
                "linux.filesystems",
                "/proc/filesystems line 1: expected '[nodev] NAME', got 'nodev ext4 extra'"),
            new Unknown(
                "linux.security.seccomp", "/proc/self/status: Seccomp '7' is not 0, 1 or 2"),
            new Unknown(
                "linux.security.seccompSupport",
                "/proc/sys/kernel/seccomp/actions_avail is "
                    + "absent and no kernel config was found"),
            new Unknown(
                "linux.security.apparmor",
                "/sys/module/apparmor/parameters/enabled: 'maybe' is not Y or N"),
            new Unknown("linux.security.selinux", "/sys/fs/selinux/enforce: 'x' is not 0 or 1"),
            new Unknown(
                "linux.binfmt", "/proc/sys/fs/binfmt_misc/status: 'on' is not enabled or disabled"),
            new Unknown("linux.wsl", "kernel release unknown"),
            new Unknown("linux.rootless", "/proc/self/status: Uid 'abc' is not numeric")),
        r.unknowns());
    assertEquals(
        new LinuxInfo(
            null,
            null,
            null,
            null,
            new SecurityInfo(null, null, false, null, null),
            null,
            Map.of(),
            null,
            new ContainerInfo(false, List.of()),
            null),
        r.linux());
  }

  @Test
  void oneBadBinfmtEntryIsUnknownAndTheOthersStay() throws Exception {
    write("proc/sys/fs/binfmt_misc/status", "disabled\n");
    write("proc/sys/fs/binfmt_misc/register", "");
    write(
        "proc/sys/fs/binfmt_misc/good",
        "enabled\ninterpreter /bin/good\nflags: F\noffset 0\n" + "magic 00\n");
    write("proc/sys/fs/binfmt_misc/bad", "\u0000\u0001garbage\n");
    LinuxReadResult r = new LinuxSysfs(tmp).readAll(Map.of());
    assertEquals(
        new BinfmtInfo(
            true,
            false,
            List.of(new BinfmtEntry("good", true, "/bin/good", "F", 0, "00", null, null, null))),
        r.linux().binfmt());
    assertEquals(
        List.of(
            new Unknown(
                "linux.binfmt.entries",
                "binfmt_misc entry 'bad' line 1: expected 'enabled' or 'disabled', got '??garbage'")),
        r.unknowns().stream().filter(u -> u.fact().startsWith("linux.binfmt")).toList());
  }

  @Test
  void unreadableSysctlIsUnknownAndAbsentOnesAreLeftOut() throws Exception {
    write("proc/sys/net/ipv4/ip_forward", "1\n");
    Files.createDirectories(tmp.resolve("proc/sys/user/max_user_namespaces")); // not a file
    LinuxReadResult r = new LinuxSysfs(tmp).readAll(Map.of());
    assertEquals(Map.of("net.ipv4.ip_forward", "1"), r.linux().sysctls());
    assertEquals(
        List.of(
            new Unknown(
                "linux.sysctls.user.max_user_namespaces",
                "/proc/sys/user/max_user_namespaces: not a regular file")),
        r.unknowns().stream().filter(u -> u.fact().startsWith("linux.sysctls")).toList());
  }

  @Test
  void explicitKernelConfigIsUsedAndItsFailureIsNamed() throws Exception {
    write("proc/config.gz", "CONFIG_FROM_PROC=y\n");
    Path mine = tmp.resolve("my.config");
    Files.writeString(mine, "# Linux/arm64 6.6.0 Kernel Configuration\nCONFIG_MINE=y\n");
    assertEquals(
        new KernelConfigInfo(mine.toString(), "6.6.0", Map.of("CONFIG_MINE", "y")),
        new LinuxSysfs(tmp).readAll(Map.of(), mine).linux().kernelConfig());
    Path missing = tmp.resolve("missing.config");
    LinuxReadResult r = new LinuxSysfs(tmp).readAll(Map.of(), missing);
    assertNull(r.linux().kernelConfig());
    assertEquals(
        new Unknown("linux.kernelConfig", missing + ": not found"),
        r.unknown("linux.kernelConfig").orElseThrow());
  }

  @Test
  void rootlessHelpersAndApparmorParserAreFoundOnPathUnderTheRoot() throws Exception {
    write("proc/self/status", "Uid:\t1000\t1000\t1000\t1000\nSeccomp:\t2\n");
    write("etc/subuid", "1000:100000:65536\n");
    executable("opt/shadow/bin/newuidmap");
    executable("usr/bin/newgidmap");
    executable("usr/sbin/apparmor_parser");
    write("usr/bin/newuidmap", "not executable\n");
    LinuxInfo l =
        new LinuxSysfs(tmp)
            .readAll(Map.of("PATH", "relative/bin:/opt/shadow/bin/", "LOGNAME", "dev"))
            .linux();
    assertEquals(
        new RootlessInfo(
            "dev", 1000, "/opt/shadow/bin/newuidmap", "/usr/bin/newgidmap", 65536, 0, null, null),
        l.rootless());
    assertEquals(new SecurityInfo("filter", false, true, "disabled", null), l.security());
  }

  @Test
  void cgroupV2WithoutUserDelegationHasNoDelegatedControllers() throws Exception {
    write("proc/self/status", "Uid:\t1000\t1000\t1000\t1000\n");
    write("proc/self/mountinfo", "30 21 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
    write("sys/fs/cgroup/cgroup.controllers", "cpu memory\n");
    LinuxInfo l = new LinuxSysfs(tmp).readAll(Map.of()).linux();
    assertEquals(
        new CgroupInfo(CgroupMode.V2, "/sys/fs/cgroup", List.of("cpu", "memory")), l.cgroups());
    assertNull(l.rootless().cgroupDelegated());
    assertEquals("unsupported", l.security().seccomp());
  }

  @Test
  void cgroupV2MissingControllersFileIsUnknown() throws Exception {
    write("proc/self/mountinfo", "30 21 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
    LinuxReadResult r = new LinuxSysfs(tmp).readAll(Map.of());
    assertNull(r.linux().cgroups());
    assertEquals(
        new Unknown("linux.cgroups", "/sys/fs/cgroup/cgroup.controllers: not found"),
        r.unknown("linux.cgroups").orElseThrow());
  }

  @Test
  void hugeFileIsRefusedNotRead() throws Exception {
    Path p = tmp.resolve("proc/filesystems");
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[ProcFiles.SMALL_FILE_MAX + 1]);
    assertEquals(
        new Unknown("linux.filesystems", "/proc/filesystems: larger than 4194304 bytes"),
        new LinuxSysfs(tmp).readAll(Map.of()).unknown("linux.filesystems").orElseThrow());
  }

  @Test
  void wslFromRelease() {
    assertEquals(WslKind.WSL2, WslKind.of("5.15.153.1-microsoft-standard-WSL2", false));
    assertEquals(WslKind.WSL2, WslKind.of("6.6.36.3-microsoft-standard-WSL2+", false));
    assertEquals(WslKind.WSL2, WslKind.of("4.19.128-microsoft-standard", false));
    assertEquals(WslKind.WSL1, WslKind.of("4.4.0-19041-Microsoft", false));
    assertEquals(WslKind.WSL1, WslKind.of("4.4.0-22621-Microsoft", true));
    assertEquals(WslKind.WSL2, WslKind.of("6.1.21-custom", true));
    assertEquals(WslKind.NONE, WslKind.of("6.1.0-18-amd64", false));
  }

  @Test
  void kernelVersionIsTheNumericPart() throws Exception {
    assertEquals("6.18.44", KernelRelease.versionOf("6.18.44-fc-v669"));
    assertEquals("5.15.153.1", KernelRelease.versionOf("5.15.153.1-microsoft-standard-WSL2"));
    assertEquals("4.4.0", KernelRelease.versionOf("4.4.0-19041-Microsoft"));
    assertEquals("6.8", KernelRelease.versionOf("6.8+rc1"));
    assertNull(KernelRelease.versionOf("custom"));
    assertNull(KernelRelease.versionOf(null));
    assertEquals("6.1.0", KernelRelease.parseRelease(" 6.1.0 "));
    LinuxReadException x =
        assertThrows(LinuxReadException.class, () -> KernelRelease.parseRelease(""));
    assertEquals("/proc/sys/kernel/osrelease: '' is not a kernel release", x.getMessage());
  }

  @Test
  void statusFields() throws Exception {
    assertEquals("filter", Security.parseSeccomp(List.of("Name:\tx", "Seccomp:\t2")));
    assertEquals("strict", Security.parseSeccomp(List.of("Seccomp:\t1")));
    assertEquals("unsupported", Security.parseSeccomp(List.of("Name:\tx")));
    assertEquals(1000L, Rootless.parseUid(List.of("Uid:\t1000\t0\t0\t0")));
    LinuxReadException x =
        assertThrows(LinuxReadException.class, () -> Rootless.parseUid(List.of("Name:\tx")));
    assertEquals("/proc/self/status: no Uid line", x.getMessage());
  }

  @Test
  void subIdsCountByNameOrUidAndSkipMalformedLines() {
    List<String> lines =
        List.of(
            "alice:100000:65536",
            "1000:200000:1000",
            "bob:300000:65536",
            "alice:x:5",
            "alice:1:-7",
            "alice",
            "");
    assertEquals(66536, Rootless.subIdCount(lines, "alice", 1000));
    assertEquals(1000, Rootless.subIdCount(lines, null, 1000));
    assertEquals(0, Rootless.subIdCount(lines, "carol", 1001));
  }

  @Test
  void passwdLookup() {
    List<String> pw =
        List.of("root:x:0:0:root:/root:/bin/bash", "alice:x:1000:1000::/home/a:/bin/sh", "garbage");
    assertEquals("alice", Rootless.passwdName(pw, 1000));
    assertEquals("root", Rootless.passwdName(pw, 0));
    assertNull(Rootless.passwdName(pw, 42));
  }

  @Test
  void containerHints() {
    assertEquals(
        "0::/kubepods/besteffort/pod1/abc",
        ContainerEvidence.cgroupEvidence(List.of("0::/kubepods/besteffort/pod1/abc")));
    assertEquals(
        "1:name=systemd:/lxc/web",
        ContainerEvidence.cgroupEvidence(List.of("2:cpu:/", "1:name=systemd:/lxc/web")));
    // the controller name field is not the path: a host's "docker" named hierarchy is no evidence
    assertNull(ContainerEvidence.cgroupEvidence(List.of("3:name=docker:/", "0::/init.scope")));
    assertEquals(
        "container=podman",
        ContainerEvidence.containerEnv(
            "PATH=/bin\0container=podman\0HOME=/\0".getBytes(StandardCharsets.UTF_8)));
    assertNull(
        ContainerEvidence.containerEnv("PATH=/bin\0container=\0".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void filesystemsGarbageLine() {
    LinuxReadException x =
        assertThrows(
            LinuxReadException.class, () -> Filesystems.parse(List.of("nodev\tproc", "nodev")));
    assertEquals("/proc/filesystems line 2: expected '[nodev] NAME', got 'nodev'", x.getMessage());
  }

  /** The kernel command's reader finds the same kernel, config and cgroups as the full read. */
  @Test
  void kernelFactsAreThoseOfTheFullRead() throws Exception {
    for (String name : new String[] {"v2-debian12", "v1-centos7", "hybrid-ubuntu2004", "wsl2"}) {
      LinuxReadResult all = fixture(name).readAll(Map.of());
      LinuxReadResult kernel = fixture(name).readKernelFacts(Map.of());
      assertEquals(all.kernel(), kernel.kernel(), name);
      assertEquals(all.linux().kernelConfig(), kernel.linux().kernelConfig(), name);
      assertEquals(all.linux().cgroups(), kernel.linux().cgroups(), name);
      assertEquals(all.unknown("linux.kernelConfig"), kernel.unknown("linux.kernelConfig"), name);
      assertEquals(all.unknown("linux.cgroups"), kernel.unknown("linux.cgroups"), name);
    }
  }
}
