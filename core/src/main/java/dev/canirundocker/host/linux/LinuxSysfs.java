package dev.canirundocker.host.linux;

import dev.canirundocker.host.BinfmtEntry;
import dev.canirundocker.host.KernelInfo;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.host.LinuxInfo.BinfmtInfo;
import dev.canirundocker.host.LinuxInfo.CgroupInfo;
import dev.canirundocker.host.LinuxInfo.ContainerInfo;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import dev.canirundocker.host.LinuxInfo.RootlessInfo;
import dev.canirundocker.host.LinuxInfo.SecurityInfo;
import dev.canirundocker.host.Unknown;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Linux facts the checks need from a /proc and /sys tree rooted at a directory: {@code /}
 * on a live host, a fixture tree in tests. Every reader is a pure parser over lines (public, static,
 * tested with fixtures) plus a thin bounded read. Nothing here starts a process.
 *
 * <p>{@link #readAll(Map)} reads each file once and never throws for I/O problems or garbage: a fact
 * it cannot establish is null in the result and has an {@link Unknown} naming the file and the reason.
 */
public final class LinuxSysfs {
  /**
   * The sysctls the checks need (reference.md section 5: moby check-config.sh, dockerd's
   * {@code daemon/daemon_unix.go} ip_forward and keys checks, rootlesskit's userns prerequisites).
   */
  public static final List<String> SYSCTLS = List.of("net.ipv4.ip_forward",
      "kernel.keys.root_maxkeys", "kernel.keys.root_maxbytes", "kernel.keys.maxkeys",
      "user.max_user_namespaces", "kernel.unprivileged_userns_clone",
      "kernel.apparmor_restrict_unprivileged_userns");

  private static final Pattern VERSION = Pattern.compile("^\\d+(?:\\.\\d+)+");
  private static final Pattern FS_NAME = Pattern.compile("[A-Za-z0-9_.+-]+");
  private static final Pattern RELEASE = Pattern.compile("\\S{1,64}");
  // cgroup path components that container runtimes create (moby: /docker/<id>, system.slice/docker-
  // <id>.scope; kubelet: kubepods; containerd's cri; lxc: /lxc/<name>; podman: libpod-<id>)
  private static final List<String> CONTAINER_CGROUP_MARKERS = List.of("docker", "kubepods",
      "containerd", "lxc", "libpod");

  private final Path root;

  /**
   * A reader for the tree at {@code root}.
   *
   * @param root the directory that stands for {@code /} ({@code Path.of("/")} on a live host)
   */
  public LinuxSysfs(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /** A reader for the live host. */
  public static LinuxSysfs host() {
    return new LinuxSysfs(Path.of("/"));
  }

  /** The root this reader resolves absolute paths against. */
  public Path root() {
    return root;
  }

  /** {@code abs} (an absolute path such as {@code /proc/cmdline}) under the root. */
  Path path(String abs) {
    return root.resolve(abs.startsWith("/") ? abs.substring(1) : abs);
  }

  // ---------------------------------------------------------------------------------------------
  // aggregate

  /** Like {@link #readAll(Map, Path)} with no explicit kernel config file. */
  public LinuxReadResult readAll(Map<String, String> env) {
    return readAll(env, null);
  }

  /**
   * Reads every Linux fact once. Never throws for unreadable or malformed files: those facts are
   * null (or, for sysctls and binfmt entries, left out) and listed as unknowns.
   *
   * @param env the process environment ({@code System.getenv()}): {@code PATH} for finding
   *     {@code apparmor_parser}/{@code newuidmap}, {@code CONFIG} for the kernel config,
   *     {@code USER}, {@code XDG_RUNTIME_DIR}
   * @param kernelConfigFile a kernel config the user named, read instead of searching (not under the
   *     root: a user's file), or null to search as check-config.sh does
   */
  public LinuxReadResult readAll(Map<String, String> env, Path kernelConfigFile) {
    Map<String, String> e = env == null ? Map.of() : env;
    List<Unknown> unknowns = new ArrayList<>();

    // kernel
    String release = null;
    try {
      release = parseRelease(ProcFiles.readFirstLine(path("/proc/sys/kernel/osrelease"),
          "/proc/sys/kernel/osrelease"));
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("kernel.release", x.getMessage()));
    }
    String build = firstLineOrUnknown("/proc/sys/kernel/version", "kernel.build", unknowns);
    String cmdline = firstLineOrUnknown("/proc/cmdline", "kernel.commandLine", unknowns);
    KernelInfo kernel = new KernelInfo(release, kernelVersionOf(release), build, cmdline);

    // files several facts share
    List<String> status = null;
    try {
      status = ProcFiles.readLines(path("/proc/self/status"), "/proc/self/status");
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.security.seccomp", x.getMessage()));
      unknowns.add(new Unknown("linux.rootless", x.getMessage()));
    }
    List<MountInfo> mounts = null;
    String mountsProblem = null;
    try {
      mounts = MountInfo.parse(ProcFiles.readLines(path("/proc/self/mountinfo"),
          "/proc/self/mountinfo"));
    } catch (LinuxReadException x) {
      mountsProblem = x.getMessage();
    }

    KernelConfigInfo config = null;
    try {
      config = kernelConfigFile != null ? KernelConfigs.readKernelConfigFile(kernelConfigFile)
          : KernelConfigs.find(root, release, e);
    } catch (KernelConfigException x) {
      unknowns.add(new Unknown("linux.kernelConfig", x.getMessage()));
    }

    CgroupInfo cgroups = null;
    if (mounts == null) {
      unknowns.add(new Unknown("linux.cgroups", mountsProblem));
    } else {
      try {
        cgroups = readCgroups(mounts);
      } catch (LinuxReadException x) {
        unknowns.add(new Unknown("linux.cgroups", x.getMessage()));
      }
    }

    List<String> namespaces = null;
    try {
      List<String> ns = ProcFiles.listOrNull(path("/proc/self/ns"), "/proc/self/ns");
      if (ns == null) {
        unknowns.add(new Unknown("linux.namespaces", "/proc/self/ns: not found"));
      } else {
        namespaces = ns.stream().sorted().toList();
      }
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.namespaces", x.getMessage()));
    }

    List<String> filesystems = null;
    try {
      filesystems = parseFilesystems(ProcFiles.readLines(path("/proc/filesystems"),
          "/proc/filesystems"));
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.filesystems", x.getMessage()));
    }

    SecurityInfo security = readSecurity(status, e, unknowns);
    BinfmtInfo binfmt = readBinfmt(mounts, unknowns);
    Map<String, String> sysctls = readSysctls(unknowns);

    String wsl = null;
    if (release == null) {
      unknowns.add(new Unknown("linux.wsl", "kernel release unknown"));
    } else {
      boolean interop = binfmt != null
          && binfmt.entries().stream().anyMatch(b -> b.name().startsWith("WSLInterop"));
      wsl = wslOf(release, interop);
    }

    ContainerInfo container = readContainer();
    RootlessInfo rootless = status == null ? null : readRootless(status, e, cgroups, unknowns);

    LinuxInfo linux = new LinuxInfo(config, cgroups, namespaces, filesystems, security, binfmt,
        sysctls, wsl, container, rootless);
    return new LinuxReadResult(linux, kernel, unknowns);
  }

  private String firstLineOrUnknown(String file, String fact, List<Unknown> unknowns) {
    try {
      return ProcFiles.readFirstLine(path(file), file);
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown(fact, x.getMessage()));
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // kernel

  /**
   * The kernel config as {@link KernelConfigs#find} looks it up under this root.
   *
   * @throws KernelConfigException listing what was tried when none is found or readable
   */
  public KernelConfigInfo readKernelConfig(String release, Map<String, String> env)
      throws KernelConfigException {
    return KernelConfigs.find(root, release, env == null ? Map.of() : env);
  }

  /**
   * Checks a release string ({@code /proc/sys/kernel/osrelease}, {@code uname -r}): one token of at
   * most 64 characters (the kernel's {@code __NEW_UTS_LEN}).
   *
   * @throws LinuxReadException naming the file when it is empty or not a release
   */
  public static String parseRelease(String line) throws LinuxReadException {
    String s = line == null ? "" : line.strip();
    if (!RELEASE.matcher(s).matches() || s.chars().anyMatch(Character::isISOControl)) {
      throw new LinuxReadException("/proc/sys/kernel/osrelease: '" + Cgroups.abbreviate(s)
          + "' is not a kernel release");
    }
    return s;
  }

  /**
   * The numeric part of a release: {@code 6.18.44} of {@code 6.18.44-fc-v669},
   * {@code 5.15.153.1} of {@code 5.15.153.1-microsoft-standard-WSL2}; null when it has none.
   */
  public static String kernelVersionOf(String release) {
    if (release == null) {
      return null;
    }
    Matcher m = VERSION.matcher(release);
    return m.find() ? m.group() : null;
  }

  /**
   * Which WSL this kernel is: {@code wsl2} for Microsoft's WSL 2 kernels (release
   * {@code 5.15.153.1-microsoft-standard-WSL2}, or {@code 4.19.128-microsoft-standard} before the
   * suffix existed; microsoft/WSL2-Linux-Kernel), {@code wsl1} for WSL 1's emulated kernel (release
   * {@code 4.4.0-19041-Microsoft}, capital M; microsoft/WSL issue 423), else {@code none}. A custom
   * kernel under WSL 2 has neither marker but WSL still registers its {@code WSLInterop} binfmt
   * handler, so {@code interopRegistered} makes it {@code wsl2}.
   */
  public static String wslOf(String release, boolean interopRegistered) {
    String lower = release.toLowerCase(Locale.ROOT);
    if (lower.contains("wsl2") || lower.contains("microsoft-standard")) {
      return "wsl2";
    }
    if (release.contains("Microsoft")) {
      return "wsl1";
    }
    return interopRegistered ? "wsl2" : "none";
  }

  // ---------------------------------------------------------------------------------------------
  // cgroups

  /**
   * The cgroup hierarchy for a mount table: mode from {@link Cgroups#mode}; controllers from the
   * root's {@code cgroup.controllers} (v2) or {@code /proc/cgroups} and the mounted v1 hierarchies.
   *
   * @throws LinuxReadException naming the file that could not be read or parsed
   */
  public CgroupInfo readCgroups(List<MountInfo> mounts) throws LinuxReadException {
    String mode = Cgroups.mode(mounts);
    String mp = Cgroups.mountPoint(mode, mounts);
    switch (mode) {
      case "v2": {
        String f = mp + "/cgroup.controllers";
        return new CgroupInfo(mode, mp,
            Cgroups.parseControllers(ProcFiles.readLines(path(f), f), f));
      }
      case "v1":
      case "hybrid": {
        List<String> pc = ProcFiles.readLinesOrNull(path("/proc/cgroups"), "/proc/cgroups");
        return Cgroups.v1Info(mode, mounts, pc == null ? null : Cgroups.parseProcCgroups(pc));
      }
      default:
        return new CgroupInfo(mode, null, List.of());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // filesystems, security

  /**
   * Parses {@code /proc/filesystems}: lines {@code nodev\tNAME} or {@code \tNAME}; returns the names.
   *
   * @throws LinuxReadException naming the line when it is not of that form
   */
  public static List<String> parseFilesystems(List<String> lines) throws LinuxReadException {
    List<String> out = new ArrayList<>();
    int n = 0;
    for (String line : lines) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      String name = f.length == 2 && f[0].equals("nodev") ? f[1] : f.length == 1 && !f[0].equals("nodev") ? f[0] : null;
      if (name == null || !FS_NAME.matcher(name).matches()) {
        throw new LinuxReadException("/proc/filesystems line " + n
            + ": expected '[nodev] NAME', got '" + Cgroups.abbreviate(line.strip()) + "'");
      }
      out.add(name);
    }
    return out;
  }

  /**
   * The seccomp mode of this process from {@code /proc/self/status}'s {@code Seccomp:} line (linux
   * Documentation/filesystems/proc.rst: 0 disabled, 1 strict, 2 filter); {@code unsupported} when the
   * line is absent, which the kernel does when built without CONFIG_SECCOMP.
   *
   * @throws LinuxReadException when the value is not 0, 1 or 2
   */
  public static String parseSeccomp(List<String> status) throws LinuxReadException {
    String v = statusField(status, "Seccomp");
    if (v == null) {
      return "unsupported";
    }
    switch (v) {
      case "0":
        return "disabled";
      case "1":
        return "strict";
      case "2":
        return "filter";
      default:
        throw new LinuxReadException("/proc/self/status: Seccomp '" + Cgroups.abbreviate(v)
            + "' is not 0, 1 or 2");
    }
  }

  /**
   * The real user id from {@code /proc/self/status}'s {@code Uid:} line (real, effective, saved,
   * filesystem).
   *
   * @throws LinuxReadException when the line is absent or not numeric
   */
  public static long parseUid(List<String> status) throws LinuxReadException {
    String v = statusField(status, "Uid");
    if (v == null) {
      throw new LinuxReadException("/proc/self/status: no Uid line");
    }
    try {
      return Long.parseLong(v.split("\\s+")[0]);
    } catch (NumberFormatException x) {
      throw new LinuxReadException("/proc/self/status: Uid '" + Cgroups.abbreviate(v)
          + "' is not numeric");
    }
  }

  private static String statusField(List<String> status, String key) {
    String prefix = key + ":";
    for (String l : status) {
      if (l.startsWith(prefix)) {
        return l.substring(prefix.length()).strip();
      }
    }
    return null;
  }

  private SecurityInfo readSecurity(List<String> status, Map<String, String> env,
      List<Unknown> unknowns) {
    String seccomp = null;
    if (status != null) {
      try {
        seccomp = parseSeccomp(status);
      } catch (LinuxReadException x) {
        unknowns.add(new Unknown("linux.security.seccomp", x.getMessage()));
      }
    }
    Boolean apparmor = null;
    String aaFile = "/sys/module/apparmor/parameters/enabled";
    try {
      String s = ProcFiles.readTextOrNull(path(aaFile), aaFile);
      // no apparmor module in /sys: the kernel has no AppArmor (security/apparmor/lsm.c exports
      // the "enabled" parameter as Y/N)
      apparmor = s == null ? Boolean.FALSE : parseYesNo(s.strip(), aaFile);
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.security.apparmor", x.getMessage()));
    }
    // moby's apparmor check (pkg/apparmor, daemon) wants the parser too; it lives in /sbin on
    // Debian and Ubuntu, /usr/sbin on merged-/usr systems
    Boolean parser = findExecutable("apparmor_parser", env, List.of("/sbin", "/usr/sbin")) != null;
    String selinux = null;
    String seFile = "/sys/fs/selinux/enforce";
    try {
      String s = ProcFiles.readTextOrNull(path(seFile), seFile);
      if (s == null) {
        selinux = "disabled"; // selinuxfs not mounted: SELinux is off (libselinux is_selinux_enabled)
      } else if (s.strip().equals("1")) {
        selinux = "enforcing";
      } else if (s.strip().equals("0")) {
        selinux = "permissive";
      } else {
        throw new LinuxReadException(seFile + ": '" + Cgroups.abbreviate(s.strip())
            + "' is not 0 or 1");
      }
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.security.selinux", x.getMessage()));
    }
    return new SecurityInfo(seccomp, apparmor, parser, selinux);
  }

  private static Boolean parseYesNo(String s, String file) throws LinuxReadException {
    if (s.equals("Y") || s.equals("1")) {
      return Boolean.TRUE;
    }
    if (s.equals("N") || s.equals("0")) {
      return Boolean.FALSE;
    }
    throw new LinuxReadException(file + ": '" + Cgroups.abbreviate(s) + "' is not Y or N");
  }

  /**
   * The first executable regular file named {@code name} in the {@code PATH} directories of
   * {@code env} then in {@code extraDirs}, each under the root; returned as the user would find it
   * ({@code /usr/bin/newuidmap}), or null.
   */
  public String findExecutable(String name, Map<String, String> env, List<String> extraDirs) {
    Set<String> dirs = new LinkedHashSet<>();
    String pathVar = env == null ? null : env.get("PATH");
    if (pathVar != null) {
      for (String d : pathVar.split(":")) {
        if (d.startsWith("/")) { // relative PATH entries depend on the cwd: not a host fact
          dirs.add(d.endsWith("/") && d.length() > 1 ? d.substring(0, d.length() - 1) : d);
        }
      }
    }
    dirs.addAll(extraDirs);
    for (String d : dirs) {
      String candidate = d.equals("/") ? "/" + name : d + "/" + name;
      Path p = path(candidate);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return candidate;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // binfmt_misc

  private BinfmtInfo readBinfmt(List<MountInfo> mounts, List<Unknown> unknowns) {
    String dir = "/proc/sys/fs/binfmt_misc";
    boolean mountedPerTable = mounts != null && mounts.stream()
        .anyMatch(m -> m.fsType().equals("binfmt_misc") && m.mountPoint().equals(dir));
    Boolean enabled = null;
    try {
      // "status" exists whenever binfmt_misc is mounted; it reads "enabled" or "disabled"
      String s = ProcFiles.readTextOrNull(path(dir + "/status"), dir + "/status");
      if (s == null && !mountedPerTable) {
        return new BinfmtInfo(false, null, List.of());
      }
      if (s != null) {
        String v = s.strip();
        if (!v.equals("enabled") && !v.equals("disabled")) {
          throw new LinuxReadException(dir + "/status: '" + Cgroups.abbreviate(v)
              + "' is not enabled or disabled");
        }
        enabled = v.equals("enabled");
      }
      List<String> names = ProcFiles.listOrNull(path(dir), dir);
      if (names == null) {
        throw new LinuxReadException(dir + ": not found");
      }
      List<BinfmtEntry> entries = new ArrayList<>();
      for (String name : names) {
        if (Binfmt.CONTROL_FILES.contains(name)) {
          continue;
        }
        String f = dir + "/" + name;
        try {
          List<String> lines = ProcFiles.readLinesOrNull(path(f), f);
          if (lines != null) { // unregistered between listing and reading
            entries.add(Binfmt.parseBinfmtEntry(name, lines));
          }
        } catch (LinuxReadException x) {
          unknowns.add(new Unknown("linux.binfmt.entries", x.getMessage()));
        }
      }
      return new BinfmtInfo(true, enabled, entries);
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.binfmt", x.getMessage()));
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // sysctls

  private Map<String, String> readSysctls(List<Unknown> unknowns) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : SYSCTLS) {
      String f = "/proc/sys/" + name.replace('.', '/');
      try {
        String s = ProcFiles.readTextOrNull(path(f), f);
        if (s != null) { // absent: this kernel has no such knob; the checks treat that themselves
          List<String> l = ProcFiles.lines(s);
          out.put(name, l.isEmpty() ? "" : l.get(0).strip());
        }
      } catch (LinuxReadException x) {
        unknowns.add(new Unknown("linux.sysctls." + name, x.getMessage()));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // container

  /**
   * The cgroup line of {@code /proc/1/cgroup} that shows PID 1 inside a container runtime's cgroup
   * ({@code 12:pids:/docker/3f2a...}, {@code 0::/kubepods/...}), or null.
   */
  public static String containerCgroupEvidence(List<String> proc1Cgroup) {
    for (String l : proc1Cgroup) {
      int c = l.indexOf(':', l.indexOf(':') + 1);
      String p = c < 0 ? "" : l.substring(c + 1);
      for (String marker : CONTAINER_CGROUP_MARKERS) {
        if (p.contains(marker)) {
          return l.strip();
        }
      }
    }
    return null;
  }

  /**
   * The {@code container=} variable of a NUL-separated environment block ({@code /proc/1/environ});
   * systemd's container interface (systemd.io/CONTAINER_INTERFACE) has managers set it for PID 1.
   */
  public static String containerEnv(byte[] environ) {
    for (String kv : new String(environ, StandardCharsets.UTF_8).split("\0")) {
      if (kv.startsWith("container=") && kv.length() > "container=".length()) {
        return kv;
      }
    }
    return null;
  }

  private ContainerInfo readContainer() {
    List<String> evidence = new ArrayList<>();
    // moby writes /.dockerenv into every container; podman/CRI-O write /run/.containerenv
    for (String f : List.of("/.dockerenv", "/run/.containerenv")) {
      if (Files.exists(path(f))) {
        evidence.add(f);
      }
    }
    // The rest are hints: unreadable files (environ is root-only) just give no evidence.
    try {
      List<String> cg = ProcFiles.readLinesOrNull(path("/proc/1/cgroup"), "/proc/1/cgroup");
      String hit = cg == null ? null : containerCgroupEvidence(cg);
      if (hit != null) {
        evidence.add("/proc/1/cgroup: " + hit);
      }
    } catch (LinuxReadException ignored) {
      // a hint only
    }
    try {
      String c = containerEnv(ProcFiles.readBytes(path("/proc/1/environ"), "/proc/1/environ",
          ProcFiles.SMALL_FILE_MAX));
      if (c != null) {
        evidence.add("/proc/1/environ: " + c);
      }
    } catch (NoSuchFileException | LinuxReadException ignored) {
      // a hint only
    }
    return new ContainerInfo(!evidence.isEmpty(), evidence);
  }

  // ---------------------------------------------------------------------------------------------
  // rootless

  /**
   * The ids delegated to a user in {@code /etc/subuid} or {@code /etc/subgid}: the sum of the counts
   * of the lines {@code owner:start:count} whose owner is the user's name or numeric id (shadow-utils
   * subordinateio.c accepts both). Malformed lines are skipped, as shadow-utils skips them.
   */
  public static long subIdCount(List<String> lines, String user, long uid) {
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

  /** The user name of {@code uid} in {@code /etc/passwd} lines ({@code name:x:uid:gid:...}), or null. */
  public static String passwdName(List<String> passwd, long uid) {
    String u = Long.toString(uid);
    for (String l : passwd) {
      String[] f = l.split(":", -1);
      if (f.length >= 3 && f[2].equals(u) && !f[0].isEmpty()) {
        return f[0];
      }
    }
    return null;
  }

  private RootlessInfo readRootless(List<String> status, Map<String, String> env,
      CgroupInfo cgroups, List<Unknown> unknowns) {
    long uid;
    try {
      uid = parseUid(status);
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.rootless", x.getMessage()));
      return null;
    }
    String user = null;
    try {
      List<String> pw = ProcFiles.readLinesOrNull(path("/etc/passwd"), "/etc/passwd");
      user = pw == null ? null : passwdName(pw, uid);
    } catch (LinuxReadException x) {
      // fall back to the environment below
    }
    if (user == null) {
      user = env.getOrDefault("USER", env.get("LOGNAME"));
    }
    // rootlesskit / dockerd-rootless-setuptool.sh look for these setuid helpers on PATH
    List<String> std = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");
    String newuidmap = findExecutable("newuidmap", env, std);
    String newgidmap = findExecutable("newgidmap", env, std);
    long subuid = subIds("/etc/subuid", user, uid, unknowns);
    long subgid = subIds("/etc/subgid", user, uid, unknowns);
    List<String> delegated = null;
    if (cgroups != null && cgroups.mode().equals("v2") && cgroups.mountPoint() != null) {
      // systemd delegates controllers to user@UID.service when Delegate= is set
      // (moby docs rootless "Limiting resources"); the file lists what the user may use
      String f = cgroups.mountPoint() + "/user.slice/user-" + uid + ".slice/user@" + uid
          + ".service/cgroup.controllers";
      try {
        List<String> l = ProcFiles.readLinesOrNull(path(f), f);
        delegated = l == null ? null : Cgroups.parseControllers(l, f);
      } catch (LinuxReadException x) {
        unknowns.add(new Unknown("linux.rootless.cgroupDelegated", x.getMessage()));
      }
    }
    return new RootlessInfo(user, uid, newuidmap, newgidmap, subuid, subgid,
        env.get("XDG_RUNTIME_DIR"), delegated);
  }

  private long subIds(String file, String user, long uid, List<Unknown> unknowns) {
    try {
      List<String> l = ProcFiles.readLinesOrNull(path(file), file);
      return l == null ? 0 : subIdCount(l, user, uid);
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.rootless." + (file.endsWith("uid") ? "subuidCount"
          : "subgidCount"), x.getMessage()));
      return 0;
    }
  }
}
