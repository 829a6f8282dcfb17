package dev.canirundocker.check;

import static dev.canirundocker.testing.Hosts.win;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.TestImages;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-platform Windows index in an OCI archive, as mcr.microsoft.com publishes them (one entry
 * per Windows Server LTSC build): the host picks by its build, never by list order.
 */
class WindowsIndexTest {
  static final Platform LTSC2025 = Platform.parse("windows(10.0.26100.2894)/amd64");
  static final Platform LTSC2022 = Platform.parse("windows(10.0.20348.3091)/amd64");
  static final Platform LTSC2019 = Platform.parse("windows(10.0.17763.6893)/amd64");

  @TempDir Path dir;

  Evaluation judge(HostProfile host, Platform... entries) throws Exception {
    TestImages.Index index = TestImages.index();
    for (Platform p : entries) {
      index.image(TestImages.image(p).layer(TestImages.layer()));
    }
    return CanIRunDocker.archive(
        host, ImageArchive.read(TestImages.writeOciTar(dir.resolve("win.tar"), index)));
  }

  static HostProfile server(int build) {
    return win().name("Windows Server Standard", "ServerStandard").build(build, 3000).build();
  }

  @Test
  void ws2022HostGivenLtsc2025FirstRunsLtsc2022Natively() throws Exception {
    Evaluation e = judge(server(20348), LTSC2025, LTSC2022);
    assertEquals(LTSC2022, e.platform());
    assertEquals(Verdict.NATIVE, e.verdict(), e.findings()::toString);
  }

  @Test
  void ws2025HostTakesItsOwnBuild() throws Exception {
    Evaluation e = judge(server(26100), LTSC2019, LTSC2022, LTSC2025);
    assertEquals(LTSC2025, e.platform());
    assertEquals(Verdict.NATIVE, e.verdict());
  }

  /**
   * Every entry newer than the host: nothing to pass to --platform, and the held list names each
   * entry by its build (containerd FormatAll), not "windows/amd64, windows/amd64".
   */
  @Test
  void noEntryOldEnoughIsUnsupportedWithoutAPlatformToTry() throws Exception {
    Evaluation e =
        judge(
            win().name("Windows 10 Pro", "Professional").build(19045, 5011).build(),
            LTSC2025,
            LTSC2022);
    assertEquals(Verdict.UNSUPPORTED, e.verdict());
    Finding f =
        e.findings().stream()
            .filter(x -> x.id().equals("image.index.no-native"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "The archive holds 2 platforms: windows(10.0.26100.2894)/amd64, "
            + "windows(10.0.20348.3091)/amd64; none of them runs on this host",
        f.message());
    assertEquals(null, f.remediation());
  }

  @Test
  void theSelectedEntryIsNamedByItsBuild() throws Exception {
    Evaluation e = judge(server(20348), LTSC2025, LTSC2022);
    assertEquals(
        true,
        e.findings().stream()
            .anyMatch(
                f ->
                    f.message()
                        .equals(
                            "The archive holds 2 "
                                + "platforms: windows(10.0.26100.2894)/amd64, windows(10.0.20348.3091)/amd64; the host selects "
                                + "windows(10.0.20348.3091)/amd64")),
        e.findings()::toString);
  }

  @Test
  void windows10HostTakesTheNewestOlderBuildUnderHyperV() throws Exception {
    Evaluation e =
        judge(
            win().name("Windows 10 Pro", "Professional").build(19045, 5011).build(),
            LTSC2022,
            LTSC2019);
    assertEquals(LTSC2019, e.platform());
    assertEquals(Verdict.NEEDS_VM, e.verdict());
    assertEquals(true, e.has("windows.isolation.hyperv"));
  }
}
