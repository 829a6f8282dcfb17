package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.daemon.DaemonEndpoint;
import dev.canirundocker.daemon.DaemonStatus;
import dev.canirundocker.daemon.DaemonUnreachableException;
import dev.canirundocker.host.CpuInfo;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.KernelInfo;
import dev.canirundocker.host.OsInfo;
import dev.canirundocker.host.Virtualization;
import dev.canirundocker.host.VmSupport;
import dev.canirundocker.platform.Platform;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The preflight's next step on a Mac or Windows host: "Ready" once Docker Desktop's daemon answers.
 */
class NextStepTest {
  static final HostProfile MAC =
      new HostProfile(
          1,
          Platform.of("darwin", "arm64", ""),
          new OsInfo("macos", "macOS", "15.1", "24B83", null, 64),
          new KernelInfo("24.1.0", "24.1.0", null, null),
          new CpuInfo("Apple Inc.", "Apple M3", null, 8, 8, Set.of(), 0),
          16L << 30,
          new Virtualization(false, null, true, null, null, false),
          new VmSupport(null, null, null, true, true, null, null, "4.34.2", null),
          null,
          List.of(),
          List.of());

  static DaemonStatus answering(String os) {
    return DaemonStatus.of(
        DaemonEndpoint.of("unix:///Users/ada/.docker/run/docker.sock", "default"),
        Map.of("Version", "27.5.1", "Os", os, "Arch", "arm64", "ApiVersion", "1.47"),
        Map.of());
  }

  @Test
  void desktopAnsweringIsReadyNotInstallDesktop() {
    assertEquals(
        "Ready (through Docker Desktop's VM): docker run --rm hello-world",
        Preflight.nextStep(CanIRunDocker.preflight(MAC, answering("linux")), answering("linux")));
  }

  @Test
  void windowsContainersModeSaysHowToRunLinuxImages() {
    assertEquals(
        "Ready for Windows containers (the daemon is in Windows containers mode); for Linux "
            + "images switch Docker Desktop to Linux containers",
        Preflight.nextStep(
            CanIRunDocker.preflight(MAC, answering("windows")), answering("windows")));
  }

  @Test
  void desktopInstalledButSilentIsToldToStartIt() {
    DaemonStatus down =
        DaemonStatus.unreachable(
            DaemonEndpoint.of("unix:///nonexistent.sock", "flag"),
            new DaemonUnreachableException("unix:///nonexistent.sock: no such socket", null));
    assertEquals(
        "Start Docker Desktop (it starts its VM and the daemon), then run can-i-run-docker again",
        Preflight.nextStep(CanIRunDocker.preflight(MAC, down), down));
  }

  @Test
  void noDesktopSaysInstallIt() {
    HostProfile bare =
        new HostProfile(
            MAC.schemaVersion(),
            MAC.platform(),
            MAC.os(),
            MAC.kernel(),
            MAC.cpu(),
            MAC.memoryTotalBytes(),
            MAC.virtualization(),
            new VmSupport(null, null, null, true, false),
            null,
            List.of(),
            List.of());
    DaemonStatus down =
        DaemonStatus.unreachable(
            DaemonEndpoint.of("unix:///nonexistent.sock", "flag"),
            new DaemonUnreachableException("unix:///nonexistent.sock: no such socket", null));
    assertEquals(
        "Install Docker Desktop for Mac (Apple silicon build), start it, then run "
            + "can-i-run-docker again",
        Preflight.nextStep(CanIRunDocker.preflight(bare, down), down));
  }
}
