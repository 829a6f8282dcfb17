package dev.canirundocker.host;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the Linux readers found. A null component means unknown; the profile's unknowns say why.
 *
 * @param kernelConfig the kernel build configuration, or null where none was found
 * @param cgroups the cgroup hierarchy as mounted
 * @param namespaces namespace kinds in {@code /proc/self/ns} ({@code cgroup ipc mnt net pid user
 *     uts ...})
 * @param filesystems filesystem types the kernel supports now ({@code /proc/filesystems})
 * @param security seccomp, AppArmor, SELinux state
 * @param binfmt binfmt_misc state and handlers
 * @param sysctls the sysctls the checks need, by dotted name ({@code net.ipv4.ip_forward})
 * @param wsl which WSL this is, or null where the kernel release is unknown
 * @param container whether this host is itself a container, and the evidence
 * @param rootless facts for running the engine rootless
 */
public record LinuxInfo(
    @Nullable KernelConfigInfo kernelConfig,
    @Nullable CgroupInfo cgroups,
    @Nullable List<String> namespaces,
    @Nullable List<String> filesystems,
    @Nullable SecurityInfo security,
    @Nullable BinfmtInfo binfmt,
    Map<String, String> sysctls,
    @Nullable WslKind wsl,
    @Nullable ContainerInfo container,
    @Nullable RootlessInfo rootless)
    implements JsonValue {

  public LinuxInfo(
      @Nullable KernelConfigInfo kernelConfig,
      @Nullable CgroupInfo cgroups,
      @Nullable List<String> namespaces,
      @Nullable List<String> filesystems,
      @Nullable SecurityInfo security,
      @Nullable BinfmtInfo binfmt,
      @Nullable Map<String, String> sysctls,
      @Nullable WslKind wsl,
      @Nullable ContainerInfo container,
      @Nullable RootlessInfo rootless) {
    // canonical, not compact: a null argument gets the default below, no component is null
    this.namespaces = namespaces == null ? null : List.copyOf(namespaces);
    this.filesystems = filesystems == null ? null : List.copyOf(filesystems);
    this.sysctls = sysctls == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(sysctls));
    this.kernelConfig = kernelConfig;
    this.cgroups = cgroups;
    this.security = security;
    this.binfmt = binfmt;
    this.wsl = wsl;
    this.container = container;
    this.rootless = rootless;
  }

  /** A sysctl value, or null where it was not readable. */
  public @Nullable String sysctl(String name) {
    return sysctls.get(name);
  }

  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kernelConfig", kernelConfig == null ? null : kernelConfig.toJson());
    m.put("cgroups", cgroups == null ? null : cgroups.toJson());
    m.put("namespaces", namespaces);
    m.put("filesystems", filesystems);
    m.put("security", security == null ? null : security.toJson());
    m.put("binfmt", binfmt == null ? null : binfmt.toJson());
    m.put("sysctls", new LinkedHashMap<>(sysctls));
    m.put("wsl", wsl == null ? null : wsl.id());
    m.put("container", container == null ? null : container.toJson());
    m.put("rootless", rootless == null ? null : rootless.toJson());
    return m;
  }

  static LinuxInfo fromJson(JsonReader r) {
    JsonReader kc = r.object("kernelConfig");
    JsonReader cg = r.object("cgroups");
    JsonReader sec = r.object("security");
    JsonReader bf = r.object("binfmt");
    JsonReader ct = r.object("container");
    JsonReader rl = r.object("rootless");
    Map<String, String> sysctls = new TreeMap<>();
    JsonReader sc = r.object("sysctls");
    if (sc != null) {
      for (String k : sc.raw().keySet()) {
        sysctls.put(k, sc.string(k));
      }
    }
    return new LinuxInfo(
        kc == null ? null : KernelConfigInfo.fromJson(kc),
        cg == null ? null : CgroupInfo.fromJson(cg),
        r.has("namespaces") ? r.strings("namespaces") : null,
        r.has("filesystems") ? r.strings("filesystems") : null,
        sec == null ? null : SecurityInfo.fromJson(sec),
        bf == null ? null : BinfmtInfo.fromJson(bf),
        sysctls,
        r.string("wsl") == null ? null : WslKind.parse(r.string("wsl")),
        ct == null ? null : ContainerInfo.fromJson(ct),
        rl == null ? null : RootlessInfo.fromJson(rl));
  }

  /**
   * The kernel build configuration.
   *
   * @param source where it was read ({@code /proc/config.gz}), as the user would find it
   * @param version the kernel version the config's header names ({@code 6.1.0}), or null
   * @param entries {@code CONFIG_X} to value ({@code y}, {@code m}, a number or string); options
   *     that are "not set" are absent
   */
  public record KernelConfigInfo(
      @Nullable String source, @Nullable String version, Map<String, String> entries)
      implements JsonValue {
    public KernelConfigInfo {
      entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /** The value of an option ({@code y}, {@code m}, ...), or null when not set. */
    public @Nullable String get(String name) {
      return entries.get(name.startsWith("CONFIG_") ? name : "CONFIG_" + name);
    }

    @Override
    public Object toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", source);
      m.put("version", version);
      m.put("entries", new LinkedHashMap<>(entries));
      return m;
    }

    static KernelConfigInfo fromJson(JsonReader r) {
      Map<String, String> e = new TreeMap<>();
      JsonReader er = r.object("entries");
      if (er != null) {
        for (String k : er.raw().keySet()) {
          e.put(k, er.string(k));
        }
      }
      return new KernelConfigInfo(r.string("source"), r.string("version"), e);
    }
  }

  /**
   * The cgroup hierarchy.
   *
   * @param mode how the hierarchy is mounted
   * @param mountPoint where the hierarchy is mounted ({@code /sys/fs/cgroup})
   * @param controllers the controllers actually usable (v2: {@code cgroup.controllers} of the root;
   *     v1: mounted hierarchies that {@code /proc/cgroups} lists as enabled)
   */
  public record CgroupInfo(
      @Nullable CgroupMode mode, @Nullable String mountPoint, List<String> controllers)
      implements JsonValue {
    public CgroupInfo {
      controllers = controllers == null ? List.of() : List.copyOf(controllers);
    }

    @Override
    public Object toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mode", mode == null ? null : mode.id());
      m.put("mountPoint", mountPoint);
      m.put("controllers", controllers);
      return m;
    }

    static CgroupInfo fromJson(JsonReader r) {
      String mode = r.string("mode");
      return new CgroupInfo(
          mode == null ? null : CgroupMode.parse(mode),
          r.string("mountPoint"),
          r.strings("controllers"));
    }
  }

  /**
   * Security modules.
   *
   * @param seccomp this process's own seccomp mode from {@code /proc/self/status}: {@code
   *     disabled}, {@code strict} or {@code filter}, or {@code unsupported} where the line is
   *     absent; null unknown. It says only whether this JVM is filtered, not what Docker can do:
   *     see {@code seccompSupport}
   * @param apparmor AppArmor enabled ({@code /sys/module/apparmor/parameters/enabled})
   * @param apparmorParser {@code apparmor_parser} found on PATH or in /sbin
   * @param selinux {@code disabled}, {@code permissive} or {@code enforcing}; null unknown
   * @param seccompSupport whether the kernel can apply Docker's seccomp profile, or null unknown
   */
  public record SecurityInfo(
      @Nullable String seccomp,
      @Nullable Boolean apparmor,
      @Nullable Boolean apparmorParser,
      @Nullable String selinux,
      @Nullable SeccompSupport seccompSupport)
      implements JsonValue {
    @Override
    public Object toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("seccomp", seccomp);
      m.put("apparmor", apparmor);
      m.put("apparmorParser", apparmorParser);
      m.put("selinux", selinux);
      m.put("seccompSupport", seccompSupport == null ? null : seccompSupport.toJson());
      return m;
    }

    static SecurityInfo fromJson(JsonReader r) {
      JsonReader s = r.object("seccompSupport");
      return new SecurityInfo(
          r.string("seccomp"),
          r.bool("apparmor"),
          r.bool("apparmorParser"),
          r.string("selinux"),
          s == null ? null : SeccompSupport.fromJson(s));
    }
  }

  /**
   * What Docker needs of seccomp: a kernel that applies filter-mode programs (moby's default
   * profile is one; runc loads it with seccomp(SECCOMP_SET_MODE_FILTER)). Evidence, best first:
   * {@code /proc/sys/kernel/seccomp/actions_avail} (kernel/seccomp.c, Linux 4.14+), the {@code
   * Seccomp:} line's absence from {@code /proc/self/status} (fs/proc/array.c prints it only with
   * CONFIG_SECCOMP), then CONFIG_SECCOMP and CONFIG_SECCOMP_FILTER in the kernel config.
   *
   * @param supported whether the kernel can filter system calls
   * @param actionsAvail the actions the kernel offers ({@code kill_process ... allow}), or null
   *     where that file was not there
   * @param evidence what decided it, for a person
   */
  public record SeccompSupport(
      boolean supported, @Nullable List<String> actionsAvail, @Nullable String evidence)
      implements JsonValue {
    public SeccompSupport {
      actionsAvail = actionsAvail == null ? null : List.copyOf(actionsAvail);
    }

    @Override
    public Object toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("supported", supported);
      m.put("actionsAvail", actionsAvail);
      m.put("evidence", evidence);
      return m;
    }

    static SeccompSupport fromJson(JsonReader r) {
      Boolean s = r.bool("supported");
      return new SeccompSupport(
          s != null && s,
          r.has("actionsAvail") ? r.strings("actionsAvail") : null,
          r.string("evidence"));
    }
  }

  /**
   * binfmt_misc.
   *
   * @param mounted {@code /proc/sys/fs/binfmt_misc} is mounted
   * @param enabled the global {@code status} switch
   * @param entries every registered handler, in directory order
   */
  public record BinfmtInfo(boolean mounted, @Nullable Boolean enabled, List<BinfmtEntry> entries)
      implements JsonValue {
    public BinfmtInfo {
      entries = entries == null ? List.of() : List.copyOf(entries);
    }

    @Override
    public Object toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mounted", mounted);
      m.put("enabled", enabled);
      List<Object> l = new ArrayList<>();
      for (BinfmtEntry e : entries) {
        l.add(e.toJson());
      }
      m.put("entries", l);
      return m;
    }

    static BinfmtInfo fromJson(JsonReader r) {
      List<BinfmtEntry> l = new ArrayList<>();
      for (JsonReader e : r.objects("entries")) {
        l.add(BinfmtEntry.fromJson(e));
      }
      Boolean mounted = r.bool("mounted");
      return new BinfmtInfo(mounted != null && mounted, r.bool("enabled"), l);
    }
  }

  /**
   * Whether this host is itself a container.
   *
   * @param inside true when any evidence was found
   * @param evidence what was found ({@code /.dockerenv}, {@code /run/.containerenv}, a cgroup path)
   */
  public record ContainerInfo(boolean inside, List<String> evidence) implements JsonValue {
    public ContainerInfo {
      evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    @Override
    public Object toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("inside", inside);
      m.put("evidence", evidence);
      return m;
    }

    static ContainerInfo fromJson(JsonReader r) {
      Boolean in = r.bool("inside");
      return new ContainerInfo(in != null && in, r.strings("evidence"));
    }
  }

  /**
   * Facts for the rootless engine (moby's dockerd-rootless-setuptool.sh checks).
   *
   * @param user the user name
   * @param uid the numeric user id
   * @param newuidmap path of newuidmap, or null when absent
   * @param newgidmap path of newgidmap, or null when absent
   * @param subuidCount ids delegated to the user in /etc/subuid (0 when none)
   * @param subgidCount ids delegated to the user in /etc/subgid (0 when none)
   * @param xdgRuntimeDir the XDG_RUNTIME_DIR value, or null
   * @param cgroupDelegated controllers delegated to the user's systemd slice (cgroup v2), or null
   */
  public record RootlessInfo(
      @Nullable String user,
      long uid,
      @Nullable String newuidmap,
      @Nullable String newgidmap,
      long subuidCount,
      long subgidCount,
      @Nullable String xdgRuntimeDir,
      @Nullable List<String> cgroupDelegated)
      implements JsonValue {
    public RootlessInfo {
      cgroupDelegated = cgroupDelegated == null ? null : List.copyOf(cgroupDelegated);
    }

    @Override
    public Object toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("user", user);
      m.put("uid", uid);
      m.put("newuidmap", newuidmap);
      m.put("newgidmap", newgidmap);
      m.put("subuidCount", subuidCount);
      m.put("subgidCount", subgidCount);
      m.put("xdgRuntimeDir", xdgRuntimeDir);
      m.put("cgroupDelegated", cgroupDelegated);
      return m;
    }

    static RootlessInfo fromJson(JsonReader r) {
      Long uid = r.longValue("uid");
      Long su = r.longValue("subuidCount");
      Long sg = r.longValue("subgidCount");
      return new RootlessInfo(
          r.string("user"),
          uid == null ? -1 : uid,
          r.string("newuidmap"),
          r.string("newgidmap"),
          su == null ? 0 : su,
          sg == null ? 0 : sg,
          r.string("xdgRuntimeDir"),
          r.has("cgroupDelegated") ? r.strings("cgroupDelegated") : null);
    }
  }
}
