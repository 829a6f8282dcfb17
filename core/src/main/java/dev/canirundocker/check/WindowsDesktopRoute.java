package dev.canirundocker.check;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.OsInfo;
import dev.canirundocker.host.VmSupport;

/**
 * The Windows route: Docker Desktop's floors (docker/docs
 * content/manuals/desktop/setup/install/windows-install.md: Windows 10 22H2 or Windows 11 23H2,
 * 64-bit, not Windows Server, WSL 2.1.5 or Hyper-V) and which backend is installed. The hardware
 * side (firmware, SLAT, nesting) is {@link WindowsVirtualization}.
 */
final class WindowsDesktopRoute {
  /** Windows 10 22H2. */
  static final int WIN10_FLOOR = 19045;

  /** First Windows 11 build. */
  static final int WIN11_FIRST = 22000;

  /** Windows 11 23H2. */
  static final int WIN11_FLOOR = 22631;

  /** Docker Desktop's WSL floor (windows-install.md: "WSL version 2.1.5 or later"). */
  static final String WSL_MIN = "2.1.5";

  private WindowsDesktopRoute() {}

  static void evaluate(HostProfile host, Evaluation.Builder b) {
    OsInfo os = host.os();
    int build = os.buildNumber();
    WindowsEdition edition = WindowsEdition.of(os);
    b.add(
        Finding.info(
            FindingIds.VM_ROUTE,
            "Windows has no Linux kernel: Linux containers run in Docker "
                + "Desktop's VM (WSL 2 or Hyper-V)"));
    if (edition == WindowsEdition.SERVER) {
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
                  + (build < VmRoute.wsl2Floor(host) && !toolboxEra
                      ? "; WSL 2 itself needs build " + VmRoute.wsl2Floor(host)
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
    WindowsVirtualization.evaluate(host.virtualization(), b);
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
    if (Boolean.FALSE.equals(vm.dockerDesktop()) && edition != WindowsEdition.SERVER) {
      b.add(
          Finding.info(
              FindingIds.DESKTOP_NOT_INSTALLED,
              "Docker Desktop is not installed",
              "Install Docker Desktop for Windows (WSL 2 backend)"));
    } else if (Boolean.TRUE.equals(vm.dockerDesktop())) {
      b.add(
          Finding.info(
              FindingIds.DESKTOP_INSTALLED,
              VmRoute.desktopInstalled(vm)
                  + (vm.desktopBackend() == null
                      ? ""
                      : vm.desktopBackend().equals("wsl2")
                          ? ", with its WSL 2 backend"
                          : ", with its Hyper-V backend")));
    }
    if (edition == WindowsEdition.HOME) {
      b.add(
          Finding.info(
              FindingIds.DESKTOP_WINDOWS_HOME,
              "Windows Home runs Linux containers through WSL 2; Windows containers need Pro or Enterprise",
              null));
    }
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
}
