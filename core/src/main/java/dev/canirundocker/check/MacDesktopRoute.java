package dev.canirundocker.check;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.OsInfo;
import org.jspecify.annotations.Nullable;

/**
 * The macOS route: Docker Desktop's Linux VM, supported on the current and two previous major macOS
 * releases (docker/docs content/manuals/desktop/setup/install/mac-install.md), with Rosetta 2 for
 * amd64 images on Apple silicon.
 */
final class MacDesktopRoute {
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

  private MacDesktopRoute() {}

  static void evaluate(HostProfile host, Evaluation.Builder b) {
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
      b.add(Finding.info(FindingIds.DESKTOP_INSTALLED, VmRoute.desktopInstalled(host.vmSupport())));
    }
    if (appleSilicon && Boolean.FALSE.equals(host.vmSupport().rosetta())) {
      b.add(
          Finding.info(
              FindingIds.DESKTOP_ROSETTA_MISSING,
              "Rosetta 2 is not installed: amd64 images will run under QEMU, slower",
              "softwareupdate --install-rosetta"));
    }
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
