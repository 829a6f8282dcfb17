package dev.canirundocker.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.TestImages;
import dev.canirundocker.testing.TestImages.Image;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory and time bounds, measured where they hold: a JVM of its own with a 32 MiB heap reads
 * layers that inflate to 256 MiB, a whole-archive gzip bomb, and a device, each to a result or one
 * line.
 */
class ArchiveMemoryBoundTest {
  static final Platform AMD64 = Platform.parse("linux/amd64");
  static final String HEAP = "-Xmx32m";

  @TempDir Path tmp;

  @Test
  void bombsAndDevicesInA32MiBHeap() throws Exception {
    Image img =
        TestImages.image(AMD64)
            .gzip(true)
            .layer(
                TestImages.layer()
                    .bigFile("zeros", 256L << 20)
                    .file("probe", TestImages.elfFor(AMD64), 0755))
            .entrypoint("/probe");
    Path layers = TestImages.writeOciDir(tmp.resolve("gzip-layer"), TestImages.index().image(img));
    Path whole = tmp.resolve("whole.tar.gz");
    Files.write(
        whole,
        TestImages.dockerSave(
                TestImages.image(AMD64)
                    .layer(
                        TestImages.layer()
                            .bigFile("zeros", 256L << 20)
                            .file("probe", TestImages.elfFor(AMD64), 0755))
                    .entrypoint("/probe"))
            .gzip()
            .bytes());
    long limit = 128L << 20;

    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                ArchiveMemoryProbe.class.getName(),
                Long.toString(limit),
                layers.toString(),
                whole.toString()));
    if (Files.exists(Path.of("/dev/zero"))) {
      cmd.add("/dev/zero");
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    long t0 = System.nanoTime();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(done, "the reader did not finish within 120 s: " + out);
    assertEquals(0, p.exitValue(), out);
    String expected =
        "archive "
            + layers
            + ": layer "
            + img.layerBlob(0).digest()
            + ": the archive decompresses to more than "
            + limit
            + " bytes (limit per archive)\n"
            + "archive "
            + whole
            + ": the archive decompresses to more than "
            + limit
            + " bytes (limit per archive)\n";
    if (cmd.contains("/dev/zero")) {
      expected +=
          "archive /dev/zero: is a character device, not an image archive (a docker-save tar,"
              + " an OCI layout directory or tar, or a pipe)\n";
    }
    assertEquals(expected, out);
    assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 120);
  }

  @Test
  void aLayerInflatingTo256MiBReadsInA32MiBHeap() throws Exception {
    Image img =
        TestImages.image(AMD64)
            .gzip(true)
            .layer(
                TestImages.layer()
                    .bigFile("zeros", 256L << 20)
                    .file("probe", TestImages.elfFor(AMD64), 0755))
            .entrypoint("/probe");
    Path layers = TestImages.writeOciDir(tmp.resolve("gzip-layer"), TestImages.index().image(img));
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                ArchiveMemoryProbe.class.getName(),
                Long.toString(1L << 30),
                layers.toString())
            .redirectErrorStream(true)
            .start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(done, "the reader did not finish within 120 s: " + out);
    assertEquals("ok /probe\n", out);
  }
}
