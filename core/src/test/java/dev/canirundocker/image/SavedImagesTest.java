package dev.canirundocker.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.image.archive.Streams;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.Hosts;
import dev.canirundocker.testing.TestImages;
import dev.canirundocker.testing.TestImages.Image;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which images an archive holds: docker save a b c is three; a multi-platform image is one. */
class SavedImagesTest {
  static final Platform AMD64 = Platform.parse("linux/amd64");
  static final Platform ARM64 = Platform.parse("linux/arm64");

  @TempDir Path tmp;

  static Image probe(Platform p, String ep) {
    return TestImages.image(p)
        .layer(TestImages.layer().file("probe", TestImages.elfFor(p), 0755))
        .entrypoint(ep);
  }

  @Test
  void aClassicSaveOfThreeImagesIsThree() throws Exception {
    Image a = probe(AMD64, "/probe").tag("a:1").tag("a:latest");
    Image b = probe(ARM64, "/probe").tag("b:1");
    Image c = probe(AMD64, "/nope");
    ImageArchive ar =
        ImageArchive.read(TestImages.writeDockerSave(tmp.resolve("abc.tar"), a, b, c));
    String cId = Streams.sha256(c.configJson().getBytes(StandardCharsets.UTF_8));
    assertEquals(
        List.of(
            new SavedImage(List.of("a:1", "a:latest"), List.of(0)),
            new SavedImage(List.of("b:1"), List.of(1)),
            new SavedImage(List.of(cId), List.of(2))),
        ar.images());
    // multi-platform selection does not mix them: each is judged on its own
    List<CanIRunDocker.ArchiveVerdict> v =
        CanIRunDocker.archiveImages(Hosts.linux().build(), ar, null);
    assertEquals(
        List.of(List.of("a:1", "a:latest"), List.of("b:1"), List.of(cId)),
        v.stream().map(CanIRunDocker.ArchiveVerdict::names).toList());
    assertEquals(Verdict.NATIVE, v.get(0).evaluation().verdict());
    assertEquals(AMD64, v.get(0).evaluation().platform());
    assertEquals(ARM64, v.get(1).evaluation().platform());
    assertEquals(Verdict.UNSUPPORTED, v.get(2).evaluation().verdict());
    // the one-result facade says which image it reports and lists all
    assertEquals(Verdict.UNSUPPORTED, CanIRunDocker.archive(Hosts.linux().build(), ar).verdict());
  }

  @Test
  void aMultiPlatformIndexIsOneImage() throws Exception {
    Image amd = probe(AMD64, "/probe");
    Image arm = probe(ARM64, "/probe");
    ImageArchive flat =
        ImageArchive.read(
            TestImages.writeOciDir(tmp.resolve("flat"), TestImages.index().image(amd).image(arm)));
    assertEquals(1, flat.images().size());
    assertEquals(List.of(0, 1), flat.images().get(0).entries());
    ImageArchive nested =
        ImageArchive.read(
            TestImages.writeOciDir(
                tmp.resolve("nested"),
                TestImages.index().nested(TestImages.index().image(amd).image(arm))));
    assertEquals(1, nested.images().size());
    assertEquals(List.of(0, 1), nested.images().get(0).entries());
    assertEquals(
        Verdict.NATIVE,
        CanIRunDocker.archiveImages(Hosts.linux().build(), nested, null)
            .get(0)
            .evaluation()
            .verdict());
  }

  @Test
  void twoUnnamedManifestsOfOnePlatformAreTwoImages() throws Exception {
    ImageArchive a =
        ImageArchive.read(
            TestImages.writeOciDir(
                tmp.resolve("two"),
                TestImages.index().image(probe(AMD64, "/probe")).image(probe(AMD64, "/nope"))));
    assertEquals(2, a.images().size());
  }
}
