package dev.canirundocker.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.image.archive.Streams;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.TestImages;
import dev.canirundocker.testing.TestImages.Image;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageArchiveTest {
  static final Platform AMD64 = Platform.parse("linux/amd64");
  static final Platform ARM64 = Platform.parse("linux/arm64");
  static final Platform ARMV7 = Platform.parse("linux/arm/v7");

  @TempDir Path tmp;

  static Image probeImage(Platform p) {
    return TestImages.image(p)
        .layer(TestImages.layer().file("probe", TestImages.elfFor(p), 0755))
        .entrypoint("/probe")
        .tag("probe:" + p.architecture());
  }

  private void assertProbe(ImageProfile prof, Platform p, List<Platform> all, String ref) {
    assertEquals("archive", prof.source());
    assertEquals(ref, prof.reference());
    assertEquals(p, prof.platform());
    assertEquals(all, prof.platforms());
    assertEquals(List.of("/probe"), prof.command());
    assertEquals("/probe", prof.entrypointPath());
    assertNull(prof.entrypointReason());
    assertArrayEquals(TestImages.elfFor(p), prof.binaryHead());
    assertNull(prof.script());
    assertNull(prof.shebangInterpreter());
  }

  @Test
  void classicDockerSave() throws Exception {
    Path tar = TestImages.writeDockerSave(tmp.resolve("a.tar"), probeImage(ARM64));
    ImageArchive a = ImageArchive.read(tar);
    assertEquals(ImageArchive.Format.DOCKER_SAVE, a.format());
    assertEquals(
        List.of(new ImagePlatformEntry(ARM64, null, List.of("probe:arm64"), true)), a.platforms());
    ArchiveImage img = a.image(a.platforms().get(0));
    assertProbe(img.profile(tar.toString()), ARM64, List.of(ARM64), tar.toString());
    assertEquals(
        Streams.sha256(probeImage(ARM64).configJson().getBytes(StandardCharsets.UTF_8)),
        img.configDigest());
  }

  @Test
  void classicDockerSaveWithGzipLayers() throws Exception {
    Path tar = TestImages.writeDockerSave(tmp.resolve("a.tar"), probeImage(AMD64).gzip(true));
    ImageArchive a = ImageArchive.read(tar);
    assertProbe(a.select(AMD64).orElseThrow().profile("x"), AMD64, List.of(AMD64), "x");
  }

  @Test
  void classicDockerSaveWithRepeatedLayerWritesSymlink() throws Exception {
    // the second image shares its layer: moby writes <id>/layer.tar as a symlink to the first copy
    Image base = probeImage(AMD64);
    Image second =
        TestImages.image(AMD64)
            .layer(TestImages.layer().file("probe", TestImages.elfFor(AMD64), 0755))
            .entrypoint("/probe")
            .env("PATH=/bin")
            .tag("other:1");
    Path tar = TestImages.writeDockerSave(tmp.resolve("a.tar"), base, second);
    ImageArchive a = ImageArchive.read(tar);
    assertEquals(2, a.platforms().size());
    assertProbe(a.image(a.platforms().get(1)).profile("x"), AMD64, List.of(AMD64, AMD64), "x");
  }

  @Test
  void dockerSave25IsAnOciLayoutTar() throws Exception {
    Path tar = TestImages.writeDockerSave25(tmp.resolve("a.tar"), probeImage(ARMV7).tag("x:1"));
    ImageArchive a = ImageArchive.read(tar);
    assertEquals(ImageArchive.Format.OCI_LAYOUT_TAR, a.format());
    ImagePlatformEntry e = a.platforms().get(0);
    assertEquals(ARMV7, e.platform()); // from the config: the descriptor has no platform
    assertEquals(List.of("docker.io/library/probe:arm"), e.references());
    assertProbe(a.image(e).profile("x"), ARMV7, List.of(ARMV7), "x");
  }

  @Test
  void ociLayoutDirectoryAndTarWithGzipAndPlainLayers() throws Exception {
    for (boolean gzip : new boolean[] {false, true}) {
      TestImages.Index idx = TestImages.index().image(probeImage(ARM64).gzip(gzip));
      Path dir = TestImages.writeOciDir(tmp.resolve("d" + gzip), idx);
      Path tar = TestImages.writeOciTar(tmp.resolve("t" + gzip + ".tar"), idx);
      ImageArchive d = ImageArchive.read(dir);
      ImageArchive t = ImageArchive.read(tar);
      assertEquals(ImageArchive.Format.OCI_LAYOUT_DIR, d.format());
      assertEquals(ImageArchive.Format.OCI_LAYOUT_TAR, t.format());
      assertProbe(d.select(ARM64).orElseThrow().profile("x"), ARM64, List.of(ARM64), "x");
      assertProbe(t.select(ARM64).orElseThrow().profile("x"), ARM64, List.of(ARM64), "x");
    }
  }

  @Test
  void multiPlatformIndexListsEveryPlatform() throws Exception {
    Image amd = probeImage(AMD64);
    Image arm = probeImage(ARM64);
    TestImages.Index idx = TestImages.index().image(amd).image(arm);
    ImageArchive a = ImageArchive.read(TestImages.writeOciDir(tmp.resolve("d"), idx));
    assertEquals(
        List.of(
            new ImagePlatformEntry(AMD64, amd.manifest().digest(), List.of(), true),
            new ImagePlatformEntry(ARM64, arm.manifest().digest(), List.of(), true)),
        a.platforms());
    assertProbe(a.select(ARM64).orElseThrow().profile("x"), ARM64, List.of(AMD64, ARM64), "x");
    assertTrue(a.select(Platform.parse("linux/s390x")).isEmpty());
  }

  @Test
  void nestedIndexIsFlattened() throws Exception {
    Image amd = probeImage(AMD64);
    Image arm = probeImage(ARMV7);
    TestImages.Index inner = TestImages.index().image(arm, false);
    TestImages.Index idx = TestImages.index().image(amd).nested(inner);
    ImageArchive a = ImageArchive.read(TestImages.writeOciTar(tmp.resolve("t.tar"), idx));
    assertEquals(
        List.of(
            new ImagePlatformEntry(AMD64, amd.manifest().digest(), List.of(), true),
            new ImagePlatformEntry(ARMV7, arm.manifest().digest(), List.of(), true)),
        a.platforms());
    assertProbe(a.select(ARMV7).orElseThrow().profile("x"), ARMV7, List.of(AMD64, ARMV7), "x");
  }

  @Test
  void whiteoutHidesAFileOfALowerLayer() throws Exception {
    Image img =
        TestImages.image(AMD64)
            .layer(
                TestImages.layer()
                    .file("bin/app", TestImages.elfFor(AMD64), 0755)
                    .file("opt/a/x", "x", 0644)
                    .file("opt/keep", "k", 0644))
            .layer(
                TestImages.layer().whiteout("bin/app").opaque("opt/a").file("opt/a/y", "y", 0644))
            .entrypoint("/bin/app");
    ArchiveImage ai =
        ImageArchive.read(TestImages.writeDockerSave(tmp.resolve("a.tar"), img))
            .select(AMD64)
            .orElseThrow();
    ImageFileSystem fs = ai.fileSystem();
    assertTrue(fs.lookup("/bin/app").isEmpty());
    assertTrue(fs.lookup("/opt/a/x").isEmpty());
    assertEquals(FileNode.Kind.FILE, fs.lookup("/opt/a/y").orElseThrow().kind());
    assertEquals(FileNode.Kind.FILE, fs.lookup("/opt/keep").orElseThrow().kind());
    EntrypointResolution r = ai.entrypoint();
    assertEquals("/bin/app does not exist in the image", r.reason());
    assertNull(r.path());
  }

  @Test
  void relativeSymlinkIsFollowed() throws Exception {
    Image img =
        TestImages.image(ARM64)
            .layer(
                TestImages.layer()
                    .file("usr/lib/app/app", TestImages.elfFor(ARM64), 0755)
                    .symlink("usr/bin/app", "../lib/app/app")
                    .symlink("bin", "usr/bin"))
            .entrypoint("app");
    ImageArchive a =
        ImageArchive.read(
            TestImages.writeOciDir(tmp.resolve("d"), TestImages.index().image(img.gzip(true))));
    ImageProfile p = a.select(ARM64).orElseThrow().profile("x");
    assertEquals("/usr/lib/app/app", p.entrypointPath());
    assertArrayEquals(TestImages.elfFor(ARM64), p.binaryHead());
    assertNull(p.entrypointReason());
  }

  @Test
  void scriptResolvesToItsInterpreter() throws Exception {
    Image img =
        TestImages.image(AMD64)
            .layer(
                TestImages.layer()
                    .file("bin/busybox", TestImages.elfFor(AMD64), 0755)
                    .symlink("bin/sh", "busybox"))
            .layer(TestImages.layer().file("entrypoint.sh", "#!/bin/sh -e\nexec \"$@\"\n", 0755))
            .entrypoint("/entrypoint.sh")
            .cmd("run");
    ImageProfile p =
        ImageArchive.read(TestImages.writeDockerSave(tmp.resolve("a.tar"), img))
            .select(AMD64)
            .orElseThrow()
            .profile("x");
    assertEquals(List.of("/entrypoint.sh", "run"), p.command());
    assertEquals("/bin/busybox", p.entrypointPath());
    assertEquals("/entrypoint.sh", p.script());
    assertEquals("/bin/sh", p.shebangInterpreter());
    assertArrayEquals(TestImages.elfFor(AMD64), p.binaryHead());
    assertNull(p.entrypointReason());
  }

  @Test
  void bigOtherLayerIsSkippedNotRead() throws Exception {
    long big = 200L << 20;
    Image img =
        TestImages.image(AMD64)
            .layer(TestImages.layer().bigFile("data/blob.bin", big).file("data/small", "s", 0644))
            .layer(TestImages.layer().file("probe", TestImages.elfFor(AMD64), 0755))
            .entrypoint("/probe");
    Path tar = TestImages.writeDockerSave(tmp.resolve("big.tar"), img);
    ImageArchive a = ImageArchive.read(tar);
    ArchiveImage ai = a.select(AMD64).orElseThrow();
    assertProbe(ai.profile("x"), AMD64, List.of(AMD64), "x");
    assertEquals(big, ai.fileSystem().lookup("/data/blob.bin").orElseThrow().size());
    // headers, JSON and the probe only: the 200 MB of file data were passed over by seeking
    assertTrue(a.bytesRead() < 64 * 1024, "read " + a.bytesRead() + " bytes");
  }

  @Test
  void streamModeReadsInOnePassWithManifestLast() throws Exception {
    Image img =
        TestImages.image(AMD64)
            .layer(
                TestImages.layer()
                    .file("bin/busybox", TestImages.elfFor(AMD64), 0755)
                    .symlink("bin/sh", "busybox")
                    .file("etc/motd", "hi", 0644))
            .entrypoint("/bin/sh", "-c", "echo hi");
    byte[] bytes = TestImages.dockerSave(img).bytes();
    ImageArchive a = ImageArchive.readStream(new ByteArrayInputStream(bytes), "docker save img");
    ImageProfile p = a.select(AMD64).orElseThrow().profile("daemon", "img");
    assertEquals("daemon", p.source());
    assertEquals("/bin/busybox", p.entrypointPath());
    assertArrayEquals(TestImages.elfFor(AMD64), p.binaryHead());
    assertEquals(bytes.length, a.bytesRead());
  }

  @Test
  void streamModeOfDockerSave25() throws Exception {
    byte[] bytes = TestImages.dockerSave25(probeImage(ARM64)).bytes();
    ImageArchive a = ImageArchive.readStream(new ByteArrayInputStream(bytes), "s");
    assertEquals(ImageArchive.Format.OCI_LAYOUT_TAR, a.format());
    assertProbe(a.select(ARM64).orElseThrow().profile("x"), ARM64, List.of(ARM64), "x");
  }

  @Test
  void streamModeSaysSoWhenTheHeadBudgetIsSpent() throws Exception {
    byte[] bytes = TestImages.dockerSave(probeImage(ARM64)).bytes();
    ImageArchive a =
        ImageArchive.readStream(
            new ByteArrayInputStream(bytes), "s", ArchiveLimits.DEFAULTS.withMaxStreamHeadBytes(0));
    ImageProfile p = a.select(ARM64).orElseThrow().profile("x");
    assertEquals("/probe", p.entrypointPath());
    assertNull(p.binaryHead());
    assertEquals(
        "the contents of /probe are not available (stream head budget spent)",
        p.entrypointReason());
  }

  @Test
  void gzipCompressedSaveIsReadAsAStream() throws Exception {
    Path f = tmp.resolve("a.tar.gz");
    java.nio.file.Files.write(f, TestImages.dockerSave(probeImage(AMD64)).gzip().bytes());
    ImageArchive a = ImageArchive.read(f);
    assertProbe(a.select(AMD64).orElseThrow().profile("x"), AMD64, List.of(AMD64), "x");
  }

  @Test
  void attestationManifestsAreLeftOut() throws Exception {
    Image amd = probeImage(AMD64);
    TestImages.Index idx = TestImages.index().image(amd);
    Path dir = TestImages.writeOciDir(tmp.resolve("d"), idx);
    String json =
        new String(idx.content().bytes(), StandardCharsets.UTF_8)
            .replace(
                "]}",
                ",{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:"
                    + "0".repeat(64)
                    + "\",\"size\":10,\"platform\":{\"architecture\":\"unknown\",\"os\":\"unknown\"},"
                    + "\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}}]}");
    java.nio.file.Files.writeString(dir.resolve("index.json"), json);
    assertEquals(
        List.of(new ImagePlatformEntry(AMD64, amd.manifest().digest(), List.of(), true)),
        ImageArchive.read(dir).platforms());
  }

  @Test
  void platformWhoseBlobIsAbsentIsListedUnavailable() throws Exception {
    Image amd = probeImage(AMD64);
    Image arm = probeImage(ARM64);
    Path dir = TestImages.writeOciDir(tmp.resolve("d"), TestImages.index().image(amd).image(arm));
    java.nio.file.Files.delete(dir.resolve("blobs/sha256/" + arm.manifest().digest().substring(7)));
    ImageArchive a = ImageArchive.read(dir);
    assertFalse(a.platforms().get(1).available());
    assertTrue(a.platforms().get(0).available());
  }
}
