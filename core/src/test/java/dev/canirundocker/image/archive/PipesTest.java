package dev.canirundocker.image.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.canirundocker.image.ImageArchiveException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipesTest {
  @TempDir Path tmp;

  @Test
  void aFifoNobodyWritesIsGivenUpOnInTime() throws Exception {
    Path f = tmp.resolve("p");
    Process p = new ProcessBuilder("mkfifo", f.toString()).start();
    assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo is not available");
    long t0 = System.nanoTime();
    ImageArchiveException e =
        assertThrows(
            ImageArchiveException.class,
            () -> Pipes.open(f, Duration.ofMillis(300), "archive " + f));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertEquals(
        "archive " + f + ": no process opened the FIFO (named pipe) for writing within 300 ms",
        e.getMessage());
    assertTrue(ms < 5000, "took " + ms + " ms");
  }

  @Test
  void fileKindsFromStMode() {
    assertEquals(FileKind.FIFO, FileKind.ofMode(0010644));
    assertEquals(FileKind.CHARACTER_DEVICE, FileKind.ofMode(0020666));
    assertEquals(FileKind.BLOCK_DEVICE, FileKind.ofMode(0060660));
    assertEquals(FileKind.SOCKET, FileKind.ofMode(0140755));
    assertEquals(FileKind.REGULAR, FileKind.ofMode(0100644));
    assertEquals(FileKind.DIRECTORY, FileKind.ofMode(0040755));
  }
}
