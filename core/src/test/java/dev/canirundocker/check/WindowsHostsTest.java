package dev.canirundocker.check;

import static dev.canirundocker.testing.Hosts.linux;
import static dev.canirundocker.testing.Hosts.win;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.platform.PlatformMatcher;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Windows hosts: virtualization under a running hypervisor, editions, WSL, Windows images. */
class WindowsHostsTest {

  static Finding finding(Evaluation e, String id) {
    return e.findings().stream()
        .filter(f -> f.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " not in " + e.ids()));
  }

  @Test
  void hyperVRunningHidesTheFirmwareFlagAndIsNeverToldToEnableVirtualization() {
    HostProfile h = win().hypervisorRunning().build();
    Evaluation e = EngineReadiness.evaluate(h, null).engine();
    assertEquals(Verdict.NEEDS_VM, e.verdict(), e.findings()::toString);
    assertEquals(
        "A hypervisor is running (Win32_ComputerSystem.HypervisorPresent): virtualization is "
            + "enabled in firmware and in use (Hyper-V, WSL 2 or virtualization-based security); Windows "
            + "hides the firmware flag while it runs",
        finding(e, "virtualization.hypervisor-running").message());
    assertFalse(e.has("virtualization.firmware.disabled"));
    assertFalse(e.has("virtualization.slat.missing"));
    for (Finding f : e.findings()) {
      String text = f.message() + " " + f.remediation();
      assertFalse(text.contains("BIOS") || text.toLowerCase().contains("enable intel vt-x"), text);
    }
  }

  @Test
  void virtualizationReallyOff() {
    Evaluation e = EngineReadiness.evaluate(win().virtualizationOff().build(), null).engine();
    assertEquals(Verdict.UNSUPPORTED, e.verdict());
    Finding f = finding(e, "virtualization.firmware.disabled");
    assertEquals(
        "Hardware virtualization is disabled in firmware (no hypervisor runs and "
            + "PF_VIRT_FIRMWARE_ENABLED is false)",
        f.message());
    assertEquals("Enable Intel VT-x / AMD-V (SVM) in the BIOS/UEFI settings", f.remediation());
  }

  @Test
  void aWindowsGuestNeedsNestedVirtualization() {
    Evaluation e = EngineReadiness.evaluate(win().guestOf("VMware").build(), null).engine();
    assertEquals(Verdict.NEEDS_VM, e.verdict());
    assertEquals(
        "This Windows is a virtual machine (guest of VMware): Docker Desktop's VM needs nested "
            + "virtualization",
        finding(e, "virtualization.nested").message());
    assertFalse(e.has("virtualization.firmware.disabled"));
  }

  @Test
  void homeAndProEditions() {
    Evaluation home =
        EngineReadiness.evaluate(win().name("Windows 11 Home", "Core").hyperV(false).build(), null)
            .engine();
    assertEquals(Verdict.NEEDS_VM, home.verdict());
    assertTrue(home.has("desktop.windows.home"));
    Evaluation pro = EngineReadiness.evaluate(win().build(), null).engine();
    assertEquals(Verdict.NEEDS_VM, pro.verdict());
    assertFalse(pro.has("desktop.windows.home"));
  }

  @Test
  void wsl2PresentAndAbsent() {
    Evaluation none =
        EngineReadiness.evaluate(win().wsl(null).hyperV(false).build(), null).engine();
    Finding f = finding(none, "desktop.backend.missing");
    assertEquals("Neither WSL 2 nor Hyper-V is installed", f.message());
    Evaluation wsl = EngineReadiness.evaluate(win().hyperV(false).build(), null).engine();
    assertFalse(wsl.has("desktop.backend.missing"));
    assertFalse(wsl.has("desktop.backend.unknown"));
  }

  /** WSL 1 kernel releases carry the Windows build (4.4.0-17763-Microsoft). */
  @Test
  void wsl1BelowWsl2sFloorNeedsAWindowsUpdateNotSetVersion() {
    HostProfile old = linux().release("4.4.0-17763-Microsoft").wsl("wsl1").build();
    Evaluation e = ImageCompatibility.hostRoute(old);
    assertEquals(Verdict.UNSUPPORTED, e.verdict());
    Finding f = finding(e, "wsl.version1.windows-too-old");
    assertEquals(
        "WSL 1 has no Linux kernel, and this Windows (build 17763) is below WSL 2's floor, "
            + "build 18362 (.1049) on x64: wsl --set-version cannot convert the distribution until "
            + "Windows is updated",
        f.message());
    assertEquals(
        "Update Windows (Windows 10 22H2 or Windows 11), then run wsl --set-version <distro> 2 "
            + "and use Docker Desktop's WSL 2 backend",
        f.remediation());

    HostProfile fresh = linux().release("4.4.0-19041-Microsoft").wsl("wsl1").build();
    Evaluation n = ImageCompatibility.hostRoute(fresh);
    assertEquals(Verdict.NEEDS_VM, n.verdict());
    assertTrue(
        finding(n, "wsl.version1").remediation().startsWith("Convert the distribution to WSL 2"));

    HostProfile armOld = linux().arch("arm64").release("4.4.0-18362-Microsoft").wsl("wsl1").build();
    assertEquals(Verdict.UNSUPPORTED, ImageCompatibility.hostRoute(armOld).verdict());
    assertEquals(18362, VmRoute.wsl1WindowsBuild("4.4.0-18362-Microsoft"));
    assertEquals(-1, VmRoute.wsl1WindowsBuild("5.15.153.1-microsoft-standard-WSL2"));
  }

  @Test
  void windowsOnArmRunsLinuxContainersOnly() {
    HostProfile arm = win().arch("arm64").build();
    Evaluation w = ImageCompatibility.evaluate(arm, Platform.parse("windows(10.0.22631.1)/arm64"));
    assertEquals(Verdict.UNSUPPORTED, w.verdict());
    assertEquals(
        "Windows on Arm cannot run Windows containers: Docker Desktop for Windows on Arm runs "
            + "Linux containers only",
        finding(w, "windows.arm64.no-windows-containers").message());
    assertEquals(
        Verdict.NEEDS_VM,
        ImageCompatibility.evaluate(arm, Platform.parse("linux/arm64")).verdict());
  }

  @Test
  void homeAndEducationRunNoWindowsContainers() {
    Evaluation home =
        ImageCompatibility.evaluate(
            win().name("Windows 11 Home", "Core").build(),
            Platform.parse("windows(10.0.20348.1)/amd64"));
    assertEquals(Verdict.UNSUPPORTED, home.verdict());
    assertEquals(
        "Windows Home cannot run Windows containers: Docker Desktop runs only Linux containers "
            + "on it (Windows containers need Windows 10 or 11 Pro or Enterprise)",
        finding(home, "windows.edition.home").message());
    Evaluation edu =
        ImageCompatibility.evaluate(
            win().name("Windows 11 Education", "Education").build(),
            Platform.parse("windows(10.0.20348.1)/amd64"));
    assertEquals(Verdict.UNSUPPORTED, edu.verdict());
    assertTrue(edu.has("windows.edition.education"));
    Evaluation proEdu =
        ImageCompatibility.evaluate(
            win().name("Windows 11 Pro Education", "ProfessionalEducation").build(),
            Platform.parse("windows(10.0.20348.1)/amd64"));
    assertEquals(Verdict.NATIVE, proEdu.verdict());
  }

  static final String LTSC2016 = "windows(10.0.14393.7428)/amd64";
  static final String LTSC2019 = "windows(10.0.17763.6532)/amd64";
  static final String LTSC2022 = "windows(10.0.20348.2849)/amd64";
  static final String LTSC2025 = "windows(10.0.26100.2454)/amd64";

  static HostProfile server(String name, int build) {
    return win().name(name, "ServerStandard").build(build, 2000).build();
  }

  static HostProfile client(String name, int build) {
    return win().name(name, "Professional").build(build, 2000).build();
  }

  /**
   * MicrosoftDocs Virtualization-Documentation deploy-containers/version-compatibility.md
   * (2025-01-23) tables, row by row, and portability.md for Windows Server, version 23H2.
   */
  static Stream<Arguments> matrix() {
    HostProfile ws2016 = server("Windows Server 2016 Standard", 14393);
    HostProfile ws2019 = server("Windows Server 2019 Standard", 17763);
    HostProfile ws2022 = server("Windows Server 2022 Standard", 20348);
    HostProfile ws23h2 = server("Windows Server Datacenter: Azure Edition 23H2", 25398);
    HostProfile ws2025 = server("Windows Server 2025 Standard", 26100);
    HostProfile win10 = client("Windows 10 Pro", 19045);
    HostProfile win11 = client("Windows 11 Pro", 22631);
    HostProfile win11_24h2 = client("Windows 11 Pro", 26100);
    return Stream.of(
        Arguments.of(
            "WS2025 tab: WS2025 image",
            ws2025,
            LTSC2025,
            Verdict.NATIVE,
            "windows.isolation.process"),
        Arguments.of(
            "WS2025 tab: WS2022 image",
            ws2025,
            LTSC2022,
            Verdict.NATIVE,
            "windows.isolation.process"),
        Arguments.of(
            "WS2025 tab: WS2019 image",
            ws2025,
            LTSC2019,
            Verdict.NEEDS_VM,
            "windows.isolation.hyperv"),
        Arguments.of(
            "WS2025 tab: WS2016 image",
            ws2025,
            LTSC2016,
            Verdict.NEEDS_VM,
            "windows.isolation.hyperv"),
        Arguments.of(
            "portability.md: WS 23H2 runs WS2022",
            ws23h2,
            LTSC2022,
            Verdict.NATIVE,
            "windows.isolation.process"),
        Arguments.of(
            "portability.md: WS 23H2 only WS2022",
            ws23h2,
            LTSC2019,
            Verdict.UNSUPPORTED,
            "windows.annual-channel"),
        Arguments.of(
            "newer image never: WS2025 on WS 23H2",
            ws23h2,
            LTSC2025,
            Verdict.UNSUPPORTED,
            "windows.image-newer"),
        Arguments.of(
            "WS2022 tab: WS2022 image",
            ws2022,
            LTSC2022,
            Verdict.NATIVE,
            "windows.isolation.process"),
        Arguments.of(
            "WS2022 tab: WS2019 image",
            ws2022,
            LTSC2019,
            Verdict.NEEDS_VM,
            "windows.isolation.hyperv"),
        Arguments.of(
            "WS2022 tab: WS2016 image",
            ws2022,
            LTSC2016,
            Verdict.NEEDS_VM,
            "windows.isolation.hyperv"),
        Arguments.of(
            "WS2019 tab: WS2022 image",
            ws2019,
            LTSC2022,
            Verdict.UNSUPPORTED,
            "windows.image-newer"),
        Arguments.of(
            "WS2019 tab: WS2019 image",
            ws2019,
            LTSC2019,
            Verdict.NATIVE,
            "windows.isolation.process"),
        Arguments.of(
            "WS2019 tab: WS2016 image",
            ws2019,
            LTSC2016,
            Verdict.NEEDS_VM,
            "windows.isolation.hyperv"),
        Arguments.of(
            "WS2016 tab: WS2019 image",
            ws2016,
            LTSC2019,
            Verdict.UNSUPPORTED,
            "windows.image-newer"),
        Arguments.of(
            "WS2016 tab: other revision",
            ws2016,
            LTSC2016,
            Verdict.NEEDS_VM,
            "windows.isolation.hyperv"),
        Arguments.of(
            "WS2016 tab: same revision",
            ws2016,
            "windows(10.0.14393.2000)/amd64",
            Verdict.NATIVE,
            "windows.isolation.process"),
        Arguments.of(
            "Windows 11 tab: WS2025 image before 24H2",
            win11,
            LTSC2025,
            Verdict.UNSUPPORTED,
            "windows.image-newer"),
        Arguments.of(
            "Windows 11 tab: WS2025 image from 24H2",
            win11_24h2,
            LTSC2025,
            Verdict.NATIVE,
            "windows.isolation.process"),
        Arguments.of(
            "Windows 11 tab: WS2022 image",
            win11,
            LTSC2022,
            Verdict.NATIVE,
            "windows.isolation.process"),
        Arguments.of(
            "Windows 11 tab: WS2019 image",
            win11,
            LTSC2019,
            Verdict.NEEDS_VM,
            "windows.isolation.hyperv"),
        Arguments.of(
            "Windows 11 tab: WS2016 image",
            win11,
            LTSC2016,
            Verdict.NEEDS_VM,
            "windows.isolation.hyperv"),
        Arguments.of(
            "Windows 10 tab: WS2022 image",
            win10,
            LTSC2022,
            Verdict.UNSUPPORTED,
            "windows.image-newer"),
        Arguments.of(
            "Windows 10 tab: WS2019 image",
            win10,
            LTSC2019,
            Verdict.NEEDS_VM,
            "windows.isolation.hyperv"),
        Arguments.of(
            "Windows 10 tab: WS2016 image",
            win10,
            LTSC2016,
            Verdict.NEEDS_VM,
            "windows.isolation.hyperv"),
        Arguments.of(
            "Windows 10 1809 client, same build: no process isolation on Windows 10",
            client("Windows 10 Pro", 17763),
            LTSC2019,
            Verdict.NEEDS_VM,
            "windows.isolation.hyperv"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void microsoftsCompatibilityMatrix(
      String name, HostProfile host, String image, Verdict verdict, String id) {
    Evaluation e = ImageCompatibility.evaluate(host, Platform.parse(image));
    assertEquals(verdict, e.verdict(), () -> name + ": " + e.findings());
    assertEquals(List.of(id), e.ids(), name);
  }

  @Test
  void annualChannelMessage() {
    Evaluation e =
        ImageCompatibility.evaluate(
            server("Windows Server Datacenter 23H2", 25398), Platform.parse(LTSC2019));
    assertEquals(
        "A Windows Server, version 23H2 (Annual Channel) host supports only Windows Server 2022 "
            + "(build 20348) images; this image is build 17763",
        finding(e, "windows.annual-channel").message());
  }

  /**
   * The case: a WS2022 host given [ltsc2025, ltsc2022] runs the ltsc2022 entry natively.
   */
  @Test
  void indexSelectionByBuildThenTheMatrix() {
    HostProfile ws2022 = server("Windows Server 2022 Standard", 20348);
    List<Platform> index = List.of(Platform.parse(LTSC2025), Platform.parse(LTSC2022));
    Platform chosen =
        PlatformMatcher.forHost(ImageCompatibility.matcherPlatform(ws2022))
            .best(index)
            .orElseThrow();
    assertEquals(Platform.parse(LTSC2022), chosen);
    assertEquals(Verdict.NATIVE, ImageCompatibility.evaluate(ws2022, chosen).verdict());
  }
}
