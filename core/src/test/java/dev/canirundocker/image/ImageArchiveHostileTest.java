package dev.canirundocker.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.canirundocker.image.archive.Streams;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.TestImages;
import dev.canirundocker.testing.TestImages.Image;
import dev.canirundocker.testing.TestTar;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every broken or hostile archive ends in one exact, one-line message. */
class ImageArchiveHostileTest {
  static final Platform AMD64 = Platform.parse("linux/amd64");

  @TempDir Path tmp;

  private static void fails(String message, Executable e) {
    ImageArchiveException ex = assertThrows(ImageArchiveException.class, e);
    assertEquals(message, ex.getMessage());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Path tar(String name, TestTar t) {
    return TestTar.write(t.finish(), tmp.resolve(name));
  }

  private static Image probe() {
    return TestImages.image(AMD64)
        .layer(TestImages.layer().file("probe", TestImages.elfFor(AMD64), 0755))
        .entrypoint("/probe");
  }

  @Test
  void emptyFile() throws Exception {
    Path f = Files.createFile(tmp.resolve("e.tar"));
    fails("archive " + f + ": empty file", () -> ImageArchive.read(f));
  }

  @Test
  void missingFile() {
    Path f = tmp.resolve("nope.tar");
    fails("archive " + f + ": no such file", () -> ImageArchive.read(f));
  }

  @Test
  void directoryThatIsNotALayout() throws Exception {
    Path d = Files.createDirectory(tmp.resolve("d"));
    fails(
        "archive " + d + ": directory is not an OCI image layout (no oci-layout file)",
        () -> ImageArchive.read(d));
  }

  @Test
  void garbageIsNotATar() throws Exception {
    Path f = tmp.resolve("g.tar");
    byte[] junk = new byte[2048];
    Arrays.fill(junk, (byte) 'x');
    Files.write(f, junk);
    fails(
        "archive " + f + ": invalid tar header at offset 0 (checksum is not octal)",
        () -> ImageArchive.read(f));
    byte[] h = TestTar.header("manifest.json", '0', 0644, "", 10);
    h[0] = 'M'; // checksum no longer matches
    Files.write(f, h);
    fails(
        "archive " + f + ": invalid tar header at offset 0 (checksum mismatch)",
        () -> ImageArchive.read(f));
  }

  @Test
  void truncatedTar() throws Exception {
    byte[] all = TestImages.dockerSave(probe()).bytes();
    // cut inside manifest.json, the last member: header + 5 bytes of its data remain
    int at = indexOf(all, utf8("manifest.json")) + 512 + 5;
    Path f = tmp.resolve("t.tar");
    Files.write(f, Arrays.copyOf(all, at));
    fails(
        "archive " + f + ": truncated tar (ended inside the data of entry 'manifest.json')",
        () -> ImageArchive.read(f));
    Files.write(f, Arrays.copyOf(all, indexOf(all, utf8("manifest.json")) + 100));
    fails(
        "archive "
            + f
            + ": truncated tar (ended inside a header at offset "
            + indexOf(all, utf8("manifest.json"))
            + ")",
        () -> ImageArchive.read(f));
    fails(
        "archive s: truncated tar (ended inside the data of entry 'manifest.json')",
        () -> ImageArchive.readStream(new ByteArrayInputStream(Arrays.copyOf(all, at)), "s"));
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i += 512) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  @Test
  void pathTraversalNames() throws Exception {
    Path a = tar("a.tar", new TestTar().file("../evil", utf8("x")));
    fails(
        "archive " + a + ": entry '../evil' has a path traversal name", () -> ImageArchive.read(a));
    Path b = tar("b.tar", new TestTar().file("/etc/passwd", utf8("x")));
    fails(
        "archive " + b + ": entry '/etc/passwd' has an absolute name", () -> ImageArchive.read(b));
    Path c =
        tar(
            "c.tar",
            new TestTar()
                .file("manifest.json", utf8("[{\"Config\":\"../x.json\",\"Layers\":[]}]")));
    fails(
        "archive " + c + ": entry '../x.json' has a path traversal name",
        () -> ImageArchive.read(c));
  }

  @Test
  void pathTraversalInsideALayer() throws Exception {
    Image img =
        TestImages.image(AMD64)
            .layer(TestImages.layer().entry("../../etc/cron.d/x", '0', 0644, "", utf8("x")))
            .entrypoint("/probe");
    Path f = TestImages.writeOciDir(tmp.resolve("d"), TestImages.index().image(img));
    String layer = img.layerBlob(0).digest();
    fails(
        "archive "
            + f
            + ": layer "
            + layer
            + ": entry '../../etc/cron.d/x' has a path traversal name",
        () -> ImageArchive.read(f).select(AMD64).orElseThrow().fileSystem());
  }

  @Test
  void symlinkPointingOutOfTheArchive() throws Exception {
    Path a =
        tar("a.tar", new TestTar().entry("abc/layer.tar", '2', 0777, "../../../etc/shadow", null));
    fails(
        "archive "
            + a
            + ": entry 'abc/layer.tar' is a symbolic link pointing outside the archive"
            + " ('../../../etc/shadow')",
        () -> ImageArchive.read(a));
    Path b = tar("b.tar", new TestTar().entry("abc/layer.tar", '2', 0777, "/etc/shadow", null));
    fails(
        "archive "
            + b
            + ": entry 'abc/layer.tar' is a symbolic link pointing outside the archive"
            + " ('/etc/shadow')",
        () -> ImageArchive.read(b));
  }

  @Test
  void symlinkedBlobOutOfALayoutDirectory() throws Exception {
    Image img = probe();
    Path d = TestImages.writeOciDir(tmp.resolve("d"), TestImages.index().image(img));
    Path outside = Files.write(tmp.resolve("outside"), img.config().bytes());
    Path blob = d.resolve("blobs/sha256/" + img.config().digest().substring(7));
    Files.delete(blob);
    Files.createSymbolicLink(blob, outside);
    fails(
        "archive "
            + d
            + ": blobs/sha256/"
            + img.config().digest().substring(7)
            + " is a symbolic link pointing outside the layout",
        () -> ImageArchive.read(d).select(AMD64).orElseThrow());
  }

  @Test
  void duplicateEntries() throws Exception {
    Path a =
        tar(
            "a.tar",
            new TestTar().file("manifest.json", utf8("[]")).file("./manifest.json", utf8("[]")));
    fails("archive " + a + ": duplicate entry 'manifest.json'", () -> ImageArchive.read(a));
  }

  @Test
  void giantJson() throws Exception {
    Path a = TestImages.writeDockerSave(tmp.resolve("a.tar"), probe());
    fails(
        "archive "
            + a
            + ": manifest.json is "
            + manifestSize(a)
            + " bytes, more than the limit of"
            + " 100 bytes for JSON",
        () -> ImageArchive.read(a, ArchiveLimits.DEFAULTS.withMaxJsonBytes(100)));
  }

  private static long manifestSize(Path tar) throws Exception {
    byte[] all = Files.readAllBytes(tar);
    int h = indexOf(all, utf8("manifest.json"));
    return Long.parseLong(new String(all, h + 124, 11, StandardCharsets.US_ASCII), 8);
  }

  @Test
  void jsonOfTheWrongShape() throws Exception {
    Path a = tar("a.tar", new TestTar().file("manifest.json", utf8("{\"Config\":\"x\"}")));
    fails(
        "archive " + a + ": manifest.json: expected an array but found an object",
        () -> ImageArchive.read(a));
    Path b = tar("b.tar", new TestTar().file("manifest.json", utf8("[{\"Layers\":[]}]")));
    fails("archive " + b + ": manifest.json[0].Config: missing", () -> ImageArchive.read(b));
    Path c = tar("c.tar", new TestTar().file("manifest.json", utf8("[{\"Config\":")));
    fails(
        "archive " + c + ": manifest.json: unexpected end of input at offset 11",
        () -> ImageArchive.read(c));
    Image img =
        probe()
            .rawConfig(
                "{\"os\":\"linux\",\"architecture\":\"amd64\","
                    + "\"config\":{\"Entrypoint\":\"/probe\"}}");
    Path d = TestImages.writeDockerSave(tmp.resolve("d.tar"), img);
    String cfg = img.config().digest().substring(7) + ".json";
    fails(
        "archive "
            + d
            + ": config "
            + cfg
            + ": config.Entrypoint: expected an array but found a string",
        () -> ImageArchive.read(d));
    Image noArch = probe().rawConfig("{\"os\":\"linux\"}");
    Path e = TestImages.writeDockerSave(tmp.resolve("e.tar"), noArch);
    fails(
        "archive "
            + e
            + ": config "
            + noArch.config().digest().substring(7)
            + ".json: os and"
            + " architecture must be set",
        () -> ImageArchive.read(e));
  }

  @Test
  void digestMismatch() throws Exception {
    Image img = probe();
    Path d = TestImages.writeOciDir(tmp.resolve("d"), TestImages.index().image(img));
    String cfg = img.config().digest();
    byte[] other = utf8(img.configJson().replace("amd64", "arm64"));
    Files.write(d.resolve("blobs/sha256/" + cfg.substring(7)), other);
    fails(
        "archive "
            + d
            + ": blob "
            + cfg
            + " digest mismatch (content is "
            + Streams.sha256(other)
            + ")",
        () -> ImageArchive.read(d).select(AMD64).orElseThrow());
  }

  @Test
  void gzipLayerDigestMismatch() throws Exception {
    Image img = probe().gzip(true);
    Image other =
        TestImages.image(AMD64)
            .gzip(true)
            .layer(
                TestImages.layer().file("probe", TestImages.elfFor(Platform.parse("arm64")), 0755));
    Path d = TestImages.writeOciDir(tmp.resolve("d"), TestImages.index().image(img));
    String layer = img.layerBlob(0).digest();
    byte[] swapped = other.layerBlob(0).bytes();
    // same size, different bytes: only the digest tells
    assertEquals(img.layerBlob(0).size(), swapped.length);
    Files.write(d.resolve("blobs/sha256/" + layer.substring(7)), swapped);
    fails(
        "archive "
            + d
            + ": blob "
            + layer
            + " digest mismatch (content is "
            + Streams.sha256(swapped)
            + ")",
        () -> ImageArchive.read(d).select(AMD64).orElseThrow().fileSystem());
  }

  @Test
  void descriptorSizeMismatch() throws Exception {
    Image img = probe();
    Path d = TestImages.writeOciDir(tmp.resolve("d"), TestImages.index().image(img));
    String layer = img.layerBlob(0).digest();
    Files.write(d.resolve("blobs/sha256/" + layer.substring(7)), new byte[1024]);
    fails(
        "archive "
            + d
            + ": layer "
            + layer
            + " is 1024 bytes but its descriptor says "
            + img.layerBlob(0).size(),
        () -> ImageArchive.read(d).select(AMD64).orElseThrow().fileSystem());
  }

  @Test
  void missingBlob() throws Exception {
    Image img = probe();
    Path d = TestImages.writeOciDir(tmp.resolve("d"), TestImages.index().image(img));
    String layer = img.layerBlob(0).digest();
    Files.delete(d.resolve("blobs/sha256/" + layer.substring(7)));
    fails(
        "archive " + d + ": missing blob " + layer,
        () -> ImageArchive.read(d).select(AMD64).orElseThrow().fileSystem());
    Files.delete(d.resolve("blobs/sha256/" + img.manifest().digest().substring(7)));
    Path e = TestImages.writeOciDir(tmp.resolve("e"), TestImages.index().image(img, false));
    Files.delete(e.resolve("blobs/sha256/" + img.manifest().digest().substring(7)));
    fails("archive " + e + ": missing blob " + img.manifest().digest(), () -> ImageArchive.read(e));
  }

  @Test
  void indexCycle() throws Exception {
    // a real cycle needs a sha256 collision, so digest checks are off to reach the cycle check
    String self = "sha256:" + "ab".repeat(32);
    String idx =
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            + "\"digest\":\""
            + self
            + "\",\"size\":%d}]}";
    Path d = Files.createDirectories(tmp.resolve("d/blobs/sha256")).getParent().getParent();
    Files.writeString(d.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    String body = String.format(idx, 0);
    body = String.format(idx, body.length() + String.valueOf(body.length()).length() - 1);
    Files.writeString(d.resolve("blobs/sha256/" + "ab".repeat(32)), body);
    Files.writeString(d.resolve("index.json"), body);
    fails(
        "archive " + d + ": image index cycle at " + self,
        () -> ImageArchive.read(d, ArchiveLimits.DEFAULTS, false));
  }

  @Test
  void invalidDigestCannotNameAPath() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("d"));
    Files.writeString(d.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(d.resolve("index.json"), "{\"manifests\":[{\"digest\":\"sha256:../../x\"}]}");
    fails(
        "archive "
            + d
            + ": index.json.manifests[0]: unsupported or invalid digest 'sha256:../../x'",
        () -> ImageArchive.read(d));
  }

  @Test
  void indexNestedTooDeep() throws Exception {
    TestImages.Index idx = TestImages.index().image(probe());
    for (int i = 0; i < 3; i++) {
      idx = TestImages.index().nested(idx);
    }
    Path d = TestImages.writeOciDir(tmp.resolve("d"), idx);
    fails(
        "archive " + d + ": image indexes nested deeper than 2",
        () ->
            ImageArchive.read(
                d, new ArchiveLimits(1L << 30, 1L << 30, 1000, 1 << 20, 4096, 2, 1 << 20)));
  }

  @Test
  void gzipBomb() throws Exception {
    Image img =
        TestImages.image(AMD64)
            .gzip(true)
            .layer(TestImages.layer().bigFile("zeros", 8L << 20))
            .entrypoint("/probe");
    Path d = TestImages.writeOciDir(tmp.resolve("d"), TestImages.index().image(img));
    String layer = img.layerBlob(0).digest();
    fails(
        "archive "
            + d
            + ": layer "
            + layer
            + ": decompresses to more than 1048576 bytes (limit per layer)",
        () ->
            ImageArchive.read(d, ArchiveLimits.DEFAULTS.withMaxLayerBytes(1 << 20))
                .select(AMD64)
                .orElseThrow()
                .fileSystem());
  }

  @Test
  void tooManyEntries() throws Exception {
    Image img =
        TestImages.image(AMD64)
            .layer(
                TestImages.layer().file("a", "a", 0644).file("b", "b", 0644).file("c", "c", 0644))
            .entrypoint("/a");
    Path d = TestImages.writeOciDir(tmp.resolve("d"), TestImages.index().image(img));
    fails(
        "archive "
            + d
            + ": layer "
            + img.layerBlob(0).digest()
            + ": more than 2 tar entries (limit)",
        () ->
            ImageArchive.read(d, ArchiveLimits.DEFAULTS.withMaxEntries(2))
                .select(AMD64)
                .orElseThrow()
                .fileSystem());
  }

  @Test
  void zstdLayerIsNamedUnsupported() throws Exception {
    Image img = probe();
    Path d = TestImages.writeOciDir(tmp.resolve("d"), TestImages.index().image(img));
    String layer = img.layerBlob(0).digest();
    byte[] z = new byte[(int) img.layerBlob(0).size()];
    z[0] = 0x28;
    z[1] = (byte) 0xb5;
    z[2] = 0x2f;
    z[3] = (byte) 0xfd;
    Files.write(d.resolve("blobs/sha256/" + layer.substring(7)), z);
    fails(
        "archive " + d + ": layer " + layer + ": zstd-compressed layers are not supported",
        () -> ImageArchive.read(d).select(AMD64).orElseThrow().fileSystem());
  }

  @Test
  void notAnImageArchive() throws Exception {
    Path a = tar("a.tar", new TestTar().file("hello.txt", utf8("hi")));
    fails(
        "archive "
            + a
            + ": neither a docker-save archive (no manifest.json) nor an OCI image layout"
            + " (no oci-layout)",
        () -> ImageArchive.read(a));
    Path b = tar("b.tar", new TestTar().file("manifest.json", utf8("[]")));
    fails("archive " + b + ": holds no image", () -> ImageArchive.read(b));
  }
}
