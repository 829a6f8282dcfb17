package dev.canirundocker.check;

import static dev.canirundocker.testing.Hosts.GIB;
import static dev.canirundocker.testing.Hosts.win;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.daemon.DaemonEndpoint;
import dev.canirundocker.daemon.DaemonStatus;
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

/** macOS and Windows hosts with Docker Desktop installed or not, answering or not. */
class DesktopHostsTest {

  static HostProfile mac(
      String arch, String version, Boolean rosetta, Boolean desktop, String desktopVersion) {
    return new HostProfile(
        1,
        Platform.of("darwin", arch, ""),
        new OsInfo("macos", "macOS", version, "23F79", null, 64),
        new KernelInfo("23.5.0", "23.5.0", null, null),
        new CpuInfo(
            arch.equals("arm64") ? "Apple Inc." : "GenuineIntel",
            arch.equals("arm64") ? "Apple M2" : "Intel(R) Core(TM) i7-8850H",
            null,
            8,
            8,
            Set.of(),
            0),
        16 * GIB,
        new Virtualization(false, null, true, null, null, false),
        new VmSupport(null, null, null, rosetta, desktop, null, null, desktopVersion, null),
        null,
        List.of(),
        List.of());
  }

  static DaemonStatus desktopAnswering(String os) {
    return DaemonStatus.of(
        DaemonEndpoint.of("unix:///Users/ada/.docker/run/docker.sock", "default"),
        Map.of("Version", "27.5.1", "Os", os, "Arch", "arm64", "ApiVersion", "1.47"),
        Map.of());
  }

  static Finding finding(Evaluation e, String id) {
    return e.findings().stream()
        .filter(f -> f.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " not in " + e.ids()));
  }

  @Test
  void appleSiliconWithRosettaAndDesktopAnswering() {
    Evaluation e =
        EngineReadiness.evaluate(
                mac("arm64", "14.5", true, true, "4.34.2"), desktopAnswering("linux"))
            .engine();
    assertEquals(Verdict.NEEDS_VM, e.verdict());
    assertEquals("Docker Desktop 4.34.2 is installed", finding(e, "desktop.installed").message());
    assertEquals(
        "The daemon runs Linux containers (OSType linux) in Docker Desktop's VM",
        finding(e, "daemon.linux-containers").message());
    assertFalse(e.has("desktop.rosetta.missing"));
    assertEquals(
        "macOS 14.5 is within Docker Desktop's supported releases (the current and two "
            + "previous majors: macOS 14 and newer, by the releases known on 2025-09-15)",
        finding(e, "desktop.macos.supported").message());
  }

  @Test
  void appleSiliconWithoutRosettaNotAnswering() {
    Evaluation e =
        EngineReadiness.evaluate(mac("arm64", "15.1", false, false, null), null).engine();
    assertEquals(Verdict.NEEDS_VM, e.verdict());
    assertEquals(
        "softwareupdate --install-rosetta", finding(e, "desktop.rosetta.missing").remediation());
    assertEquals(
        "Install Docker Desktop for Mac (Apple silicon build)",
        finding(e, "desktop.not-installed").remediation());
  }

  @Test
  void intelMacBelowTheFloorSaysTheRulesDate() {
    Evaluation e =
        EngineReadiness.evaluate(mac("amd64", "13.6.7", null, true, "4.20.0"), null).engine();
    assertEquals(Verdict.UNSUPPORTED, e.verdict());
    assertEquals(
        "macOS 13.6.7 is below Docker Desktop's floor (the current and two previous major "
            + "releases: macOS 14 and newer, by the releases known on 2025-09-15, macOS 26 the newest; a "
            + "later macOS moves the floor up)",
        finding(e, "desktop.macos.too-old").message());
    assertFalse(e.has("desktop.rosetta.missing"), "no Rosetta question on Intel");
  }

  @Test
  void windowsWslDetails() {
    HostProfile h = win().wsl("2.0.9.0").build();
    HostProfile old =
        new HostProfile(
            h.schemaVersion(),
            h.platform(),
            h.os(),
            h.kernel(),
            h.cpu(),
            h.memoryTotalBytes(),
            h.virtualization(),
            new VmSupport("2.0.9.0", true, true, null, true, "Ubuntu-22.04", 1, "4.34.2", "wsl2"),
            null,
            List.of(),
            List.of());
    Evaluation e = EngineReadiness.evaluate(old, desktopAnswering("windows")).engine();
    assertEquals(
        "WSL 2.0.9.0 is older than Docker Desktop's minimum, WSL 2.1.5",
        finding(e, "desktop.wsl.too-old").message());
    assertEquals(
        "wsl --set-version Ubuntu-22.04 2",
        finding(e, "wsl.default-distribution.version1").remediation());
    assertEquals(
        "Docker Desktop 4.34.2 is installed, with its WSL 2 backend",
        finding(e, "desktop.installed").message());
    assertTrue(e.has("daemon.windows-containers"));
    assertFalse(e.has("daemon.linux-containers"));
  }
}
