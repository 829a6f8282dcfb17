package dev.canirundocker.check;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.OsInfo;
import dev.canirundocker.host.Virtualization;
import dev.canirundocker.host.VmSupport;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Whether a host without a usable Linux kernel can run Linux containers in a VM, and what is
 * missing.
 *
 * <p>Rules from Docker Desktop's install requirements (docker/docs
 * content/manuals/desktop/setup/install/windows-install.md and mac-install.md; ../reference.md
 * section 7): Windows 10 22H2 (build 19045) or Windows 11 23H2 (build 22631), 64-bit, SLAT,
 * virtualization enabled in firmware, WSL 2 or Hyper-V, 4 GB RAM, not Windows Server; macOS current
 * and two previous major releases, 4 GB RAM. Docker Toolbox (VirtualBox + boot2docker) once served
 * hosts below these floors; it was archived on 2021-09-26 and is no advice to give today.
 */
public final class VmRoute {
  /** Docker Desktop's RAM floor. */
  static final long MIN_RAM_BYTES = 4L * 1024 * 1024 * 1024;

  /** Windows 10 22H2. */
  static final int WIN10_FLOOR = 19045;

  /** First Windows 11 build. */
  static final int WIN11_FIRST = 22000;

  /** Windows 11 23H2. */
  static final int WIN11_FLOOR = 22631;

  /** Docker Desktop's WSL floor (windows-install.md: "WSL version 2.1.5 or later"). */
  static final String WSL_MIN = "2.1.5";

  /** WSL 2 on Arm64 needs Windows 10 2004 (build 19041). */
  static final int WSL2_FLOOR = 19041;

  /** WSL 2 on x64 needs Windows 10 1903 build 18362 (with update .1049; 1909 is 18363). */
  static final int WSL2_FLOOR_X64 = 18362;

  /**
   * macOS major releases in order. Apple numbered by year after 15 (Sequoia): the next is 26
   * (Tahoe). The last one is the newest in the Docker Desktop docs this rule was written from;
   * Desktop supports it and the two before it. Update together with the docs.
   */
  static final java.util.List<Integer> MACOS_MAJORS = java.util.List.of(11, 12, 13, 14, 15, 26);

  /**
   * When {@link #MACOS_MAJORS} was last checked against Apple's releases and Docker's install page
   * (docker/docs content/manuals/desktop/setup/install/mac-install.md: "Docker Desktop is supported
   * on the current and two previous major macOS releases"); macOS 26 Tahoe shipped 2025-09-15. The
   * finding says this date, since the floor moves up with each new macOS.
   */
  static final String MACOS_RULE_DATE = "2025-09-15";

  private VmRoute() {}

  /**
   * Judges the VM route of a macOS, Windows or WSL 1 host. The verdict is NEEDS_VM where the route
   * works, UNSUPPORTED where something must change first (the findings say what).
   */
  static Evaluation evaluate(HostProfile host) {
    Evaluation.Builder b = new Evaluation.Builder(host.platform()).verdict(Verdict.NEEDS_VM);
    OsInfo os = host.os();
    if (os.isMacOs()) {
      mac(host, b);
    } else if (os.isWindows()) {
      windows(host, b);
    } else if (HostFacts.isWsl1(host)) {
      wsl1(host, b);
    } else {
      b.add(
          Finding.warn(
              FindingIds.HOST_OS_NO_LINUX_KERNEL,
              "A " + os.family() + " host has no Linux kernel: Linux containers need a Linux VM",
              "Run a Linux VM (for example with the platform's hypervisor) and the Docker engine in it"));
    }
    ram(host, b);
    return b.build();
  }

  /**
   * WSL 1 has no Linux kernel. Converting the distribution to WSL 2 needs Windows 10 1903 build
   * 18362 (.1049) or later on x64, 2004 build 19041 on Arm64 (learn.microsoft.com/windows/wsl
   * install-manual.md, "Step 2 - Check requirements for running WSL 2"); a WSL 1 kernel release
   * carries the Windows build ({@code 4.4.0-17763-Microsoft}). Below that floor no {@code wsl
   * --set-version} can help: only a Windows update.
   */
  private static void wsl1(HostProfile host, Evaluation.Builder b) {
    String release = host.kernel() == null ? null : host.kernel().release();
    int build = wsl1WindowsBuild(release);
    boolean arm = host.platform().architecture().equals("arm64");
    int floor = arm ? WSL2_FLOOR : WSL2_FLOOR_X64;
    if (build > 0 && build < floor) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.WSL_VERSION1_WINDOWS_TOO_OLD,
              "WSL 1 has no Linux "
                  + "kernel, and this Windows (build "
                  + build
                  + ") is below WSL 2's floor, build "
                  + floor
                  + (arm ? " on Arm64" : " (.1049) on x64")
                  + ": wsl --set-version cannot convert the "
                  + "distribution until Windows is updated",
              "Update Windows (Windows 10 22H2 or Windows 11), "
                  + "then run wsl --set-version <distro> 2 and use Docker Desktop's WSL 2 backend"));
      return;
    }
    b.add(
        Finding.fail(
            FindingIds.WSL_VERSION1,
            "WSL 1 translates Linux system calls and has no Linux kernel: the Docker engine cannot run in it"
                + (build > 0
                    ? ""
                    : " (the Windows build is not in the kernel release '"
                        + release
                        + "', so whether WSL 2 is available is unknown)"),
            "Convert the distribution to WSL 2 from Windows: wsl --set-version <distro> 2, then use "
                + "Docker Desktop's WSL 2 backend or install the engine inside the WSL 2 distribution"));
    b.verdict(Verdict.NEEDS_VM);
  }

  private static int wsl2Floor(HostProfile host) {
    return host.platform().architecture().equals("arm64") ? WSL2_FLOOR : WSL2_FLOOR_X64;
  }

  /** The Windows build in a WSL 1 kernel release ({@code 4.4.0-19041-Microsoft}), or -1. */
  static int wsl1WindowsBuild(@Nullable String release) {
    if (release == null) {
      return -1;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^\\d+\\.\\d+\\.\\d+-(\\d{4,6})-Microsoft")
            .matcher(release.trim());
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static void ram(HostProfile host, Evaluation.Builder b) {
    if (host.memoryTotalBytes() <= 0) {
      b.add(
          Finding.warn(
              FindingIds.HOST_MEMORY_UNKNOWN,
              "Total memory is unknown; Docker Desktop needs 4 GB",
              null));
    } else if (host.memoryTotalBytes() < MIN_RAM_BYTES) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.HOST_MEMORY_LOW,
              String.format(
                  Locale.ROOT,
                  "%.1f GiB of memory is below Docker Desktop's minimum of 4 GB",
                  host.memoryTotalBytes() / 1073741824.0),
              "Add memory (4 GB or more)"));
    }
  }

  private static void mac(HostProfile host, Evaluation.Builder b) {
    OsInfo os = host.os();
    int major = majorOf(os.version());
    boolean appleSilicon = host.platform().architecture().equals("arm64");
    b.add(
        Finding.info(
            FindingIds.VM_ROUTE,
            "macOS has no Linux kernel: Linux containers run in Docker Desktop's "
                + "Linux VM (Apple Virtualization framework)"
                + (appleSilicon ? " on Apple silicon" : " on Intel")));
    int floor = MACOS_MAJORS.get(MACOS_MAJORS.size() - 3);
    if (major < 0) {
      b.add(
          Finding.warn(
              FindingIds.DESKTOP_MACOS_UNKNOWN,
              "The macOS version '"
                  + os.version()
                  + "' could not be read; Docker Desktop supports macOS "
                  + floor
                  + " and newer",
              null));
    } else if (major < floor
        || (major > MACOS_MAJORS.get(MACOS_MAJORS.size() - 2)
            && major < MACOS_MAJORS.get(MACOS_MAJORS.size() - 1))) {
      boolean toolboxEra = major == 10 && minorOf(os.version()) < 13;
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.DESKTOP_MACOS_TOO_OLD,
              "macOS "
                  + os.version()
                  + " is below Docker Desktop's floor (the current and two previous major releases: macOS "
                  + floor
                  + " and newer, by the releases known on "
                  + MACOS_RULE_DATE
                  + ", macOS "
                  + MACOS_MAJORS.get(MACOS_MAJORS.size() - 1)
                  + " the newest; a later macOS moves the "
                  + "floor up)"
                  + (toolboxEra
                      ? "; Docker Toolbox, which once served such Macs, " + "was retired in 2021"
                      : ""),
              "Upgrade macOS to "
                  + floor
                  + " or newer; where this Mac cannot, run Linux in a VM you "
                  + "manage (a hypervisor such as VirtualBox or UTM) with the Docker engine inside"));
    } else {
      b.add(
          Finding.info(
              FindingIds.DESKTOP_MACOS_SUPPORTED,
              "macOS "
                  + os.version()
                  + " is within Docker "
                  + "Desktop's supported releases (the current and two previous majors: macOS "
                  + floor
                  + " and newer, by the releases known on "
                  + MACOS_RULE_DATE
                  + ")"));
    }
    if (host.vmSupport().dockerDesktop() != null && !host.vmSupport().dockerDesktop()) {
      b.add(
          Finding.info(
              FindingIds.DESKTOP_NOT_INSTALLED,
              "Docker Desktop is not installed",
              "Install Docker Desktop for Mac ("
                  + (appleSilicon ? "Apple silicon" : "Intel chip")
                  + " build)"));
    } else if (Boolean.TRUE.equals(host.vmSupport().dockerDesktop())) {
      b.add(Finding.info(FindingIds.DESKTOP_INSTALLED, desktopInstalled(host.vmSupport())));
    }
    if (appleSilicon && Boolean.FALSE.equals(host.vmSupport().rosetta())) {
      b.add(
          Finding.info(
              FindingIds.DESKTOP_ROSETTA_MISSING,
              "Rosetta 2 is not installed: amd64 images will run under QEMU, slower",
              "softwareupdate --install-rosetta"));
    }
  }

  private static void windows(HostProfile host, Evaluation.Builder b) {
    OsInfo os = host.os();
    int build = os.buildNumber();
    String edition = HostFacts.windowsEdition(os);
    b.add(
        Finding.info(
            FindingIds.VM_ROUTE,
            "Windows has no Linux kernel: Linux containers run in Docker "
                + "Desktop's VM (WSL 2 or Hyper-V)"));
    if (edition.equals("server")) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.DESKTOP_WINDOWS_SERVER,
              "Docker Desktop is not supported on Windows Server",
              "Run Linux containers in a Linux VM (Hyper-V) with the Docker engine inside; Windows "
                  + "containers run natively with Docker Engine or Mirantis Container Runtime"));
    }
    if (os.bitness() == 32) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.DESKTOP_WINDOWS_32BIT,
              "A 32-bit Windows cannot run Docker Desktop",
              "Install 64-bit Windows"));
    }
    if (build < 0) {
      b.add(
          Finding.warn(
              FindingIds.DESKTOP_WINDOWS_BUILD_UNKNOWN,
              "The Windows build is unknown; Docker "
                  + "Desktop needs Windows 10 22H2 (19045) or Windows 11 23H2 (22631)",
              null));
    } else if (build < WIN11_FIRST && build < WIN10_FLOOR) {
      boolean toolboxEra = build < 10240;
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.DESKTOP_WINDOWS_TOO_OLD,
              "Windows build "
                  + build
                  + " is below Docker Desktop's floor, Windows 10 22H2 (build 19045)"
                  + (build < wsl2Floor(host) && !toolboxEra
                      ? "; WSL 2 itself needs build " + wsl2Floor(host)
                      : "")
                  + (toolboxEra
                      ? "; Docker Toolbox, which once served Windows 7 and 8, was retired in 2021"
                      : ""),
              toolboxEra
                  ? "Upgrade to Windows 10 22H2 or Windows 11, or run Linux in a VM you manage"
                  : "Update Windows to 10 22H2 (19045) or Windows 11 23H2 (22631)"));
    } else if (build >= WIN11_FIRST && build < WIN11_FLOOR) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.DESKTOP_WINDOWS_TOO_OLD,
              "Windows 11 build "
                  + build
                  + " is below Docker Desktop's floor, Windows 11 23H2 (build 22631)",
              "Update Windows 11 to 23H2 (22631) or newer"));
    }
    virtualization(host.virtualization(), b);
    VmSupport vm = host.vmSupport();
    if (vm.wslVersion() == null && vm.hyperV() == null) {
      b.add(
          Finding.info(
              FindingIds.DESKTOP_BACKEND_UNKNOWN,
              "Whether WSL 2 or Hyper-V is installed is unknown",
              "Install WSL 2 (wsl --install) or enable Hyper-V and the Containers feature"));
    } else if (vm.wslVersion() == null && Boolean.FALSE.equals(vm.hyperV())) {
      b.add(
          Finding.warn(
              FindingIds.DESKTOP_BACKEND_MISSING,
              "Neither WSL 2 nor Hyper-V is installed",
              "Run wsl --install (or enable Hyper-V on Pro/Enterprise), then install Docker Desktop"));
    }
    String wsl = vm.wslVersion();
    if (wsl != null
        && wsl.matches("\\d{1,9}(\\.\\d{1,9}){0,5}")
        && compareVersions(wsl, WSL_MIN) < 0) {
      // windows-install.md, WSL 2 backend: "WSL version 2.1.5 or later"
      b.add(
          Finding.warn(
              FindingIds.DESKTOP_WSL_TOO_OLD,
              "WSL " + wsl + " is older than Docker Desktop's " + "minimum, WSL " + WSL_MIN,
              "wsl --update"));
    }
    if (Integer.valueOf(1).equals(vm.wslDefaultDistributionVersion())) {
      String name = vm.wslDefaultDistribution() == null ? "<distro>" : vm.wslDefaultDistribution();
      b.add(
          Finding.info(
              FindingIds.WSL_DEFAULT_DISTRIBUTION_VERSION1,
              "The default WSL distribution "
                  + name
                  + " runs as WSL 1, which has no Linux kernel; Docker Desktop integrates with WSL 2 "
                  + "distributions",
              "wsl --set-version " + name + " 2"));
    }
    if (Boolean.FALSE.equals(vm.dockerDesktop()) && !edition.equals("server")) {
      b.add(
          Finding.info(
              FindingIds.DESKTOP_NOT_INSTALLED,
              "Docker Desktop is not installed",
              "Install Docker Desktop for Windows (WSL 2 backend)"));
    } else if (Boolean.TRUE.equals(vm.dockerDesktop())) {
      b.add(
          Finding.info(
              FindingIds.DESKTOP_INSTALLED,
              desktopInstalled(vm)
                  + (vm.desktopBackend() == null
                      ? ""
                      : vm.desktopBackend().equals("wsl2")
                          ? ", with its WSL 2 backend"
                          : ", with its Hyper-V backend")));
    }
    if (edition.equals("home")) {
      b.add(
          Finding.info(
              FindingIds.DESKTOP_WINDOWS_HOME,
              "Windows Home runs Linux containers through WSL 2; Windows containers need Pro or Enterprise",
              null));
    }
  }

  /**
   * Hardware virtualization on Windows. Windows hides the firmware flag while a hypervisor runs:
   * IsProcessorFeaturePresent(PF_VIRT_FIRMWARE_ENABLED) and systeminfo's "Hyper-V Requirements" ("A
   * hypervisor has been detected. Features required for Hyper-V will not be displayed.") report it
   * only without one, as Microsoft's ComputerInfo documents: HyperVRequirementVirtualization-
   * FirmwareEnabled "If a HyperVisor is not present, indicates the state of the requirement"
   * (learn.microsoft.com, Microsoft.PowerShell.Commands.ComputerInfo; HyperVisorPresent "If true, a
   * HyperVisor was detected", from Win32_ComputerSystem.HypervisorPresent). So a hypervisor running
   * beneath this Windows (not as its guest) proves virtualization is enabled and in use (Hyper-V,
   * WSL 2, virtualization-based security), and SLAT with it (client Hyper-V and VBS require SLAT);
   * only with no hypervisor running does the firmware flag decide.
   */
  private static void virtualization(@Nullable Virtualization v, Evaluation.Builder b) {
    boolean present = v != null && Boolean.TRUE.equals(v.hypervisorPresent());
    if (present && v != null && v.hypervisorRunsHere()) {
      b.add(
          Finding.info(
              FindingIds.VIRTUALIZATION_HYPERVISOR_RUNNING,
              "A hypervisor is running "
                  + "(Win32_ComputerSystem.HypervisorPresent): virtualization is enabled in firmware and in "
                  + "use (Hyper-V, WSL 2 or virtualization-based security); Windows hides the firmware flag "
                  + "while it runs"));
      return;
    }
    if (present && v != null && Boolean.TRUE.equals(v.guest())) {
      b.add(
          Finding.warn(
              FindingIds.VIRTUALIZATION_NESTED,
              "This Windows is a virtual machine (guest of "
                  + (v.hypervisorVendor() == null ? "a hypervisor" : v.hypervisorVendor())
                  + "): Docker "
                  + "Desktop's VM needs nested virtualization",
              "Enable nested virtualization for this VM on "
                  + "its hypervisor (Hyper-V: Set-VMProcessor -ExposeVirtualizationExtensions $true)"));
      return;
    }
    if (present) {
      b.add(
          Finding.info(
              FindingIds.VIRTUALIZATION_HYPERVISOR_PRESENT,
              "A hypervisor is present: either "
                  + "virtualization is enabled and in use here (Hyper-V, WSL 2, virtualization-based "
                  + "security) or this Windows is a VM guest, which then needs nested virtualization; the "
                  + "firmware flag is hidden either way"));
      return;
    }
    if (v == null || v.firmwareEnabled() == null) {
      b.add(
          Finding.warn(
              FindingIds.VIRTUALIZATION_FIRMWARE_UNKNOWN,
              "Whether virtualization is enabled in firmware is unknown",
              null));
    } else if (!v.firmwareEnabled()) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.VIRTUALIZATION_FIRMWARE_DISABLED,
              "Hardware virtualization is disabled in firmware (no hypervisor runs and "
                  + "PF_VIRT_FIRMWARE_ENABLED is false)",
              "Enable Intel VT-x / AMD-V (SVM) in the BIOS/UEFI settings"));
    }
    if (v == null || v.slat() == null) {
      b.add(
          Finding.warn(
              FindingIds.VIRTUALIZATION_SLAT_UNKNOWN,
              "Whether the CPU has second-level address translation (SLAT) is unknown",
              null));
    } else if (!v.slat()) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.VIRTUALIZATION_SLAT_MISSING,
              "The CPU lacks second-level address translation (SLAT, EPT/RVI) that Hyper-V and WSL 2 need",
              "Use a CPU with SLAT (Intel EPT, AMD RVI)"));
    }
  }

  private static String desktopInstalled(VmSupport vm) {
    return "Docker Desktop"
        + (vm.dockerDesktopVersion() == null ? "" : " " + vm.dockerDesktopVersion())
        + " is installed";
  }

  /** Dotted numeric versions compared part by part; a missing part counts as 0. */
  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? Long.parseLong(x[i]) : 0;
      long q = i < y.length ? Long.parseLong(y[i]) : 0;
      if (p != q) {
        return Long.compare(p, q);
      }
    }
    return 0;
  }

  static int majorOf(@Nullable String version) {
    if (version == null) {
      return -1;
    }
    try {
      return Integer.parseInt(version.trim().split("\\.")[0]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int minorOf(@Nullable String version) {
    String[] p = version == null ? new String[0] : version.trim().split("\\.");
    try {
      return p.length > 1 ? Integer.parseInt(p[1]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
