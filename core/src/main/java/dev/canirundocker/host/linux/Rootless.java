package dev.canirundocker.host.linux;

import dev.canirundocker.host.CgroupMode;
import dev.canirundocker.host.LinuxInfo.CgroupInfo;
import dev.canirundocker.host.LinuxInfo.RootlessInfo;
import dev.canirundocker.host.Unknown;
import dev.canirundocker.text.Text;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Facts for the rootless engine (moby's dockerd-rootless-setuptool.sh and rootlesskit checks). */
public final class Rootless {
  private Rootless() {}

  /**
   * The real user id from {@code /proc/self/status}'s {@code Uid:} line (real, effective, saved,
   * filesystem).
   *
   * @throws LinuxReadException when the line is absent or not numeric
   */
  public static long parseUid(List<String> status) throws LinuxReadException {
    String v = ProcStatus.field(status, "Uid");
    if (v == null) {
      throw new LinuxReadException("/proc/self/status: no Uid line");
    }
    try {
      return Long.parseLong(v.split("\\s+")[0]);
    } catch (NumberFormatException x) {
      throw new LinuxReadException("/proc/self/status: Uid '" + Text.quote(v) + "' is not numeric");
    }
  }

  /**
   * The ids delegated to a user in {@code /etc/subuid} or {@code /etc/subgid}: the sum of the
   * counts of the lines {@code owner:start:count} whose owner is the user's name or numeric id
   * (shadow-utils subordinateio.c accepts both). Malformed lines are skipped, as shadow-utils skips
   * them.
   */
  public static long subIdCount(List<String> lines, @Nullable String user, long uid) {
    long total = 0;
    String uidText = Long.toString(uid);
    for (String l : lines) {
      String[] f = l.strip().split(":");
      if (f.length != 3 || !(f[0].equals(uidText) || f[0].equals(user))) {
        continue;
      }
      try {
        long count = Long.parseLong(f[2]);
        Long.parseLong(f[1]);
        if (count > 0) {
          total = Math.addExact(total, count);
        }
      } catch (NumberFormatException | ArithmeticException x) {
        // skipped: not a range
      }
    }
    return total;
  }

  /**
   * The user name of {@code uid} in {@code /etc/passwd} lines ({@code name:x:uid:gid:...}), or
   * null.
   */
  public static @Nullable String passwdName(List<String> passwd, long uid) {
    String u = Long.toString(uid);
    for (String l : passwd) {
      String[] f = l.split(":", -1);
      if (f.length >= 3 && f[2].equals(u) && !f[0].isEmpty()) {
        return f[0];
      }
    }
    return null;
  }

  /**
   * Reads the rootless facts.
   *
   * @param status {@code /proc/self/status}'s lines (read by the caller, shared with security)
   * @param cgroups the hierarchy, or null unknown
   * @return the facts, or null with an unknown where the uid is not known
   */
  static @Nullable RootlessInfo read(
      LinuxRoot root,
      List<String> status,
      Map<String, String> env,
      @Nullable CgroupInfo cgroups,
      List<Unknown> unknowns) {
    long uid;
    try {
      uid = parseUid(status);
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.rootless", Text.message(x)));
      return null;
    }
    String user = null;
    try {
      List<String> pw = ProcFiles.readLinesOrNull(root.path("/etc/passwd"), "/etc/passwd");
      user = pw == null ? null : passwdName(pw, uid);
    } catch (LinuxReadException x) {
      // fall back to the environment below
    }
    if (user == null) {
      user = env.getOrDefault("USER", env.get("LOGNAME"));
    }
    // rootlesskit / dockerd-rootless-setuptool.sh look for these setuid helpers on PATH
    List<String> std = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");
    String newuidmap = root.findExecutable("newuidmap", env, std);
    String newgidmap = root.findExecutable("newgidmap", env, std);
    long subuid = subIds(root, "/etc/subuid", "subuidCount", user, uid, unknowns);
    long subgid = subIds(root, "/etc/subgid", "subgidCount", user, uid, unknowns);
    List<String> delegated = null;
    if (cgroups != null && cgroups.mode() == CgroupMode.V2 && cgroups.mountPoint() != null) {
      // systemd delegates controllers to user@UID.service when Delegate= is set
      // (moby docs rootless "Limiting resources"); the file lists what the user may use
      String f =
          cgroups.mountPoint()
              + "/user.slice/user-"
              + uid
              + ".slice/user@"
              + uid
              + ".service/cgroup.controllers";
      try {
        List<String> l = ProcFiles.readLinesOrNull(root.path(f), f);
        delegated = l == null ? null : Cgroups.parseControllers(l, f);
      } catch (LinuxReadException x) {
        unknowns.add(new Unknown("linux.rootless.cgroupDelegated", Text.message(x)));
      }
    }
    return new RootlessInfo(
        user, uid, newuidmap, newgidmap, subuid, subgid, env.get("XDG_RUNTIME_DIR"), delegated);
  }

  private static long subIds(
      LinuxRoot root,
      String file,
      String fact,
      @Nullable String user,
      long uid,
      List<Unknown> unknowns) {
    try {
      List<String> l = ProcFiles.readLinesOrNull(root.path(file), file);
      return l == null ? 0 : subIdCount(l, user, uid);
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.rootless." + fact, Text.message(x)));
      return 0;
    }
  }
}
