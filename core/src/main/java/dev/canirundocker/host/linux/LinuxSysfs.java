package dev.canirundocker.host.linux;

import dev.canirundocker.host.BinfmtEntry;
import dev.canirundocker.host.GpuInfo;
import dev.canirundocker.host.HostFact;
import dev.canirundocker.host.KernelInfo;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.host.LinuxInfo.BinfmtInfo;
import dev.canirundocker.host.LinuxInfo.CgroupInfo;
import dev.canirundocker.host.LinuxInfo.ContainerInfo;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import dev.canirundocker.host.LinuxInfo.RootlessInfo;
import dev.canirundocker.host.LinuxInfo.SecurityInfo;
import dev.canirundocker.host.Unknown;
import dev.canirundocker.host.WslKind;
import dev.canirundocker.text.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Linux facts the checks need from a /proc and /sys tree rooted at a directory: {@code /}
 * on a live host, a fixture tree in tests. It only orchestrates: each concern has its own reader
 * ({@link KernelRelease}, {@link KernelConfigs}, {@link MemInfo}, {@link Cgroups}, {@link
 * Filesystems}, {@link Security}, {@link Binfmt}, {@link Sysctls}, {@link ContainerEvidence},
 * {@link Rootless}, {@link Nvidia}), a pure parser over lines beside a thin bounded read. Nothing
 * here starts a process.
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
      unknowns.add(new Unknown("linux.kernelConfig", Text.message(x)));
    }
    CgroupInfo cgroups = null;
    try {
      cgroups =
          Cgroups.read(
              root,
              MountInfo.parse(
                  ProcFiles.readLines(root.path("/proc/self/mountinfo"), "/proc/self/mountinfo")));
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.cgroups", Text.message(x)));
    }
    LinuxInfo linux =
        new LinuxInfo(config, cgroups, null, null, null, null, null, null, null, null);
    return new LinuxReadResult(linux, kernel, unknowns);
  }

  /**
   * The machine's total memory in bytes: {@code MemTotal} of {@code /proc/meminfo}, the number
   * dockerd reports as {@code MemTotal}.
   *
   * @throws LinuxReadException naming the file when it is unreadable or has no valid {@code
   *     MemTotal} line
   */
  public long memoryTotalBytes() throws LinuxReadException {
    return MemInfo.readTotalBytes(root);
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
    return readAll(env, kernelConfigFile, HostFact.all());
  }

  /**
   * Reads the Linux facts of {@code facts} once (see {@link #readAll(Map, Path)}); the others are
   * null in the result, without unknowns: they were not asked for. The binfmt_misc entries decide
   * whether this is WSL ({@code wsl} is null without {@link HostFact#BINFMT}); seccomp support
   * falls back on the kernel config, which is then read for {@link HostFact#SECURITY} as well.
   *
   * <p>The kernel config (a gzip stream to inflate and some thousand lines to parse) is read on a
   * thread of its own while the other files are read; the unknowns keep the order of a sequential
   * read.
   *
   * @param facts the facts to read ({@link HostFact#all()} for every one)
   */
  public LinuxReadResult readAll(
      Map<String, String> env, @Nullable Path kernelConfigFile, Set<HostFact> facts) {
    Map<String, String> e = env == null ? Map.of() : env;
    List<Unknown> unknowns = new ArrayList<>();

    // started first: the longest read, needed by nothing until the security facts
    boolean wantConfig =
        facts.contains(HostFact.KERNEL_CONFIG) || facts.contains(HostFact.SECURITY);
    KernelInfo kernel = KernelRelease.read(root, unknowns);
    FutureTask<Object> configTask =
        wantConfig
            ? new FutureTask<>(
                () -> {
                  try {
                    return kernelConfigFile != null
                        ? KernelConfigs.readKernelConfigFile(kernelConfigFile)
                        : KernelConfigs.find(root.dir(), kernel.release(), e);
                  } catch (KernelConfigException x) {
                    return x;
                  }
                })
            : null;
    if (configTask != null) {
      Thread t = new Thread(configTask, "cird-kernel-config");
      t.setDaemon(true);
      t.start();
    }

    // files several readers share
    boolean wantStatus = facts.contains(HostFact.SECURITY) || facts.contains(HostFact.ROOTLESS);
    List<String> status = null;
    if (wantStatus) {
      try {
        status = ProcFiles.readLines(root.path("/proc/self/status"), "/proc/self/status");
      } catch (LinuxReadException x) {
        if (facts.contains(HostFact.SECURITY)) {
          unknowns.add(new Unknown("linux.security.seccomp", Text.message(x)));
        }
        if (facts.contains(HostFact.ROOTLESS)) {
          unknowns.add(new Unknown("linux.rootless", Text.message(x)));
        }
      }
    }
    List<MountInfo> mounts = null;
    String mountsProblem = null;
    if (facts.contains(HostFact.CGROUPS)
        || facts.contains(HostFact.BINFMT)
        || facts.contains(HostFact.ROOTLESS)) {
      try {
        mounts =
            MountInfo.parse(
                ProcFiles.readLines(root.path("/proc/self/mountinfo"), "/proc/self/mountinfo"));
      } catch (LinuxReadException x) {
        mountsProblem = x.getMessage();
      }
    }
    // the config's unknown goes here, where a sequential read records it
    int configAt = unknowns.size();

    CgroupInfo cgroups = null;
    if (facts.contains(HostFact.CGROUPS) || facts.contains(HostFact.ROOTLESS)) {
      try {
        if (mounts == null) {
          throw new LinuxReadException(mountsProblem);
        }
        cgroups = Cgroups.read(root, mounts);
      } catch (LinuxReadException x) {
        if (facts.contains(HostFact.CGROUPS)) {
          unknowns.add(new Unknown("linux.cgroups", Text.message(x)));
        }
      }
    }

    List<String> namespaces =
        facts.contains(HostFact.NAMESPACES) ? Namespaces.read(root, unknowns) : null;
    List<String> filesystems =
        facts.contains(HostFact.FILESYSTEMS) ? Filesystems.read(root, unknowns) : null;
    // the security facts read the config: their unknowns follow, in order, once it is in
    int securityAt = unknowns.size();
    BinfmtInfo binfmt =
        facts.contains(HostFact.BINFMT) ? Binfmt.read(root, mounts, unknowns) : null;
    Map<String, String> sysctls =
        facts.contains(HostFact.SYSCTLS) ? Sysctls.read(root, unknowns) : null;

    WslKind wsl = null;
    if (facts.contains(HostFact.BINFMT)) {
      if (kernel.release() == null) {
        unknowns.add(new Unknown("linux.wsl", "kernel release unknown"));
      } else {
        boolean interop = false;
        for (BinfmtEntry b : binfmt == null ? List.<BinfmtEntry>of() : binfmt.entries()) {
          interop |= b.name().startsWith("WSLInterop");
        }
        wsl = WslKind.of(kernel.release(), interop);
      }
    }

    RootlessInfo rootless =
        status == null || !facts.contains(HostFact.ROOTLESS)
            ? null
            : Rootless.read(root, status, e, cgroups, unknowns);
    if (!facts.contains(HostFact.CGROUPS)) {
      cgroups = null; // read for the rootless facts only
    }
    GpuInfo gpu = facts.contains(HostFact.GPU) ? Nvidia.read(root, e, unknowns) : null;
    ContainerInfo container =
        facts.contains(HostFact.CONTAINER) ? ContainerEvidence.read(root) : null;

    KernelConfigInfo config = null;
    if (configTask != null) {
      Object c = join(configTask);
      if (c instanceof KernelConfigInfo k) {
        config = k;
      } else {
        unknowns.add(configAt, new Unknown("linux.kernelConfig", Text.message((Exception) c)));
        securityAt++;
      }
    }
    SecurityInfo security = null;
    if (facts.contains(HostFact.SECURITY)) {
      List<Unknown> securityUnknowns = new ArrayList<>();
      security = Security.read(root, status, config, e, securityUnknowns);
      unknowns.addAll(securityAt, securityUnknowns);
    }
    if (!facts.contains(HostFact.KERNEL_CONFIG)) {
      config = null; // read for the seccomp fallback only
    }

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
            container,
            rootless);
    return new LinuxReadResult(linux, kernel, unknowns, gpu);
  }

  /**
   * The kernel config task's outcome. Its reads are bounded (ProcFiles), so the wait is too; an
   * unexpected failure is reported as the config's.
   */
  private static Object join(FutureTask<Object> task) {
    try {
      return task.get();
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      return new KernelConfigException("interrupted while reading the kernel config");
    } catch (ExecutionException x) {
      return new KernelConfigException(String.valueOf(x.getCause()));
    }
  }
}
