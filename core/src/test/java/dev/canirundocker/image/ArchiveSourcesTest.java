package dev.canirundocker.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.TestImages;
import dev.canirundocker.testing.TestImages.Image;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What --archive may be given besides a regular file (a FIFO, a device), and the budgets that bound
 * every byte inflated: each ends in a result or one exact line, within a time bound.
 */
class ArchiveSourcesTest {
  static final Platform AMD64 = Platform.parse("linux/amd64");
  static final Platform ARM64 = Platform.parse("linux/arm64");

  @TempDir Path tmp;

  private static void fails(String message, org.junit.jupiter.api.function.Executable e) {
    assertEquals(message, assertThrows(ImageArchiveException.class, e).getMessage());
  }

  private static Image probe(Platform p) {
    return TestImages.image(p)
        .layer(TestImages.layer().file("probe", TestImages.elfFor(p), 0755))
        .entrypoint("/probe");
  }

  private Path fifo(String name) throws Exception {
    Path f = tmp.resolve(name);
    Process p = new ProcessBuilder("mkfifo", f.toString()).redirectErrorStream(true).start();
    assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo is not available");
    return f;
  }

  /** Writes bytes into a FIFO from another thread, as {@code <(docker save x)} does. */
  private static Thread writer(Path fifo, byte[] data) {
    Thread t =
        new Thread(
            () -> {
              try (OutputStream o = Files.newOutputStream(fifo)) {
                o.write(data);
              } catch (IOException e) {
                // the reader may stop early; nothing to report
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void aFifoIsReadAsTheStreamItIs() throws Exception {
    Path f = fifo("save");
    writer(f, TestImages.dockerSave(probe(AMD64)).bytes());
    ImageProfile p =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> ImageArchive.read(f).select(AMD64).orElseThrow().profile(f.toString()));
    assertEquals("/probe", p.entrypointPath());
    assertEquals(null, p.entrypointReason());
  }

  @Test
  void aGzipFifoToo() throws Exception {
    Path f = fifo("save.gz");
    writer(f, TestImages.dockerSave(probe(ARM64)).gzip().bytes());
    ImageProfile p =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> ImageArchive.read(f).select(ARM64).orElseThrow().profile(f.toString()));
    assertEquals("/probe", p.entrypointPath());
  }

  @Test
  void aFifoThatEndsAtOnceIsNotCalledAnEmptyFile() throws Exception {
    Path f = fifo("nothing");
    writer(f, new byte[0]);
    fails(
        "archive "
            + f
            + ": the FIFO (named pipe) ended without any data (did the command writing"
            + " it fail?)",
        () -> ImageArchive.read(f));
  }

  /**
   * Opens the FIFO for writing, writes {@code data}, then holds it open without writing more until
   * {@code done}: a {@code docker save} that hangs after its first bytes, or before any.
   */
  private static void stalling(Path fifo, byte[] data, CountDownLatch done) {
    Thread t =
        new Thread(
            () -> {
              try (OutputStream o = Files.newOutputStream(fifo)) {
                o.write(data);
                o.flush();
                done.await(60, TimeUnit.SECONDS);
              } catch (IOException | InterruptedException e) {
                // the reader gave up and closed its end: done
              }
            });
    t.setDaemon(true);
    t.start();
  }

  private static final ArchiveLimits QUICK =
      ArchiveLimits.DEFAULTS.withPipeWait(Duration.ofMillis(300));

  /** A writer that sends {@code data} and stalls: the one line after the 300 ms wait, in time. */
  private void givenUpOnAfterTheWait(String name, byte[] data) throws Exception {
    Path f = fifo(name);
    CountDownLatch done = new CountDownLatch(1);
    stalling(f, data, done);
    try {
      long t0 = System.nanoTime();
      fails(
          "archive "
              + f
              + ": the FIFO (named pipe) sent no data for 300 ms (is the command"
              + " writing it stuck?)",
          () -> ImageArchive.read(f, QUICK));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(ms >= 300 && ms < 5_000, ms + " ms");
    } finally {
      done.countDown();
    }
  }

  @Test
  void aFifoWhoseWriterNeverWritesIsGivenUpOnAfterTheWait() throws Exception {
    givenUpOnAfterTheWait("silent", new byte[0]);
  }

  /** Half an archive, then silence: inside a layer, plain and gzip-compressed as a whole. */
  @Test
  void aFifoThatStallsMidStreamIsGivenUpOnAfterTheWait() throws Exception {
    Image img =
        TestImages.image(AMD64)
            .layer(
                TestImages.layer()
                    .bigFile("data", 1L << 20)
                    .file("probe", TestImages.elfFor(AMD64), 0755))
            .entrypoint("/probe");
    for (boolean gz : new boolean[] {false, true}) {
      dev.canirundocker.testing.TestTar.Content a = TestImages.dockerSave(img);
      byte[] all = (gz ? a.gzip() : a).bytes();
      givenUpOnAfterTheWait(
          gz ? "half.tar.gz" : "half.tar", java.util.Arrays.copyOf(all, all.length / 2));
    }
  }

  @Test
  void theWaitOnAFifoIsALimit() {
    assertEquals(Duration.ofSeconds(30), ArchiveLimits.DEFAULTS.pipeWait());
    assertEquals(Duration.ofMillis(300), QUICK.pipeWait());
    assertEquals(QUICK.maxArchiveBytes(), ArchiveLimits.DEFAULTS.maxArchiveBytes());
    assertThrows(IllegalArgumentException.class, () -> QUICK.withPipeWait(Duration.ZERO));
  }

  @Test
  void aFifoOfEndlessZerosEndsInOneLine() throws Exception {
    Path f = fifo("zeros");
    Thread t =
        new Thread(
            () -> {
              try (OutputStream o = Files.newOutputStream(f)) {
                byte[] z = new byte[65536];
                while (true) {
                  o.write(z);
                }
              } catch (IOException e) {
                // the reader closed its end: done
              }
            });
    t.setDaemon(true);
    t.start();
    // a zero block is tar's end marker; at most 1 MiB of padding is drained after it
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            fails(
                "archive "
                    + f
                    + ": neither a"
                    + " docker-save archive (no manifest.json) nor an OCI image layout (no oci-layout)",
                () -> ImageArchive.read(f)));
  }

  @Test
  void devicesAreRefusedWithWhatTheyAre() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            fails(
                "archive /dev/zero: is a character"
                    + " device, not an image archive (a docker-save tar, an OCI layout directory or tar, or a pipe)",
                () -> ImageArchive.read(Path.of("/dev/zero"))));
    fails(
        "archive /dev/null: is a character device, not an image archive (a docker-save tar, an OCI"
            + " layout directory or tar, or a pipe)",
        () -> ImageArchive.read(Path.of("/dev/null")));
  }

  @Test
  void aGzipArchiveAsAWholeHasTheArchiveBudget() throws Exception {
    Image img =
        TestImages.image(AMD64)
            .layer(
                TestImages.layer()
                    .bigFile("zeros", 32L << 20)
                    .file("probe", TestImages.elfFor(AMD64), 0755))
            .entrypoint("/probe");
    Path f = tmp.resolve("bomb.tar.gz");
    Files.write(f, TestImages.dockerSave(img).gzip().bytes());
    fails(
        "archive "
            + f
            + ": the archive decompresses to more than 16777216 bytes (limit per archive)",
        () -> ImageArchive.read(f, ArchiveLimits.DEFAULTS.withMaxArchiveBytes(16L << 20)));
    // within the budget the same archive reads, its plain layer not counted twice
    ImageArchive a = ImageArchive.read(f, ArchiveLimits.DEFAULTS.withMaxArchiveBytes(40L << 20));
    assertEquals("/probe", a.select(AMD64).orElseThrow().profile("x").entrypointPath());
  }

  @Test
  void gzipLayersInsideAGzipArchiveCountAgainstTheSameBudget() throws Exception {
    Image img =
        TestImages.image(AMD64)
            .gzip(true)
            .layer(
                TestImages.layer()
                    .bigFile("zeros", 24L << 20)
                    .file("probe", TestImages.elfFor(AMD64), 0755))
            .entrypoint("/probe");
    Path f = tmp.resolve("nested.tar.gz");
    Files.write(f, TestImages.dockerSave25(img).gzip().bytes());
    fails(
        "archive "
            + f
            + ": layer blobs/sha256/"
            + img.layerBlob(0).digest().substring(7)
            + ": the archive decompresses to more than 20971520 bytes (limit per archive)",
        () -> ImageArchive.read(f, ArchiveLimits.DEFAULTS.withMaxArchiveBytes(20L << 20)));
  }

  @Test
  void aLayerSeveralManifestsListIsReadOnce() throws Exception {
    // the same layer blob under two platforms: indexed once, and the entrypoint's head kept as it
    // passed, so no second inflation for either image
    TestImages.Layer shared =
        TestImages.layer().bigFile("data", 4L << 20).file("probe", TestImages.elfFor(AMD64), 0755);
    Image amd = TestImages.image(AMD64).gzip(true).layer(shared).entrypoint("/probe");
    Image arm = TestImages.image(ARM64).gzip(true).layer(shared).entrypoint("/probe");
    assertEquals(amd.layerBlob(0).digest(), arm.layerBlob(0).digest());
    Path d = TestImages.writeOciDir(tmp.resolve("d"), TestImages.index().image(amd).image(arm));
    ImageArchive a = ImageArchive.read(d);
    ArchiveImage x = a.image(0);
    ArchiveImage y = a.image(1);
    long before = a.bytesRead();
    assertEquals("/probe", x.profile("x").entrypointPath());
    assertEquals("/probe", y.profile("y").entrypointPath());
    // the blob once, plus the 4 bytes of magic read to tell gzip from plain
    assertEquals(amd.layerBlob(0).size() + 4, a.bytesRead() - before);
  }
}
