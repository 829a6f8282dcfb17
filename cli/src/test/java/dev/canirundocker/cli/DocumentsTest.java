package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.kernel.KernelConfigCheck;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.linux.KernelConfigs;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.report.CheckDocument;
import dev.canirundocker.report.CheckResult;
import dev.canirundocker.report.HostDocument;
import dev.canirundocker.report.KernelDocument;
import dev.canirundocker.report.PreflightDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedder that builds a report document gets exactly the bytes {@code --json} prints. */
class DocumentsTest {
  @Test
  void everyDocumentIsWhatTheCliPrints(@TempDir Path dir) throws Exception {
    HostProfile mac = Fixtures.macAppleSilicon();
    Path host = Files.writeString(dir.resolve("mac.json"), mac.toJsonString());

    assertEquals(
        new HostDocument(mac).toJsonString(),
        MainTest.run("host", "--json", "--host-profile", host.toString()).out());
    assertEquals(
        PreflightDocument.of(mac, null).toJsonString(),
        MainTest.run("--json", "--host-profile", host.toString()).out());
    CheckDocument check =
        new CheckDocument(
            mac,
            null,
            List.of(
                CheckResult.of(
                    "linux/arm64",
                    CheckResult.Source.PLATFORM,
                    CanIRunDocker.platform(mac, Platform.parse("linux/arm64"))),
                CheckResult.of(
                    "windows/amd64",
                    CheckResult.Source.PLATFORM,
                    CanIRunDocker.platform(mac, Platform.parse("windows/amd64")))));
    MainTest.Run r =
        MainTest.run(
            "check",
            "--json",
            "--host-profile",
            host.toString(),
            "--platform",
            "linux/arm64",
            "--platform",
            "windows/amd64");
    assertEquals(check.toJsonString(), r.out());
    assertEquals(check.exitCode(), r.code());

    Path config =
        Path.of("..", "core", "src", "test", "resources", "kernel", "cgroupv2-6.1.config");
    assertEquals(
        new KernelDocument(
                KernelConfigCheck.evaluate(KernelConfigs.readKernelConfigFile(config), null, null))
            .toJsonString(),
        MainTest.run("kernel", "--json", "--config", config.toString()).out());
  }

  @Test
  void hostDocumentRoundTrips() throws IOException {
    String json = new HostDocument(Fixtures.macAppleSilicon()).toJsonString();
    assertEquals(json, HostDocument.parse(json).toJsonString());
  }
}
