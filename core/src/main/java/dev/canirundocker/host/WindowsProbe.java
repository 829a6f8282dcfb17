package dev.canirundocker.host;

import dev.canirundocker.json.Json;
import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Probes a Windows host from its registry, WMI and files, every input read through {@link
 * ProbeOptions} ({@link SystemInputs}, the environment, the file root): no process is started (no
 * {@code wsl --version}, which can block for a minute on a machine without WSL, no PowerShell).
 */
final class WindowsProbe {
  static final String CURRENT_VERSION = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";

  /** The machine's own architecture, which an emulated x64 process on Arm64 sees too. */
  static final String SESSION_ENVIRONMENT =
      "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment";

  /** Store/MSI WSL (1.0 and later) registers its install here, with Version and InstallLocation. */
  static final String WSL_MSI = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Lxss\\MSI";

  /** Per-user WSL distributions: DefaultDistribution, and one subkey per distribution. */
  static final String LXSS = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss";

  static final String DESKTOP_UNINSTALL =
      "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Docker Desktop";

  private final ProbeOptions options;
  private final SystemInputs sys;
  private final List<Unknown> unknowns = new ArrayList<>();

  WindowsProbe(ProbeOptions options) {
    this.options = options;
    this.sys = options.system();
  }

  HostProfile probe() {
    String arch = architecture();
    OsInfo os = os(arch);
    Platform platform = Platform.of("windows", arch, "");
    String rev = sys.registry(CURRENT_VERSION, "UBR").orElse(null);
    if (os.build() != null) {
      platform = platform.withOsVersion("10.0." + os.build() + (rev == null ? "" : "." + rev));
    }
    CpuInfo cpu = sys.cpu();
    if (cpu == null) {
      unknowns.add(new Unknown("cpu", "OSHI could not identify the processor"));
    }
    long mem = sys.memoryTotalBytes();
    if (mem <= 0) {
      unknowns.add(new Unknown("memory.totalBytes", "OSHI could not read the memory size"));
    }
    String kernelVersion =
        os.build() == null
            ? sys.property("os.version")
            : "10.0." + os.build() + (rev == null ? "" : "." + rev);
    return new HostProfile(
        HostProfile.SCHEMA_VERSION,
        platform,
        os,
        new KernelInfo(kernelVersion, kernelVersion, null, null),
        cpu,
        mem,
        virtualization(cpu),
        vmSupport(arch),
        null,
        List.of(),
        unknowns);
  }

  /**
   * The machine's architecture: the Session Manager's PROCESSOR_ARCHITECTURE, then the process
   * environment (PROCESSOR_ARCHITEW6432 is the machine's under WOW64, learn.microsoft.com "WOW64
   * Implementation Details"), then os.arch. An x64 JVM emulated on Windows on Arm sees AMD64 in its
   * own environment; the registry value says ARM64.
   */
  String architecture() {
    String a = sys.registry(SESSION_ENVIRONMENT, "PROCESSOR_ARCHITECTURE").orElse(null);
    if (a == null) {
      a = options.env().get("PROCESSOR_ARCHITEW6432");
    }
    if (a == null) {
      a = options.env().get("PROCESSOR_ARCHITECTURE");
    }
    if (a == null) {
      String jvm = sys.property("os.arch");
      return Platform.of("windows", jvm == null ? "amd64" : jvm, "").architecture();
    }
    switch (a.trim().toUpperCase(Locale.ROOT)) {
      case "ARM64":
        return "arm64";
      case "X86":
        return "386";
      default:
        return "amd64";
    }
  }

  /**
   * The OS from {@code HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion}: ProductName, EditionID,
   * DisplayVersion (ReleaseId before 20H2), CurrentBuildNumber. Windows 11 keeps "Windows 10" in
   * ProductName; from build 22000 a client is Windows 11, so the name is corrected.
   */
  OsInfo os(String arch) {
    Optional<String> product = sys.registry(CURRENT_VERSION, "ProductName");
    String build =
        sys.registry(CURRENT_VERSION, "CurrentBuildNumber")
            .or(() -> sys.registry(CURRENT_VERSION, "CurrentBuild"))
            .orElse(null);
    String edition = sys.registry(CURRENT_VERSION, "EditionID").orElse(null);
    String display =
        sys.registry(CURRENT_VERSION, "DisplayVersion")
            .or(() -> sys.registry(CURRENT_VERSION, "ReleaseId"))
            .orElse(null);
    String installation = sys.registry(CURRENT_VERSION, "InstallationType").orElse("");
    String name;
    if (product.isPresent()) {
      name = product.get().trim();
      int b = parse(build);
      if (b >= 22000
          && !installation.toLowerCase(Locale.ROOT).startsWith("server")
          && name.startsWith("Windows 10")) {
        name = "Windows 11" + name.substring("Windows 10".length());
      }
    } else {
      name = sys.property("os.name");
      unknowns.add(
          new Unknown(
              "os.name",
              "the registry's ProductName is not readable; os.name says '" + name + "'"));
    }
    if (build == null) {
      unknowns.add(new Unknown("os.build", "the registry's CurrentBuildNumber is not readable"));
    }
    int bits = arch.equals("386") ? 32 : 64;
    return new OsInfo("windows", name, display, build, edition, bits);
  }

  /**
   * Win32_ComputerSystem: HypervisorPresent, and whether the machine is itself a VM (Manufacturer
   * and Model name one: "Virtual Machine" for Hyper-V guests, VMware, VirtualBox, QEMU, ...). The
   * processor's PF_* flags (IsProcessorFeaturePresent) come from OSHI; under a running hypervisor
   * Windows reports PF_VIRT_FIRMWARE_ENABLED as absent, which the rules know (VmRoute).
   */
  Virtualization virtualization(@Nullable CpuInfo cpu) {
    Boolean present =
        sys.wmi("Win32_ComputerSystem", "HypervisorPresent").map(WindowsProbe::bool).orElse(null);
    if (present == null) {
      unknowns.add(
          new Unknown(
              "virtualization.hypervisorPresent",
              "WMI's Win32_ComputerSystem.HypervisorPresent did not answer"));
    }
    String manufacturer = sys.wmi("Win32_ComputerSystem", "Manufacturer").orElse(null);
    String model = sys.wmi("Win32_ComputerSystem", "Model").orElse(null);
    String vendor = null;
    Boolean guest = null;
    if (manufacturer != null || model != null) {
      vendor =
          LiveHostProbe.hypervisorNamed(
              (manufacturer == null ? "" : manufacturer) + "\n" + (model == null ? "" : model));
      guest = vendor != null;
    }
    Boolean fw = cpu == null ? null : cpu.hasFlag("PF_VIRT_FIRMWARE_ENABLED");
    Boolean slat = cpu == null ? null : cpu.hasFlag("PF_SECOND_LEVEL_ADDRESS_TRANSLATION");
    return new Virtualization(present, vendor, fw, slat, null, guest);
  }

  /**
   * WSL, Hyper-V, the Containers feature and Docker Desktop, from files and the registry. WSL: the
   * Store/MSI WSL's registry key (its Version) or its {@code wsl.exe} (version resource); the
   * default distribution and its version from HKCU Lxss. Docker Desktop: its executable, its
   * uninstall entry's DisplayVersion, and its backend from the user's settings file ({@code
   * %APPDATA%\Docker\settings-store.json}, {@code settings.json} up to 4.34; docker/docs
   * content/manuals/desktop/settings-and-maintenance/settings.md): {@code wslEngineEnabled}.
   */
  VmSupport vmSupport(String arch) {
    Path root = fileRoot();
    Map<String, String> env = options.env();
    Path programFiles = windowsPath(root, env.getOrDefault("ProgramFiles", "C:\\Program Files"));
    Path system =
        windowsPath(root, env.getOrDefault("SystemRoot", "C:\\Windows")).resolve("System32");
    Path desktopExe = programFiles.resolve("Docker/Docker/Docker Desktop.exe");
    Boolean desktop = Files.exists(desktopExe);
    // the Hyper-V management service binary exists only with the Hyper-V feature enabled
    Boolean hyperV = Files.exists(system.resolve("vmms.exe")) ? Boolean.TRUE : null;
    // Containers feature: its host compute service (vmcompute.exe) ships with it
    Boolean containers = Files.exists(system.resolve("vmcompute.exe")) ? Boolean.TRUE : null;

    String wsl = sys.registry(WSL_MSI, "Version").orElse(null);
    Path wslExe =
        sys.registry(WSL_MSI, "InstallLocation")
            .map(p -> windowsPath(root, p))
            .orElse(programFiles.resolve("WSL"))
            .resolve("wsl.exe");
    if (wsl == null && Files.exists(wslExe)) {
      wsl = sys.fileVersion(wslExe).orElse("installed");
    }
    String defaultName = null;
    Integer defaultVersion = null;
    Optional<String> def = sys.registry(LXSS, "DefaultDistribution");
    if (def.isPresent()) {
      String key = LXSS + "\\" + def.get();
      defaultName = sys.registry(key, "DistributionName").orElse(null);
      defaultVersion =
          sys.registry(key, "Version")
              .map(WindowsProbe::parse)
              .filter(v -> v == 1 || v == 2)
              .orElse(null);
    }
    String desktopVersion =
        desktop ? sys.registry(DESKTOP_UNINSTALL, "DisplayVersion").orElse(null) : null;
    String backend = desktop ? desktopBackend(env, root) : null;
    return new VmSupport(
        wsl,
        hyperV,
        containers,
        null,
        desktop,
        defaultName,
        defaultVersion,
        desktopVersion,
        backend);
  }

  private @Nullable String desktopBackend(Map<String, String> env, Path root) {
    String appData = env.get("APPDATA");
    if (appData == null) {
      return null;
    }
    Path dir = windowsPath(root, appData).resolve("Docker");
    for (String f : new String[] {"settings-store.json", "settings.json"}) {
      Path p = dir.resolve(f);
      try {
        if (Files.size(p) > 1 << 20) {
          continue;
        }
        Map<String, Object> m = Json.parseObject(Files.readString(p, StandardCharsets.UTF_8));
        for (Map.Entry<String, Object> e : m.entrySet()) {
          if (e.getKey().equalsIgnoreCase("wslEngineEnabled") && e.getValue() instanceof Boolean) {
            return (Boolean) e.getValue() ? "wsl2" : "hyperv";
          }
        }
      } catch (IOException | RuntimeException e) {
        // absent or unreadable: the next file, else unknown
      }
    }
    return null;
  }

  /**
   * Where {@code C:\} is: the fixture root in tests; on a live host ({@code /}) the system drive
   * ({@code SystemDrive}, else C:).
   */
  Path fileRoot() {
    if (options.root().getNameCount() > 0) {
      return options.root();
    }
    String drive = options.env().getOrDefault("SystemDrive", "C:");
    try {
      return Path.of(drive + "\\");
    } catch (RuntimeException e) {
      return options.root();
    }
  }

  /** {@code C:\Program Files} under a root ({@code root/Program Files}). */
  static Path windowsPath(Path root, String winPath) {
    String p = winPath.replace('\\', '/');
    if (p.length() >= 2 && p.charAt(1) == ':') {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p.isEmpty() ? root : root.resolve(p);
  }

  static @Nullable Boolean bool(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    return t.equals("true") || t.equals("1")
        ? Boolean.TRUE
        : t.equals("false") || t.equals("0") ? Boolean.FALSE : null;
  }

  static int parse(@Nullable String s) {
    try {
      return s == null ? -1 : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
