package dev.canirundocker.check;

import static dev.canirundocker.testing.Hosts.linux;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.daemon.DaemonImage;
import dev.canirundocker.elf.ElfInfo;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.image.ImageProfile;
import dev.canirundocker.image.StartProblem;
import dev.canirundocker.platform.Platform;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The image decisions that used to live in the facade: the findings for what reading could not
 * tell, and the judgement by declared platform only.
 */
class ImageCheckTest {
  static final HostProfile AMD64 = linux().build();
  static final Platform ARM64 = Platform.parse("linux/arm64");

  static ImageProfile profile(String reason, StartProblem problem) {
    return new ImageProfile(
        "daemon",
        "app",
        ARM64,
        List.of(),
        List.of("/app"),
        "/app",
        reason,
        null,
        null,
        null,
        null,
        problem,
        null,
        null,
        null);
  }

  static BinaryFacts arm64Binary() throws Exception {
    byte[] head = dev.canirundocker.testing.TestImages.elfFor(ARM64);
    return BinaryFacts.of("/app", ElfInfo.parse(head, "/app"));
  }

  /** Rows: binary read?, the resolver's reason, a start problem, the finding expected. */
  @Test
  void unresolvedEntrypointOnlyWhereNothingElseSaysWhy() throws Exception {
    record Row(BinaryFacts binary, String reason, StartProblem problem, boolean finding) {}
    for (Row r :
        List.of(
            new Row(null, "the layer holding /app is a foreign layer", null, true),
            new Row(arm64Binary(), "the layer holding /app is a foreign layer", null, false),
            new Row(null, null, null, false),
            new Row(null, "/app: no such file", StartProblem.ENTRYPOINT_MISSING, false))) {
      Optional<Finding> f =
          ImageCheck.unresolvedEntrypoint(profile(r.reason(), r.problem()), r.binary());
      assertEquals(
          r.finding()
              ? Optional.of(
                  Finding.info(
                      FindingIds.IMAGE_BINARY_UNRESOLVED,
                      "The entrypoint could not be read: " + r.reason()))
              : Optional.empty(),
          f,
          r.toString());
    }
  }

  @Test
  void exportFailedIsAWarningNamingTheProblem() {
    assertEquals(
        Finding.warn(
            FindingIds.IMAGE_EXPORT_FAILED,
            "The image's layers could not be read: unexpected end of the tar stream",
            null),
        ImageCheck.exportFailed("unexpected end of the tar stream"));
  }

  @Test
  void daemonImageFindingsComeAfterThePlatformRules() {
    Finding export = ImageCheck.exportFailed("cut");
    Evaluation e =
        ImageCheck.daemon(
            AMD64,
            ARM64,
            null,
            null,
            List.of(export),
            dev.canirundocker.check.gpu.GpuImage.of(List.of(), null),
            null);
    Evaluation platformOnly = ImageCompatibility.evaluate(AMD64, ARM64, null);
    assertEquals(platformOnly.verdict(), e.verdict());
    assertEquals(platformOnly.with(export).findings(), e.findings());
  }

  @Test
  void declaredPlatformSaysTheBinaryWasNotRead() {
    DaemonImage img =
        DaemonImage.parse(
            "{\"Id\":\"sha256:"
                + "a".repeat(64)
                + "\",\"RepoTags\":[\"app:1\"],"
                + "\"Os\":\"linux\",\"Architecture\":\"arm64\",\"Config\":{\"Cmd\":[\"/app\"]}}");
    Evaluation e = DeclaredPlatform.evaluate(AMD64, img);
    Evaluation platformOnly = ImageCompatibility.evaluate(AMD64, ARM64, null);
    assertEquals(ARM64, e.platform());
    assertEquals(platformOnly.verdict(), e.verdict());
    assertEquals(
        platformOnly
            .with(
                Finding.info(
                    FindingIds.IMAGE_BINARY_NOT_READ,
                    "Judged by the platform the image declares; its entrypoint binary was not read",
                    "Add --binaries (or name the image) to read it"))
            .findings(),
        e.findings());
  }
}
