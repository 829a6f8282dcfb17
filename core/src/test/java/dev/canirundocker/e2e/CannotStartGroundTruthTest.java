package dev.canirundocker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.elf.TestElf;
import dev.canirundocker.host.exec.ProbeBinaries;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.DockerAvailable;
import dev.canirundocker.testing.TestImages;
import dev.canirundocker.testing.TestImages.Image;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ground truth for images that cannot start anywhere: each is built as a docker-save tar, loaded,
 * and {@code docker run} must fail, while the archive and the daemon image are both judged
 * UNSUPPORTED with the finding of its class. Every image loaded is removed afterwards.
 */
class CannotStartGroundTruthTest {
  static final Platform AMD64 = Platform.parse("linux/amd64");
  static LiveDocker docker;
  @TempDir static Path dir;

  @BeforeAll
  static void daemon() {
    docker = LiveDocker.require();
  }

  @AfterAll
  static void remove() {
    if (docker != null) {
      docker.removeAll();
    }
  }

  static Image image(String kind) {
    byte[] probe = ProbeBinaries.forPlatform(AMD64);
    TestImages.Layer l = TestImages.layer();
    Image img = TestImages.image(AMD64);
    switch (kind) {
      case "missing":
        return img.layer(l.file("bin/other", probe, 0755)).entrypoint("/bin/app");
      case "not-in-path":
        return img.layer(l.file("opt/app", probe, 0755)).cmd("app");
      case "not-executable":
        return img.layer(l.file("app", probe, 0644)).entrypoint("/app");
      case "directory":
        return img.layer(l.dir("app")).entrypoint("/app");
      case "interpreter":
        return img.layer(l.file("run.sh", "#!/bin/bash\necho hi\n", 0755)).entrypoint("/run.sh");
      case "loader":
        return img.layer(l.file("app", TestElf.dynamicX86_64("/lib/ld-musl-x86_64.so.1", 0), 0755))
            .entrypoint("/app");
      case "no-command":
        return img.layer(l.file("app", probe, 0755));
      default:
        throw new IllegalArgumentException(kind);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "missing,image.entrypoint.missing",
    "not-in-path,image.entrypoint.missing",
    "not-executable,image.entrypoint.not-executable",
    "directory,image.entrypoint.not-a-file",
    "interpreter,image.interpreter.missing",
    "loader,image.loader.missing",
    "no-command,image.command.none"
  })
  void dockerRunFailsAndTheVerdictSaysSo(String kind, String id) throws Exception {
    String tag = "cird-test-archive-" + kind + ":1";
    Path tar = TestImages.writeDockerSave(dir.resolve(kind + ".tar"), image(kind).tag(tag));
    DockerAvailable.docker("load", "-i", tar.toString());
    docker.loaded(tag);

    DockerAvailable.Result run =
        DockerAvailable.run(
            Duration.ofSeconds(60), "docker", "run", "--rm", "--network", "none", tag);
    assertNotEquals(0, run.exitCode(), kind + ": docker run succeeded: " + run.stdout());

    Evaluation archive = CanIRunDocker.archive(docker.host, ImageArchive.read(tar));
    Evaluation daemon = CanIRunDocker.daemonImage(docker.host, docker.client, tag);
    for (Evaluation e : List.of(archive, daemon)) {
      assertEquals(Verdict.UNSUPPORTED, e.verdict(), kind + ": " + e.findings());
      assertTrue(
          e.has(id), kind + ": " + e.findings() + "; docker run said " + run.stderr().trim());
    }
    // the finding quotes what docker run says: check it against what it said
    String msg =
        daemon.findings().stream()
            .filter(f -> f.id().equals(id))
            .findFirst()
            .orElseThrow()
            .message();
    String quoted = msg.substring(msg.indexOf("fails with \"") + 12, msg.length() - 1);
    assertTrue(
        run.stderr().contains(quoted),
        kind + ": docker run said " + run.stderr().trim() + ", the finding quotes " + quoted);
  }
}
