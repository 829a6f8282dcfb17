package dev.canirundocker.check;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;
import org.jspecify.annotations.Nullable;

/**
 * Windows images on Windows hosts, from Microsoft's compatibility matrix (MicrosoftDocs
 * Virtualization-Documentation virtualization/windowscontainers/deploy-containers/
 * version-compatibility.md, ms.date 2025-01-23, and portability.md for the Annual Channel) and
 * Docker Desktop's edition rules (docker/docs
 * content/manuals/desktop/setup/install/windows-install.md).
 *
 * <p>Process isolation (the container shares the host's kernel: NATIVE):
 *
 * <table>
 *   <caption>host build and the image builds it runs with process isolation</caption>
 *   <tr><th>host</th><th>images</th></tr>
 *   <tr><td>Windows Server (any)</td><td>its own build; WS2016 also its own revision</td></tr>
 *   <tr><td>Windows Server 2025 (26100)</td><td>+ Windows Server 2022 (20348)</td></tr>
 *   <tr><td>Windows Server, version 23H2 (25398, Annual Channel)</td><td>Windows Server 2022 only
 *       ("only supports the Windows Server 2022 LTSC container image")</td></tr>
 *   <tr><td>Windows 11 (22000 and later)</td><td>Windows Server 2022; Windows Server 2025 from
 *       24H2 (26100)</td></tr>
 *   <tr><td>Windows 10</td><td>none</td></tr>
 * </table>
 *
 * Hyper-V isolation (a utility VM: NEEDS_VM) runs any older image; a newer image never runs.
 */
final class WindowsImageRules {
  /** Windows Server 2016. */
  static final int WS2016 = 14393;

  /** Windows Server 2019 / Windows 10 1809. */
  static final int WS2019 = 17763;

  /** Windows Server 2022. */
  static final int WS2022 = 20348;

  /** First Windows 11 build. */
  static final int WIN11_FIRST = 22000;

  /** Windows Server, version 23H2 (Annual Channel for Containers). */
  static final int WS23H2 = 25398;

  /** Windows Server 2025 and Windows 11 24H2. */
  static final int B26100 = 26100;

  private WindowsImageRules() {}

  static void evaluate(HostProfile host, Platform target, Evaluation.Builder b) {
    if (!host.os().isWindows()) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.OS_WINDOWS_IMAGE,
              "A Windows image ("
                  + target
                  + ") needs a Windows host; this host runs "
                  + host.os().family()
                  + " and no VM route runs Windows containers here",
              "Run it on Windows 10/11 Pro or Enterprise or Windows Server with Docker in Windows "
                  + "containers mode, or use a Linux build of the image"));
      return;
    }
    String hostArch = host.platform().architecture();
    WindowsEdition edition = WindowsEdition.of(host.os());
    if (hostArch.equals("arm64") && edition != WindowsEdition.SERVER) {
      // windows-install.md, tab "WSL 2 backend, Arm": "Windows containers are not supported."
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.WINDOWS_ARM64_NO_WINDOWS_CONTAINERS,
              "Windows on Arm cannot run Windows containers: Docker Desktop for Windows on Arm runs "
                  + "Linux containers only",
              "Run Windows images on an x86_64 Windows 10/11 Pro or "
                  + "Enterprise, or Windows Server, host"));
      return;
    }
    if (!target.architecture().equals(hostArch)) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.ARCH_UNSUPPORTED,
              "Windows containers do not emulate "
                  + "other architectures: the image is "
                  + target.architecture()
                  + ", the host "
                  + hostArch,
              "Use a windows/" + hostArch + " build of the image"));
      return;
    }
    if (edition == WindowsEdition.HOME || edition == WindowsEdition.EDUCATION) {
      // windows-install.md: "To run Windows containers, you need Windows 10 or Windows 11
      // Professional or Enterprise edition. Windows Home or Education editions only allow you to
      // run Linux containers."
      boolean home = edition == WindowsEdition.HOME;
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              home ? FindingIds.WINDOWS_EDITION_HOME : FindingIds.WINDOWS_EDITION_EDUCATION,
              "Windows "
                  + (home ? "Home" : "Education")
                  + " cannot run Windows containers: Docker "
                  + "Desktop runs only Linux containers on it (Windows containers need Windows 10 or 11 "
                  + "Pro or Enterprise)",
              "Upgrade to Windows Pro or Enterprise, or run the image on " + "Windows Server"));
      return;
    }
    int hostBuild = host.os().buildNumber();
    if (hostBuild < 0) {
      hostBuild = host.platform().windowsBuild();
    }
    int imageBuild = target.windowsBuild();
    if (hostBuild < 0 || imageBuild < 0) {
      b.add(
          Verdict.NEEDS_VM,
          Finding.warn(
              FindingIds.WINDOWS_BUILD_UNKNOWN,
              "The "
                  + (hostBuild < 0 ? "host's" : "image's")
                  + " Windows build is unknown: Hyper-V isolation "
                  + "runs an image no newer than the host; process isolation needs a compatible build",
              "Run with --isolation=hyperv if process isolation fails"));
      return;
    }
    if (imageBuild > hostBuild) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.WINDOWS_IMAGE_NEWER,
              "The image's Windows build "
                  + imageBuild
                  + " is newer than the host's "
                  + hostBuild
                  + "; Windows never runs a newer container image, in either isolation",
              "Use an image tag built for Windows build "
                  + hostBuild
                  + " or older, or update the host"));
      return;
    }
    boolean server = edition == WindowsEdition.SERVER;
    if (processIsolation(hostBuild, imageBuild, server, host, target)) {
      b.add(
          Finding.info(
              FindingIds.WINDOWS_ISOLATION_PROCESS,
              "Process isolation runs this image natively "
                  + "(image build "
                  + imageBuild
                  + ", host build "
                  + hostBuild
                  + ")"));
      return;
    }
    if (server && hostBuild == WS23H2) {
      // portability.md: "A Windows Server, version 23H2 container host only supports the Windows
      // Server 2022 Long Term Servicing Channel (LTSC) container image."
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.WINDOWS_ANNUAL_CHANNEL,
              "A Windows Server, version "
                  + "23H2 (Annual Channel) host supports only Windows Server 2022 (build 20348) images; "
                  + "this image is build "
                  + imageBuild,
              "Use the image's ltsc2022 (10.0.20348) build"));
      return;
    }
    b.add(
        Verdict.NEEDS_VM,
        Finding.info(
            FindingIds.WINDOWS_ISOLATION_HYPERV,
            "The image's build "
                + imageBuild
                + (server || hostBuild >= WIN11_FIRST
                    ? " differs from the host's " + hostBuild
                    : " on a Windows 10 host (build "
                        + hostBuild
                        + "), where Microsoft supports no process "
                        + "isolation,")
                + ": it runs only with Hyper-V isolation, in a utility VM (docker run --isolation=hyperv)"));
    if (Boolean.FALSE.equals(host.vmSupport().hyperV())) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.WINDOWS_HYPERV_MISSING,
              "Hyper-V isolation needs the Hyper-V feature, which is not enabled",
              "Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V -All"));
    }
  }

  /** The matrix's process-isolation column (see the class comment). */
  static boolean processIsolation(
      int hostBuild, int imageBuild, boolean server, HostProfile host, Platform target) {
    if (server) {
      if (hostBuild == WS23H2) {
        return imageBuild == WS2022;
      }
      if (imageBuild == hostBuild) {
        if (hostBuild == WS2016) {
          // "Windows Server 2016-based containers will not run in a system where the revision
          // numbers of the container host and the container image are different"
          String hostRev = revisionOf(host.platform().osVersion());
          String imageRev = revisionOf(target.osVersion());
          return hostRev == null || hostRev.equals(imageRev);
        }
        return true;
      }
      return hostBuild == B26100 && imageBuild == WS2022;
    }
    if (hostBuild < WIN11_FIRST) {
      return false; // the Windows 10 table: process isolation unsupported for every image
    }
    return imageBuild == WS2022 || imageBuild == B26100 && hostBuild >= B26100;
  }

  private static @Nullable String revisionOf(String osVersion) {
    String[] p = osVersion == null ? new String[0] : osVersion.split("\\.");
    return p.length >= 4 ? p[3] : null;
  }
}
