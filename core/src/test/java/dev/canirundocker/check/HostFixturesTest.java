package dev.canirundocker.check;

import static dev.canirundocker.testing.Hosts.linux;
import static dev.canirundocker.testing.Hosts.win;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Saved host profiles (src/test/resources/golden/hosts/*.json, usable with --host-profile) for the
 * Windows and WSL hosts this machine is not, read back from their JSON and judged: a Linux image
 * (Docker Desktop's VM route, windows-install.md) and an ltsc2022 image (version-compatibility.md).
 * Regenerate with -Dcird.golden.update=true; profiles saved by older versions must keep judging
 * alike.
 */
class HostFixturesTest {
  static final Path DIR = Path.of("src/test/resources/golden/hosts");
  static final String LINUX = "linux/amd64";
  static final String LTSC2022 = "windows(10.0.20348.3091)/amd64";

  static Stream<Arguments> hosts() {
    return Stream.of(
        Arguments.of(
            "windows-server-2019",
            win().name("Windows Server 2019 Standard", "ServerStandard").build(17763, 6893).build(),
            Verdict.UNSUPPORTED,
            Verdict.UNSUPPORTED),
        Arguments.of(
            "windows-server-2022",
            win().name("Windows Server 2022 Standard", "ServerStandard").build(20348, 3091).build(),
            Verdict.UNSUPPORTED,
            Verdict.NATIVE),
        Arguments.of(
            "windows-server-23h2",
            win().name("Windows Server Datacenter", "ServerDatacenter").build(25398, 1425).build(),
            Verdict.UNSUPPORTED,
            Verdict.NATIVE),
        Arguments.of(
            "windows-server-2025",
            win().name("Windows Server 2025 Standard", "ServerStandard").build(26100, 2894).build(),
            Verdict.UNSUPPORTED,
            Verdict.NATIVE),
        Arguments.of(
            "windows-10-pro-22h2",
            win().name("Windows 10 Pro", "Professional").build(19045, 5011).build(),
            Verdict.NEEDS_VM,
            Verdict.UNSUPPORTED),
        Arguments.of(
            "windows-10-home-22h2",
            win().name("Windows 10 Home", "Core").build(19045, 5011).hyperV(null).build(),
            Verdict.NEEDS_VM,
            Verdict.UNSUPPORTED),
        Arguments.of(
            "windows-11-pro-23h2-hyperv-running",
            win().hypervisorRunning().build(),
            Verdict.NEEDS_VM,
            Verdict.NATIVE),
        Arguments.of(
            "windows-11-pro-virtualization-off",
            win().virtualizationOff().build(),
            Verdict.UNSUPPORTED,
            Verdict.NATIVE),
        Arguments.of(
            "windows-11-home-23h2",
            win().name("Windows 11 Home", "Core").hyperV(null).build(),
            Verdict.NEEDS_VM,
            Verdict.UNSUPPORTED),
        Arguments.of(
            "windows-11-education-23h2",
            win().name("Windows 11 Education", "Education").build(),
            Verdict.NEEDS_VM,
            Verdict.UNSUPPORTED),
        Arguments.of(
            "windows-11-arm64", win().arch("arm64").build(), Verdict.NEEDS_VM, Verdict.UNSUPPORTED),
        Arguments.of(
            "wsl1-windows-17763",
            linux().release("4.4.0-17763-Microsoft").wsl("wsl1").build(),
            Verdict.UNSUPPORTED,
            Verdict.UNSUPPORTED),
        Arguments.of(
            "wsl1-windows-19045",
            linux().release("4.4.0-19045-Microsoft").wsl("wsl1").build(),
            Verdict.NEEDS_VM,
            Verdict.UNSUPPORTED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hosts")
  void savedProfileJudged(String name, HostProfile built, Verdict linuxImage, Verdict ltsc2022)
      throws IOException {
    Path file = DIR.resolve(name + ".json");
    if (Boolean.getBoolean("cird.golden.update")) {
      Files.createDirectories(DIR);
      Files.writeString(file, built.toJsonString());
    }
    // a saved profile stays readable as the profile gains keys: judged, not compared byte for byte
    HostProfile saved = HostProfile.parse(Files.readString(file, StandardCharsets.UTF_8));
    for (String target : new String[] {LINUX, LTSC2022}) {
      Evaluation fromFile = ImageCompatibility.evaluate(saved, Platform.parse(target));
      Evaluation fromBuilder = ImageCompatibility.evaluate(built, Platform.parse(target));
      assertEquals(fromBuilder.findings(), fromFile.findings(), name + " " + target);
      assertEquals(
          target.equals(LINUX) ? linuxImage : ltsc2022, fromFile.verdict(), name + " " + target);
    }
  }
}
