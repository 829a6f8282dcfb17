package dev.canirundocker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.EngineReadiness;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.daemon.HttpDaemonClient;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LiveHostProbe;
import dev.canirundocker.host.ProbeOptions;
import dev.canirundocker.host.exec.ProbeBinaries;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.DockerAvailable;
import dev.canirundocker.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ground truth for the emulators whose binfmt_misc magic is longer than an ELF header (qemu-mips:
 * 40 bytes, qemu-mipsel: 37; qemu scripts/qemu-binfmt-conf.sh): the verdict for linux/mips and
 * linux/mipsle images this test builds agrees with {@code docker run}, and the preflight lists
 * them. The binfmt_misc entries are only read, never changed.
 */
class MipsGroundTruthTest {
  static final Path BINFMT = Path.of("/proc/sys/fs/binfmt_misc");
  static final List<String> LOADED = new ArrayList<>();
  static HostProfile host;
  @TempDir static Path dir;

  @BeforeAll
  static void probe() {
    host = new LiveHostProbe(ProbeOptions.defaults()).probe();
  }

  @AfterAll
  static void removeImages() {
    for (String tag : LOADED) {
      try {
        DockerAvailable.run(Duration.ofSeconds(60), "docker", "image", "rm", "-f", tag);
      } catch (IOException e) {
        // best effort: the daemon may have gone
      }
    }
  }

  static String tag(Platform p) {
    return "cird-test-rules-" + p.toString().replace('/', '-') + ":1";
  }

  /** Whether this kernel has the handler enabled with F (usable inside containers). */
  static boolean handlerWithF(String name) throws IOException {
    Path e = BINFMT.resolve(name);
    if (!Files.isReadable(e) || !Files.isReadable(BINFMT.resolve("status"))) {
      return false;
    }
    String s = Files.readString(e);
    return s.startsWith("enabled")
        && s.lines().anyMatch(l -> l.startsWith("flags:") && l.contains("F"))
        && Files.readString(BINFMT.resolve("status")).trim().equals("enabled");
  }

  static String handler(Platform p) {
    return p.architecture().equals("mips") ? "qemu-mips" : "qemu-mipsel";
  }

  /** Without a daemon: the live host's verdict follows its registered handler. */
  @ParameterizedTest
  @ValueSource(strings = {"linux/mips", "linux/mipsle"})
  void liveVerdictFollowsTheRegisteredHandler(String spec) throws Exception {
    Platform p = Platform.parse(spec);
    assumeTrue(System.getProperty("os.arch").equals("amd64"), "needs an amd64 host");
    Evaluation e = CanIRunDocker.platform(host, p);
    if (handlerWithF(handler(p))) {
      assertEquals(Verdict.EMULATED, e.verdict(), e.findings().toString());
      assertEquals(List.of("arch.emulated"), e.ids(), e.findings().toString());
    } else {
      assertEquals(Verdict.UNSUPPORTED, e.verdict(), e.findings().toString());
    }
  }

  @Test
  void preflightListsTheMipsEmulators() throws Exception {
    assumeTrue(
        handlerWithF("qemu-mips") && handlerWithF("qemu-mipsel"),
        "needs qemu-mips and qemu-mipsel registered with F");
    Evaluation engine = EngineReadiness.evaluate(host, null).engine();
    Finding f =
        engine.findings().stream()
            .filter(x -> x.id().equals("emulation.available"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(engine.findings().toString()));
    List<String> listed = List.of(f.message().substring(f.message().indexOf(": ") + 2).split(", "));
    assertEquals(
        true, listed.contains("linux/mips") && listed.contains("linux/mipsle"), f.message());
  }

  /** Ground truth: a docker-save image whose entrypoint is the MIPS probe, run by the daemon. */
  @ParameterizedTest
  @ValueSource(strings = {"linux/mips", "linux/mipsle"})
  void verdictAgreesWithDockerRun(String spec) throws Exception {
    HttpDaemonClient client = DockerAvailable.client();
    DockerAvailable.requireCli();
    Platform p = Platform.parse(spec);
    Path tar = dir.resolve(p.architecture() + ".tar");
    TestImages.writeDockerSave(
        tar,
        TestImages.image(p)
            .tag(tag(p))
            .layer(TestImages.layer().file("probe", ProbeBinaries.forPlatform(p), 0755))
            .entrypoint("/probe"));
    DockerAvailable.docker("load", "-i", tar.toString());
    LOADED.add(tag(p));
    Evaluation daemon = CanIRunDocker.daemonImage(host, client, tag(p));
    Evaluation archive = CanIRunDocker.archive(host, ImageArchive.read(tar));
    DockerAvailable.Result run =
        DockerAvailable.run(
            Duration.ofSeconds(60),
            "docker",
            "run",
            "--rm",
            "--network",
            "none",
            "--platform",
            p.toString(),
            tag(p));
    boolean ran = run.exitCode() == 0;
    boolean runnable = daemon.verdict() == Verdict.NATIVE || daemon.verdict() == Verdict.EMULATED;
    assertEquals(
        ran,
        runnable,
        spec
            + ": docker run "
            + (ran ? "ran" : "failed: " + run.stderr())
            + " but the verdict is "
            + daemon.verdict()
            + " "
            + daemon.findings());
    assertEquals(daemon.verdict(), archive.verdict(), spec + " archive: " + archive.findings());
    if (handlerWithF(handler(p))) {
      assertEquals(Verdict.EMULATED, daemon.verdict(), daemon.findings().toString());
    }
  }
}
