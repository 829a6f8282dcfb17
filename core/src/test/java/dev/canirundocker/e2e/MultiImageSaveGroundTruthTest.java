package dev.canirundocker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.host.exec.ProbeBinaries;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.DockerAvailable;
import dev.canirundocker.testing.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker save a b c} by the real engine: the tar it writes yields one result per image,
 * named by its RepoTags, each with the verdict {@code docker run} agrees with. Images removed
 * afterwards.
 */
class MultiImageSaveGroundTruthTest {
  static final List<String> TAGS =
      List.of(
          "cird-test-archive-save-a:1", "cird-test-archive-save-b:1", "cird-test-archive-save-c:1");
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

  @Test
  void eachSavedImageIsJudgedOnItsOwn() throws Exception {
    Platform amd64 = Platform.parse("linux/amd64");
    Platform arm64 = Platform.parse("linux/arm64");
    List<Platform> platforms = List.of(amd64, arm64, amd64);
    List<String> entrypoints = List.of("/probe", "/probe", "/missing");
    for (int i = 0; i < TAGS.size(); i++) {
      Path tar = dir.resolve("in" + i + ".tar");
      TestImages.writeDockerSave(
          tar,
          TestImages.image(platforms.get(i))
              .tag(TAGS.get(i))
              .layer(
                  TestImages.layer()
                      .file("probe", ProbeBinaries.forPlatform(platforms.get(i)), 0755))
              .entrypoint(entrypoints.get(i)));
      DockerAvailable.docker("load", "-i", tar.toString());
      docker.loaded(TAGS.get(i));
    }
    Path saved = dir.resolve("abc.tar");
    DockerAvailable.docker("save", "-o", saved.toString(), TAGS.get(0), TAGS.get(1), TAGS.get(2));

    List<CanIRunDocker.ArchiveVerdict> each =
        CanIRunDocker.archiveImages(docker.host, ImageArchive.read(saved), null);
    assertEquals(3, each.size(), each.toString());
    List<String> names = new ArrayList<>();
    for (CanIRunDocker.ArchiveVerdict v : each) {
      names.add(v.names().get(0));
    }
    assertEquals(new HashSet<>(TAGS), new HashSet<>(names));
    for (CanIRunDocker.ArchiveVerdict v : each) {
      String tag = v.names().get(0);
      Evaluation daemon = CanIRunDocker.daemonImage(docker.host, docker.client, tag);
      assertEquals(
          daemon.verdict(), v.evaluation().verdict(), tag + ": " + v.evaluation().findings());
      boolean ran =
          DockerAvailable.run(
                      Duration.ofSeconds(60), "docker", "run", "--rm", "--network", "none", tag)
                  .exitCode()
              == 0;
      boolean runnable =
          v.evaluation().verdict() == Verdict.NATIVE
              || v.evaluation().verdict() == Verdict.EMULATED;
      assertEquals(
          ran,
          runnable,
          tag
              + ": docker run "
              + (ran ? "ran" : "failed")
              + ", verdict "
              + v.evaluation().verdict()
              + " "
              + v.evaluation().findings());
    }
  }
}
