package dev.canirundocker.host;

import dev.canirundocker.host.linux.LinuxReadException;
import dev.canirundocker.host.linux.LinuxSysfs;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.text.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.ProcessorIdentifier;

/**
 * Probes the machine this JVM runs on: OSHI for the OS, CPU and memory (without JNA on Linux, see
 * {@link JnaFreeLinux}; Linux's memory total from {@code /proc/meminfo}, see {@link
 * LinuxSysfs#memoryTotalBytes}), the Linux readers for kernel facts, and the exec probes for what
 * the kernel really executes. Nothing slow is asked of OSHI: no process lists, no disk stores.
 */
public final class LiveHostProbe implements HostProbe {
  private static final Logger LOG = LoggerFactory.getLogger(LiveHostProbe.class);

  private final ProbeOptions options;

  public LiveHostProbe(ProbeOptions options) {
    this.options = options;
  }

  @Override
  public HostProfile probe() {
    String osName = options.system().property("os.name");
    String family = OsInfo.familyOf(osName == null ? "" : osName);
    List<Unknown> unknowns = new ArrayList<>();
    java.time.Instant at =
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    switch (family) {
      case "linux":
        return probeLinux(unknowns).withOrigin(linuxHostname(), at);
      case "windows":
        return new WindowsProbe(options).probe().withOrigin(envHostname("COMPUTERNAME"), at);
      case "macos":
        return new MacProbe(options).probe().withOrigin(envHostname("HOSTNAME"), at);
      default:
        return probeOther(family, unknowns).withOrigin(envHostname("HOSTNAME"), at);
    }
  }

  /**
   * The host name from the environment: Windows sets COMPUTERNAME for every process; elsewhere a
   * shell's HOSTNAME, where exported; null otherwise (no process is started, no DNS asked).
   */
  private @Nullable String envHostname(String variable) {
    String name = options.env().get(variable);
    return name == null || name.isBlank() ? null : name.trim();
  }

  /** The kernel's hostname ({@code /proc/sys/kernel/hostname}, what uname -n prints), or null. */
  private @Nullable String linuxHostname() {
    try {
      String s =
          new String(
                  dev.canirundocker.io.BoundedFiles.read(
                      options.root().resolve("proc/sys/kernel/hostname"),
                      256,
                      java.time.Duration.ofSeconds(1)),
                  StandardCharsets.UTF_8)
              .trim();
      return s.isEmpty() ? null : s;
    } catch (IOException e) {
      LOG.debug("no hostname: {}", e.getMessage());
      return null;
    }
  }

  /**
   * Probes a Linux host. The independent parts run at once: the exec probes (which wait on
   * processes) are started first, then OSHI's processor (its initialisation is the probe's
   * costliest part), while this thread reads {@code /proc} and {@code /sys} (the kernel config on a
   * thread of its own, see {@link LinuxSysfs#readAll(Map, Path, Set)}). Only the facts of {@link
   * ProbeOptions#facts()} are read; the others are named in {@link HostProfile#notProbed()}. The
   * interpreter of each exec probe is credited afterwards from the binfmt_misc entries read. With
   * debug logging each part's time is logged.
   */
  private HostProfile probeLinux(List<Unknown> unknowns) {
    long t0 = System.nanoTime();
    boolean wantCpu = options.wants(HostFact.CPU) || options.wants(HostFact.VIRTUALIZATION);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "cird-probe");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<List<ExecProbeResult>> probes =
          options.execProbes()
              ? pool.submit(
                  () -> {
                    long t = System.nanoTime();
                    List<ExecProbeResult> l = LinuxProbeParts.execProbes(options);
                    LOG.debug("probe part exec probes: {} ms", ms(t));
                    return l;
                  })
              : null;
      // the CPU task records its unknowns in a list of its own, handed over by Future.get (which
      // orders its writes before our reads): no list is shared between threads
      List<Unknown> cpuUnknowns = new ArrayList<>();
      Future<CpuInfo> cpuF =
          wantCpu
              ? pool.submit(
                  () -> {
                    long t = System.nanoTime();
                    // the counts need OSHI's processor model (its topology walk); the rest not
                    CpuInfo c =
                        options.wants(HostFact.CPU_TOPOLOGY)
                            ? cpuInfo(JnaFreeLinux.processor(), cpuUnknowns)
                            : cpuWithoutTopology(cpuUnknowns);
                    LOG.debug("probe part cpu (OSHI): {} ms", ms(t));
                    return c;
                  })
              : null;
      List<Unknown> linuxUnknowns = new ArrayList<>();
      long t = System.nanoTime();
      LinuxProbeParts parts = LinuxProbeParts.read(options, linuxUnknowns);
      LOG.debug("probe part linux files: {} ms", ms(t));
      long mem = 0;
      if (options.wants(HostFact.MEMORY)) {
        t = System.nanoTime();
        try {
          mem = new LinuxSysfs(options.root()).memoryTotalBytes();
        } catch (LinuxReadException e) {
          unknowns.add(new Unknown("memory.totalBytes", Text.message(e)));
        }
        LOG.debug("probe part memory: {} ms", ms(t));
      }
      t = System.nanoTime();
      CpuInfo cpuInfo = cpuF == null ? null : cpuF.get();
      LOG.debug("probe part cpu wait: {} ms", ms(t));
      unknowns.addAll(cpuUnknowns);
      unknowns.addAll(linuxUnknowns);
      String arch =
          parts.machine() != null ? parts.machine() : options.system().property("os.arch");
      Map<String, String> rel = OsRelease.read(options.root());
      String version = rel.getOrDefault("VERSION_ID", rel.get("VERSION"));
      if (rel.isEmpty()) {
        unknowns.add(
            new Unknown("os.name", "neither /etc/os-release nor /usr/lib/os-release is readable"));
      }
      OsInfo os =
          new OsInfo(
              "linux", rel.get("NAME"), version, null, null, OsRelease.is64bit(arch) ? 64 : 32);
      Platform platform = Platform.of("linux", arch, "");
      if (platform.architecture().equals("arm64") && cpuInfo != null) {
        cpuInfo = cpuInfo.withArm(armCpu(unknowns));
      }
      Virtualization virt =
          options.wants(HostFact.VIRTUALIZATION) ? linuxVirtualization(cpuInfo) : null;
      java.util.Set<HostFact> notProbed = java.util.EnumSet.allOf(HostFact.class);
      notProbed.removeAll(options.facts());
      HostProfile profile =
          new HostProfile(
                  HostProfile.SCHEMA_VERSION,
                  platform,
                  os,
                  parts.kernel(),
                  options.wants(HostFact.CPU) ? cpuInfo : null,
                  mem,
                  virt,
                  VmSupport.UNKNOWN,
                  parts.linux(),
                  List.of(),
                  unknowns)
              .withGpu(parts.gpu())
              .withNotProbed(notProbed);
      if (probes != null) {
        t = System.nanoTime();
        List<ExecProbeResult> ran = probes.get();
        LOG.debug("probe part exec probes wait: {} ms", ms(t));
        profile = profile.withExecProbes(LinuxProbeParts.credit(ran, profile));
      }
      LOG.debug("probe of {} facts: {} ms", options.facts().size(), ms(t0));
      return profile;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while probing the host", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException ? (RuntimeException) c : new IllegalStateException(c);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Milliseconds since {@code t0} ({@link System#nanoTime()}). */
  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /**
   * The arm64 facts of /proc/cpuinfo (architecture level from the hwcaps, AArch32 at EL0 from the
   * cores' MIDR), see {@link ArmCpu}; null, with an unknown, where the file cannot be read.
   */
  private @Nullable ArmCpu armCpu(List<Unknown> unknowns) {
    Path f = options.root().resolve("proc/cpuinfo");
    try (java.io.InputStream in = Files.newInputStream(f)) {
      // a few KiB per core; 1 MiB is hundreds of cores and bounds a hostile file
      byte[] b = in.readNBytes(1 << 20);
      ArmCpu a = ArmCpu.parse(new String(b, StandardCharsets.UTF_8).lines().toList());
      if (a == null) {
        unknowns.add(new Unknown("cpu.arm", f + " names no CPU implementer and no Features"));
      }
      return a;
    } catch (IOException | RuntimeException e) {
      unknowns.add(new Unknown("cpu.arm", "cannot read " + f + ": " + e.getMessage()));
      return null;
    }
  }

  private @Nullable CpuInfo cpuInfo(CentralProcessor cpu, List<Unknown> unknowns) {
    try {
      return cpuOf(cpu);
    } catch (RuntimeException e) {
      LOG.debug("OSHI could not identify the processor", e);
      unknowns.add(new Unknown("cpu", "OSHI: " + e));
      return null;
    }
  }

  /**
   * The processor without OSHI's processor model: its identity and feature flags read as the model
   * reads them ({@link JnaFreeLinux#identity(List)}, {@link JnaFreeLinux#featureFlags(List)}, one
   * read of {@code /proc/cpuinfo}), the counts 0 ({@link HostFact#CPU_TOPOLOGY} not probed).
   */
  private static @Nullable CpuInfo cpuWithoutTopology(List<Unknown> unknowns) {
    try {
      List<String> cpuinfo = JnaFreeLinux.cpuinfo();
      return cpuOf(JnaFreeLinux.identity(cpuinfo), JnaFreeLinux.featureFlags(cpuinfo), 0, 0);
    } catch (RuntimeException e) {
      LOG.debug("OSHI could not identify the processor", e);
      unknowns.add(new Unknown("cpu", "OSHI: " + e));
      return null;
    }
  }

  /** OSHI's processor as a {@link CpuInfo}. */
  static CpuInfo cpuOf(CentralProcessor cpu) {
    return cpuOf(
        cpu.getProcessorIdentifier(),
        cpu.getFeatureFlags(),
        cpu.getLogicalProcessorCount(),
        cpu.getPhysicalProcessorCount());
  }

  /** A processor's identity, feature-flag lines and counts as a {@link CpuInfo}. */
  private static CpuInfo cpuOf(
      ProcessorIdentifier id, List<String> flagLines, int logical, int physical) {
    Set<String> flags = parseFlags(flagLines);
    String micro = id.getMicroarchitecture();
    if (micro != null && micro.equalsIgnoreCase("unknown")) {
      micro = null;
    }
    return new CpuInfo(
        id.getVendor(), id.getName(), micro, logical, physical, flags, CpuInfo.amd64LevelOf(flags));
  }

  /**
   * OSHI's feature flags, as a set of names: on Linux the {@code flags}/{@code Features} lines of
   * /proc/cpuinfo ("flags\t\t: fpu vme ..."), on Windows the PF_* names the CPU reports, on macOS
   * the sysctl feature lines. Only the part after a label's colon is taken.
   */
  static Set<String> parseFlags(List<String> lines) {
    Set<String> flags = new LinkedHashSet<>();
    for (String line : lines) {
      String l = line;
      int colon = l.indexOf(':');
      if (colon >= 0 && !l.startsWith("PF_")) {
        l = l.substring(colon + 1);
      }
      for (String f : l.trim().split("[\\s,]+")) {
        if (!f.isEmpty()) {
          flags.add(f.startsWith("PF_") ? f : f.toLowerCase(Locale.ROOT));
        }
      }
    }
    return flags;
  }

  private Virtualization linuxVirtualization(@Nullable CpuInfo cpu) {
    Boolean hyper = cpu == null ? null : cpu.hasFlag("hypervisor");
    String vendor = dmiHypervisor(options.root());
    if (vendor != null) {
      hyper = true;
    }
    Path kvm = options.root().resolve("dev/kvm");
    boolean hasKvm = Files.exists(kvm);
    Boolean hw = cpu == null ? null : (cpu.hasFlag("vmx") || cpu.hasFlag("svm") || hasKvm);
    Boolean slat =
        cpu == null
            ? null
            : (cpu.hasFlag("ept") || cpu.hasFlag("npt")
                ? Boolean.TRUE
                : hw != null && hw ? null : Boolean.FALSE);
    Boolean guest =
        vendor != null ? Boolean.TRUE : Boolean.FALSE.equals(hyper) ? Boolean.FALSE : null;
    return new Virtualization(hyper, vendor, hw, slat, hasKvm, guest);
  }

  /**
   * The hypervisor named by DMI ({@code /sys/class/dmi/id}), the way systemd-detect-virt's {@code
   * detect_vm_dmi} reads it; null where DMI names none (bare metal, or a hypervisor such as
   * Firecracker that exposes no DMI).
   */
  static @Nullable String dmiHypervisor(Path root) {
    Path dir = root.resolve("sys/class/dmi/id");
    StringBuilder all = new StringBuilder();
    for (String f : new String[] {"sys_vendor", "product_name", "board_vendor", "bios_vendor"}) {
      try {
        all.append(Files.readString(dir.resolve(f), StandardCharsets.UTF_8).trim()).append('\n');
      } catch (IOException | RuntimeException e) {
        // absent on many VMs and containers
      }
    }
    return hypervisorNamed(all.toString());
  }

  /**
   * The hypervisor a machine's own description names (DMI's vendor and product strings, or Windows'
   * Win32_ComputerSystem Manufacturer and Model), as systemd-detect-virt's {@code detect_vm_dmi}
   * matches them; null where none is named.
   */
  static @Nullable String hypervisorNamed(String s) {
    String[][] known = {
      {"KVM", "KVM"},
      {"QEMU", "QEMU"},
      {"VMware", "VMware"},
      {"VirtualBox", "VirtualBox"},
      {"innotek GmbH", "VirtualBox"},
      {"Xen", "Xen"},
      {"Amazon EC2", "Amazon EC2 (Nitro/KVM)"},
      {"Google Compute Engine", "Google (KVM)"},
      {"Parallels", "Parallels"},
      {"BHYVE", "bhyve"},
      {"Apple Virtualization", "Apple Virtualization"}
    };
    for (String[] k : known) {
      if (s.contains(k[0])) {
        return k[1];
      }
    }
    if (s.contains("Microsoft Corporation") && s.contains("Virtual Machine")) {
      return "Hyper-V";
    }
    return null;
  }

  /** Another OS (FreeBSD, ...): what the JVM and OSHI say, read through the seam. */
  private HostProfile probeOther(String family, List<Unknown> unknowns) {
    SystemInputs sys = options.system();
    String osVersion = sys.property("os.version");
    OsInfo os = new OsInfo(family, sys.property("os.name"), osVersion, null, null, 64);
    CpuInfo cpuInfo = sys.cpu();
    if (cpuInfo == null) {
      unknowns.add(new Unknown("cpu", "OSHI could not identify the processor"));
    }
    String arch = sys.property("os.arch");
    Platform platform = Platform.of(family, arch == null ? "amd64" : arch, "");
    return new HostProfile(
        HostProfile.SCHEMA_VERSION,
        platform,
        os,
        new KernelInfo(osVersion, osVersion, null, null),
        cpuInfo,
        sys.memoryTotalBytes(),
        new Virtualization(null, null, null, null, null),
        VmSupport.UNKNOWN,
        null,
        List.of(),
        unknowns);
  }
}
