package dev.canirundocker.check;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.OsInfo;
import dev.canirundocker.host.VmSupport;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Whether a host without a usable Linux kernel can run Linux containers in a VM, and what is
 * missing.
 *
 * <p>Rules from Docker Desktop's install requirements (docker/docs
 * content/manuals/desktop/setup/install/windows-install.md and mac-install.md): Windows 10 22H2
 * (build 19045) or Windows 11 23H2 (build 22631), 64-bit, SLAT, virtualization enabled in firmware,
 * WSL 2 or Hyper-V, 4 GB RAM, not Windows Server; macOS current and two previous major releases, 4
 * GB RAM. Docker Toolbox (VirtualBox + boot2docker) once served hosts below these floors; it was
 * archived on 2021-09-26 and is no advice to give today.
 *
 * <p>Each host family's rules live beside this class: {@link MacDesktopRoute}, {@link
 * WindowsDesktopRoute} (with {@link WindowsVirtualization}); WSL 1 and the RAM floor, which apply
 * to more than one, stay here.
 */
public final class VmRoute {
  /** Docker Desktop's RAM floor. */
  static final long MIN_RAM_BYTES = 4L * 1024 * 1024 * 1024;

  /** WSL 2 on Arm64 needs Windows 10 2004 (build 19041). */
  static final int WSL2_FLOOR = 19041;

  /** WSL 2 on x64 needs Windows 10 1903 build 18362 (with update .1049; 1909 is 18363). */
  static final int WSL2_FLOOR_X64 = 18362;

  private VmRoute() {}

  /**
   * Judges the VM route of a macOS, Windows or WSL 1 host. The verdict is NEEDS_VM where the route
   * works, UNSUPPORTED where something must change first (the findings say what).
   */
  static Evaluation evaluate(HostProfile host) {
    Evaluation.Builder b = new Evaluation.Builder(host.platform()).verdict(Verdict.NEEDS_VM);
    OsInfo os = host.os();
    if (os.isMacOs()) {
      MacDesktopRoute.evaluate(host, b);
    } else if (os.isWindows()) {
      WindowsDesktopRoute.evaluate(host, b);
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

  static int wsl2Floor(HostProfile host) {
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

  static String desktopInstalled(VmSupport vm) {
    return "Docker Desktop"
        + (vm.dockerDesktopVersion() == null ? "" : " " + vm.dockerDesktopVersion())
        + " is installed";
  }
}
