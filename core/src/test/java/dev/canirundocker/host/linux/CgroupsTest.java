package dev.canirundocker.host.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.canirundocker.host.CgroupMode;
import dev.canirundocker.host.LinuxInfo.CgroupInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgroupsTest {

  private static MountInfo m(String mp, String type, String opts) {
    return new MountInfo(mp, type, type, List.of(opts.split(",")));
  }

  private static final MountInfo TMPFS = m("/sys/fs/cgroup", "tmpfs", "rw,mode=755");
  private static final MountInfo SYSTEMD =
      m("/sys/fs/cgroup/systemd", "cgroup", "rw,xattr,name=systemd");
  private static final MountInfo CPU = m("/sys/fs/cgroup/cpu,cpuacct", "cgroup", "rw,cpu,cpuacct");
  private static final MountInfo MEMORY = m("/sys/fs/cgroup/memory", "cgroup", "rw,memory");
  private static final MountInfo UNIFIED = m("/sys/fs/cgroup/unified", "cgroup2", "rw,nsdelegate");
  private static final MountInfo V2 = m("/sys/fs/cgroup", "cgroup2", "rw,nsdelegate");

  @Test
  void modes() {
    assertEquals(CgroupMode.V2, Cgroups.mode(List.of(V2)));
    assertEquals(CgroupMode.V1, Cgroups.mode(List.of(TMPFS, SYSTEMD, CPU, MEMORY)));
    assertEquals(CgroupMode.HYBRID, Cgroups.mode(List.of(TMPFS, UNIFIED, SYSTEMD, CPU, MEMORY)));
    assertEquals(CgroupMode.NONE, Cgroups.mode(List.of(m("/", "ext4", "rw"))));
    // cgroup2 somewhere else and nothing else: still the unified hierarchy
    assertEquals(CgroupMode.V2, Cgroups.mode(List.of(m("/run/cg2", "cgroup2", "rw"))));
    // a named v1 hierarchy next to cgroup2 at /sys/fs/cgroup does not make it hybrid (runc looks
    // at /sys/fs/cgroup only)
    assertEquals(
        CgroupMode.V2,
        Cgroups.mode(List.of(V2, m("/run/systemd-v1", "cgroup", "rw,name=systemd"))));
    // the last mount over /sys/fs/cgroup is what a stat sees
    assertEquals(CgroupMode.V2, Cgroups.mode(List.of(TMPFS, V2)));
  }

  @Test
  void mountPoints() {
    assertEquals("/sys/fs/cgroup", Cgroups.mountPoint(CgroupMode.V2, List.of(TMPFS, V2)));
    assertEquals(
        "/run/cg2", Cgroups.mountPoint(CgroupMode.V2, List.of(m("/run/cg2", "cgroup2", "rw"))));
    assertEquals(
        "/sys/fs/cgroup", Cgroups.mountPoint(CgroupMode.HYBRID, List.of(TMPFS, UNIFIED, CPU)));
    assertEquals(
        "/cgroup",
        Cgroups.mountPoint(CgroupMode.V1, List.of(m("/cgroup/cpu", "cgroup", "rw,cpu"))));
    assertEquals(null, Cgroups.mountPoint(CgroupMode.NONE, List.of()));
  }

  @Test
  void v1ControllersAreMountedAndEnabledInProcCgroupsOrder() throws Exception {
    Map<String, Boolean> pc =
        Cgroups.parseProcCgroups(
            List.of(
                "#subsys_name\thierarchy\tnum_cgroups\tenabled",
                "cpuset\t0\t1\t1",
                "cpu\t3\t50\t1",
                "cpuacct\t3\t50\t1",
                "memory\t0\t1\t0",
                "pids\t0\t1\t1"));
    Map<String, Boolean> want = new LinkedHashMap<>();
    want.put("cpuset", true);
    want.put("cpu", true);
    want.put("cpuacct", true);
    want.put("memory", false);
    want.put("pids", true);
    assertEquals(want, pc);
    assertEquals(
        new CgroupInfo(CgroupMode.V1, "/sys/fs/cgroup", List.of("cpu", "cpuacct")),
        Cgroups.v1Info(CgroupMode.V1, List.of(TMPFS, SYSTEMD, CPU, MEMORY), pc));
  }

  @Test
  void withoutProcCgroupsKnownNamesTellControllersFromOptions() {
    assertEquals(
        List.of("cpu", "cpuacct", "memory"),
        Cgroups.v1Controllers(List.of(SYSTEMD, MEMORY, CPU), null));
  }

  @Test
  void garbageProcCgroupsLineIsNamed() {
    LinuxReadException x =
        assertThrows(
            LinuxReadException.class,
            () -> Cgroups.parseProcCgroups(List.of("#subsys_name", "cpu 1 2")));
    assertEquals(
        "/proc/cgroups line 2: expected 'subsys_name hierarchy num_cgroups enabled(0|1)'",
        x.getMessage());
  }

  @Test
  void controllersFile() throws Exception {
    assertEquals(
        List.of("cpuset", "cpu", "io", "memory", "pids"),
        Cgroups.parseControllers(List.of("cpuset cpu io memory pids"), "f"));
    assertEquals(List.of(), Cgroups.parseControllers(List.of(""), "f"));
    LinuxReadException x =
        assertThrows(
            LinuxReadException.class,
            () -> Cgroups.parseControllers(List.of("cpu {}"), "/sys/fs/cgroup/cgroup.controllers"));
    assertEquals(
        "/sys/fs/cgroup/cgroup.controllers: '{}' is not a controller name", x.getMessage());
  }

  @Test
  void mountinfoParsesOptionalFieldsAndEscapes() throws Exception {
    List<MountInfo> l =
        MountInfo.parse(
            List.of(
                "36 35 98:0 /mnt1 /mnt/My\\040Disk rw,noatime master:1 shared:2 - ext3 /dev/root rw,errors=continue",
                "",
                "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw"));
    assertEquals(
        List.of(
            new MountInfo("/mnt/My Disk", "ext3", "/dev/root", List.of("rw", "errors=continue")),
            new MountInfo("/sys/fs/cgroup/unified", "cgroup2", "cgroup2", List.of("rw"))),
        l);
  }

  @Test
  void mountinfoGarbageIsNamedByLine() {
    LinuxReadException x =
        assertThrows(
            LinuxReadException.class,
            () -> MountInfo.parse(List.of("22 27 0:21 / /proc rw - proc proc rw", "not a mount")));
    assertEquals(
        "/proc/self/mountinfo line 2: expected 'id parent dev root mountpoint options ... "
            + "- fstype source options'",
        x.getMessage());
  }
}
