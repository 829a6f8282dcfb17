package dev.canirundocker.host.linux;

import dev.canirundocker.host.GpuInfo;
import dev.canirundocker.host.KernelInfo;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.host.LinuxInfo.BinfmtInfo;
import dev.canirundocker.host.LinuxInfo.CgroupInfo;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import dev.canirundocker.host.LinuxInfo.RootlessInfo;
import dev.canirundocker.host.LinuxInfo.SecurityInfo;
import dev.canirundocker.host.Unknown;
import dev.canirundocker.host.WslKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Linux facts the checks need from a /proc and /sys tree rooted at a directory: {@code /}
 * on a live host, a fixture tree in tests. It only orchestrates: each concern has its own reader
 * ({@link KernelRelease}, {@link KernelConfigs}, {@link Cgroups}, {@link Filesystems}, {@link
 * Security}, {@link Binfmt}, {@link Sysctls}, {@link ContainerEvidence}, {@link Rootless}, {@link
 * Nvidia}), a pure parser over lines beside a thin bounded read. Nothing here starts a process.
 *
 * <p>{@link #readAll(Map)} reads each file once and never throws for I/O problems or garbage: a
 * fact it cannot establish is null in the result and has an {@link Unknown} naming the file and the
 * reason.
 */
public final class LinuxSysfs {
  private final LinuxRoot root;

  /**
   * A reader for the tree at {@code root}.
   *
   * @param root the directory that stands for {@code /} ({@code Path.of("/")} on a live host)
   */
  public LinuxSysfs(Path root) {
    this.root = new LinuxRoot(root);
  }

  /** A reader for the live host. */
  public static LinuxSysfs host() {
    return new LinuxSysfs(Path.of("/"));
  }

  /**
   * Reads only what a kernel config check uses: the running kernel, its config (searched as
   * check-config.sh does) and the cgroup mode. The other facts of {@link #readAll(Map)} are left
   * null in the result's {@code linux}, without unknowns: they were not asked for. Why a reader of
   * its own: {@code kernel} is a short command, and the rest of the host (binfmt_misc entries,
   * namespaces, filesystems, security, rootless, GPU) is most of readAll's work.
   *
   * @param env the process environment ({@code CONFIG} names a kernel config, as for
   *     check-config.sh)
   */
  public LinuxReadResult readKernelFacts(Map<String, String> env) {
    Map<String, String> e = env == null ? Map.of() : env;
    List<Unknown> unknowns = new ArrayList<>();
    KernelInfo kernel = KernelRelease.read(root, unknowns);
    KernelConfigInfo config = null;
    try {
      config = KernelConfigs.find(root.dir(), kernel.release(), e);
    } catch (KernelConfigException x) {
      unknowns.add(new Unknown("linux.kernelConfig", x.getMessage()));
    }
    CgroupInfo cgroups = null;
    try {
      cgroups =
          Cgroups.read(
              root,
              MountInfo.parse(
                  ProcFiles.readLines(root.path("/proc/self/mountinfo"), "/proc/self/mountinfo")));
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.cgroups", x.getMessage()));
    }
    LinuxInfo linux =
        new LinuxInfo(config, cgroups, null, null, null, null, null, null, null, null);
    return new LinuxReadResult(linux, kernel, unknowns);
  }

  /** Like {@link #readAll(Map, Path)} with no explicit kernel config file. */
  public LinuxReadResult readAll(Map<String, String> env) {
    return readAll(env, null);
  }

  /**
   * Reads every Linux fact once. Never throws for unreadable or malformed files: those facts are
   * null (or, for sysctls and binfmt entries, left out) and listed as unknowns.
   *
   * @param env the process environment ({@code System.getenv()}): {@code PATH} for finding {@code
   *     apparmor_parser}/{@code newuidmap}, {@code CONFIG} for the kernel config, {@code USER},
   *     {@code XDG_RUNTIME_DIR}
   * @param kernelConfigFile a kernel config the user named, read instead of searching (not under
   *     the root: a user's file), or null to search as check-config.sh does
   */
  public LinuxReadResult readAll(Map<String, String> env, @Nullable Path kernelConfigFile) {
    Map<String, String> e = env == null ? Map.of() : env;
    List<Unknown> unknowns = new ArrayList<>();

    KernelInfo kernel = KernelRelease.read(root, unknowns);

    // files several readers share
    List<String> status = null;
    try {
      status = ProcFiles.readLines(root.path("/proc/self/status"), "/proc/self/status");
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.security.seccomp", x.getMessage()));
      unknowns.add(new Unknown("linux.rootless", x.getMessage()));
    }
    List<MountInfo> mounts = null;
    String mountsProblem = null;
    try {
      mounts =
          MountInfo.parse(
              ProcFiles.readLines(root.path("/proc/self/mountinfo"), "/proc/self/mountinfo"));
    } catch (LinuxReadException x) {
      mountsProblem = x.getMessage();
    }

    KernelConfigInfo config = null;
    try {
      config =
          kernelConfigFile != null
              ? KernelConfigs.readKernelConfigFile(kernelConfigFile)
              : KernelConfigs.find(root.dir(), kernel.release(), e);
    } catch (KernelConfigException x) {
      unknowns.add(new Unknown("linux.kernelConfig", x.getMessage()));
    }

    CgroupInfo cgroups = null;
    try {
      if (mounts == null) {
        throw new LinuxReadException(mountsProblem);
      }
      cgroups = Cgroups.read(root, mounts);
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.cgroups", x.getMessage()));
    }

    List<String> namespaces = Namespaces.read(root, unknowns);
    List<String> filesystems = Filesystems.read(root, unknowns);
    SecurityInfo security = Security.read(root, status, config, e, unknowns);
    BinfmtInfo binfmt = Binfmt.read(root, mounts, unknowns);
    Map<String, String> sysctls = Sysctls.read(root, unknowns);

    WslKind wsl = null;
    if (kernel.release() == null) {
      unknowns.add(new Unknown("linux.wsl", "kernel release unknown"));
    } else {
      boolean interop =
          binfmt != null
              && binfmt.entries().stream().anyMatch(b -> b.name().startsWith("WSLInterop"));
      wsl = WslKind.of(kernel.release(), interop);
    }

    RootlessInfo rootless =
        status == null ? null : Rootless.read(root, status, e, cgroups, unknowns);
    GpuInfo gpu = Nvidia.read(root, e, unknowns);

    LinuxInfo linux =
        new LinuxInfo(
            config,
            cgroups,
            namespaces,
            filesystems,
            security,
            binfmt,
            sysctls,
            wsl,
            ContainerEvidence.read(root),
            rootless);
    return new LinuxReadResult(linux, kernel, unknowns, gpu);
  }
}
