package dev.canirundocker.host.linux;

import dev.canirundocker.host.CgroupMode;
import dev.canirundocker.host.LinuxInfo.CgroupInfo;
import dev.canirundocker.text.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Pure parsers for the cgroup hierarchy: which mode the host runs, and which controllers are
 * usable.
 *
 * <p>The mode follows what the runtimes ask: runc ({@code libcontainer/cgroups/utils.go
 * IsCgroup2UnifiedMode}) looks at the filesystem mounted at {@code /sys/fs/cgroup}; systemd ({@code
 * src/basic/cgroup-util.c}) calls a tmpfs there with v1 hierarchies plus a cgroup2 mount at {@code
 * /sys/fs/cgroup/unified} "hybrid". Docker treats hybrid as v1 (its controllers are the v1 ones),
 * so for hybrid the controllers listed are the v1 controllers.
 */
public final class Cgroups {
  /** The standard mount point of the hierarchy. */
  public static final String CGROUP_ROOT = "/sys/fs/cgroup";

  /**
   * v1 controller names (linux Documentation/admin-guide/cgroup-v1/), used only when {@code
   * /proc/cgroups} is not there to tell controllers from mount options.
   */
  static final List<String> KNOWN_V1_CONTROLLERS =
      List.of(
          "cpuset",
          "cpu",
          "cpuacct",
          "blkio",
          "memory",
          "devices",
          "freezer",
          "net_cls",
          "perf_event",
          "net_prio",
          "hugetlb",
          "pids",
          "rdma",
          "misc",
          "debug");

  private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");

  private Cgroups() {}

  /**
   * The cgroup mode from the mount table: {@code v2} when cgroup2 is mounted at {@code
   * /sys/fs/cgroup} (or is the only cgroup filesystem mounted), {@code hybrid} when v1 hierarchies
   * and a cgroup2 mount coexist, {@code v1} when only v1 hierarchies are mounted, {@code none} when
   * no cgroup filesystem is mounted.
   */
  public static CgroupMode mode(List<MountInfo> mounts) {
    MountInfo atRoot = null;
    boolean v1 = false;
    boolean v2 = false;
    for (MountInfo m : mounts) {
      if (m.mountPoint().equals(CGROUP_ROOT)) {
        atRoot = m; // a later mount over the same point hides the earlier one
      }
      v1 |= m.fsType().equals("cgroup");
      v2 |= m.fsType().equals("cgroup2");
    }
    if (atRoot != null && atRoot.fsType().equals("cgroup2")) {
      return CgroupMode.V2;
    }
    if (v1) {
      return v2 ? CgroupMode.HYBRID : CgroupMode.V1;
    }
    return v2 ? CgroupMode.V2 : CgroupMode.NONE;
  }

  /**
   * Where the hierarchy the runtime uses is mounted: the cgroup2 mount for {@code v2} (the one at
   * {@code /sys/fs/cgroup} when there is one), the directory holding the v1 hierarchies otherwise
   * ({@code /sys/fs/cgroup} for {@code /sys/fs/cgroup/cpu}); null for {@code none}.
   */
  public static @Nullable String mountPoint(CgroupMode mode, List<MountInfo> mounts) {
    String first = null;
    for (MountInfo m : mounts) {
      if (mode == CgroupMode.V2 && m.fsType().equals("cgroup2")) {
        if (m.mountPoint().equals(CGROUP_ROOT)) {
          return CGROUP_ROOT;
        }
        first = first == null ? m.mountPoint() : first;
      } else if ((mode == CgroupMode.V1 || mode == CgroupMode.HYBRID)
          && m.fsType().equals("cgroup")) {
        String mp = m.mountPoint();
        int slash = mp.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : mp.substring(0, slash);
        if (parent.equals(CGROUP_ROOT)) {
          return CGROUP_ROOT;
        }
        first = first == null ? parent : first;
      }
    }
    return first;
  }

  /**
   * Parses {@code /proc/cgroups}: {@code #subsys_name hierarchy num_cgroups enabled} then one line
   * per controller. Returns controller name to enabled, in file order.
   *
   * @throws LinuxReadException naming the line when one does not have four fields
   */
  public static Map<String, Boolean> parseProcCgroups(List<String> lines)
      throws LinuxReadException {
    Map<String, Boolean> out = new LinkedHashMap<>();
    int n = 0;
    for (String line : lines) {
      n++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      if (f.length != 4
          || !NAME.matcher(f[0]).matches()
          || !(f[3].equals("0") || f[3].equals("1"))) {
        throw new LinuxReadException(
            "/proc/cgroups line "
                + n
                + ": expected 'subsys_name hierarchy num_cgroups enabled(0|1)'");
      }
      out.put(f[0], f[3].equals("1"));
    }
    return out;
  }

  /**
   * Parses a v2 {@code cgroup.controllers} file: controller names separated by spaces.
   *
   * @param display the file, for messages
   * @throws LinuxReadException naming the file when a token is not a controller name
   */
  public static List<String> parseControllers(List<String> lines, String display)
      throws LinuxReadException {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      for (String t : line.trim().split("\\s+")) {
        if (t.isEmpty()) {
          continue;
        }
        if (!NAME.matcher(t).matches()) {
          throw new LinuxReadException(
              display + ": '" + Text.quote(t) + "' is not a controller name");
        }
        out.add(t);
      }
    }
    return out;
  }

  /**
   * The usable v1 controllers: those named in the options of mounted {@code cgroup} hierarchies
   * that {@code /proc/cgroups} lists as enabled, in {@code /proc/cgroups} order. Named hierarchies
   * ({@code name=systemd}) carry no controller.
   *
   * @param procCgroups {@link #parseProcCgroups} output, or null when that file is absent (then the
   *     known v1 controller names tell controllers from mount options such as {@code rw})
   */
  public static List<String> v1Controllers(
      List<MountInfo> mounts, @Nullable Map<String, Boolean> procCgroups) {
    Set<String> mounted = new LinkedHashSet<>();
    for (MountInfo m : mounts) {
      if (m.fsType().equals("cgroup")) {
        mounted.addAll(m.superOptions());
      }
    }
    List<String> out = new ArrayList<>();
    if (procCgroups != null) {
      for (Map.Entry<String, Boolean> e : procCgroups.entrySet()) {
        if (e.getValue() && mounted.contains(e.getKey())) {
          out.add(e.getKey());
        }
      }
    } else {
      for (String c : KNOWN_V1_CONTROLLERS) {
        if (mounted.contains(c)) {
          out.add(c);
        }
      }
    }
    return out;
  }

  /**
   * The whole v1/hybrid answer from the mount table and {@code /proc/cgroups}; for v2 use the
   * root's {@code cgroup.controllers} instead (see {@link #read}).
   */
  public static CgroupInfo v1Info(
      CgroupMode mode, List<MountInfo> mounts, @Nullable Map<String, Boolean> procCgroups) {
    return new CgroupInfo(mode, mountPoint(mode, mounts), v1Controllers(mounts, procCgroups));
  }

  /**
   * The cgroup hierarchy for a mount table: mode from {@link #mode}; controllers from the root's
   * {@code cgroup.controllers} (v2) or {@code /proc/cgroups} and the mounted v1 hierarchies.
   *
   * @throws LinuxReadException naming the file that could not be read or parsed
   */
  static CgroupInfo read(LinuxRoot root, List<MountInfo> mounts) throws LinuxReadException {
    CgroupMode mode = mode(mounts);
    String mp = mountPoint(mode, mounts);
    switch (mode) {
      case V2:
        {
          String f = mp + "/cgroup.controllers";
          return new CgroupInfo(
              mode, mp, parseControllers(ProcFiles.readLines(root.path(f), f), f));
        }
      case V1:
      case HYBRID:
        {
          List<String> pc = ProcFiles.readLinesOrNull(root.path("/proc/cgroups"), "/proc/cgroups");
          return v1Info(mode, mounts, pc == null ? null : parseProcCgroups(pc));
        }
      default:
        return new CgroupInfo(mode, null, List.of());
    }
  }
}
