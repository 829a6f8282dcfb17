package dev.canirundocker.check;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;

/**
 * Windows images on Windows hosts: process isolation needs a matching build, Hyper-V isolation an
 * image no newer than the host (MicrosoftDocs/Virtualization-Documentation
 * virtualization/windowscontainers/deploy-containers/version-compatibility.md; ../reference.md §6).
 */
final class WindowsImageRules {
  /** Windows Server 2016. */
  static final int WS2016 = 14393;
  /** Windows Server 2022. */
  static final int WS2022 = 20348;
  /** Windows Server 2025 and Windows 11 24H2. */
  static final int B26100 = 26100;
  /** First Windows 11 build. */
  static final int WIN11_FIRST = 22000;

  private WindowsImageRules() {}

  static void evaluate(HostProfile host, Platform target, Evaluation.Builder b) {
    if (!host.os().isWindows()) {
      b.add(Verdict.UNSUPPORTED, Finding.fail("os.windows-image", "A Windows image (" + target
          + ") needs a Windows host; this host runs " + host.os().family()
          + " and no VM route runs Windows containers here",
          "Run it on Windows 10/11 Pro or Enterprise or Windows Server with Docker in Windows "
              + "containers mode, or use a Linux build of the image"));
      return;
    }
    String hostArch = host.platform().architecture();
    if (!target.architecture().equals(hostArch)) {
      b.add(Verdict.UNSUPPORTED, Finding.fail("arch.unsupported", "Windows containers do not emulate "
          + "other architectures: the image is " + target.architecture() + ", the host " + hostArch,
          "Use a windows/" + hostArch + " build of the image"));
      return;
    }
    String edition = HostFacts.windowsEdition(host.os());
    if (edition.equals("home")) {
      b.add(Verdict.UNSUPPORTED, Finding.fail("windows.edition.home",
          "Windows Home cannot run Windows containers (Docker Desktop offers them on Pro, Enterprise "
              + "and Education only)", "Upgrade to Windows Pro or Enterprise"));
      return;
    }
    int hostBuild = host.os().buildNumber();
    int imageBuild = target.windowsBuild();
    if (hostBuild < 0 || imageBuild < 0) {
      b.add(Verdict.NEEDS_VM, Finding.warn("windows.build.unknown", "The "
          + (hostBuild < 0 ? "host's" : "image's") + " Windows build is unknown: Hyper-V isolation "
          + "runs an image no newer than the host; process isolation needs the same build",
          "Run with --isolation=hyperv if process isolation fails"));
      return;
    }
    if (imageBuild > hostBuild) {
      b.add(Verdict.UNSUPPORTED, Finding.fail("windows.image-newer", "The image's Windows build "
          + imageBuild + " is newer than the host's " + hostBuild
          + "; Windows never runs a newer container image, in either isolation",
          "Use an image tag built for Windows build " + hostBuild + " or older, or update the host"));
      return;
    }
    if (processIsolation(hostBuild, imageBuild, edition, host, target)) {
      b.add(Finding.info("windows.isolation.process", "Process isolation runs this image natively "
          + "(image build " + imageBuild + ", host build " + hostBuild + ")"));
      return;
    }
    b.add(Verdict.NEEDS_VM, Finding.info("windows.isolation.hyperv", "The image's build " + imageBuild
        + " differs from the host's " + hostBuild + ": it runs only with Hyper-V isolation, in a "
        + "utility VM (docker run --isolation=hyperv)"));
    if (Boolean.FALSE.equals(host.vmSupport().hyperV())) {
      b.add(Verdict.UNSUPPORTED, Finding.fail("windows.hyperv.missing",
          "Hyper-V isolation needs the Hyper-V feature, which is not enabled",
          "Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V -All"));
    }
  }

  private static boolean processIsolation(int hostBuild, int imageBuild, String edition,
      HostProfile host, Platform target) {
    if (imageBuild == hostBuild) {
      if (hostBuild == WS2016) {
        // WS2016 also needs the same revision (the fourth part of os.version)
        String hostRev = revisionOf(host.platform().osVersion());
        String imageRev = revisionOf(target.osVersion());
        return hostRev == null || hostRev.equals(imageRev);
      }
      return true;
    }
    // Windows 11 and Windows Server 2025 hosts run Windows Server 2022 images in process isolation
    return imageBuild == WS2022 && (hostBuild >= WIN11_FIRST && !edition.equals("server")
        || hostBuild == B26100 && edition.equals("server"));
  }

  private static String revisionOf(String osVersion) {
    String[] p = osVersion == null ? new String[0] : osVersion.split("\\.");
    return p.length >= 4 ? p[3] : null;
  }
}
