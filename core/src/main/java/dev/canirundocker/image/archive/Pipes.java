package dev.canirundocker.image.archive;

import dev.canirundocker.image.ImageArchiveException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Opening a FIFO for reading within a time limit. */
final class Pipes {
  private Pipes() {}

  /**
   * Opens a FIFO for reading. open(2) of a FIFO blocks until a writer opens it too (fifo(7)), and
   * Java cannot open with O_NONBLOCK, so the open runs on a daemon thread; when no writer came
   * within {@code limit}, this process opens the FIFO for writing and closes it at once, which
   * completes the blocked open with an immediate end of file, and the wait is reported.
   */
  static InputStream open(Path fifo, Duration limit, String where) throws IOException {
    CompletableFuture<FileChannel> opening = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        opening.complete(FileChannel.open(fifo, StandardOpenOption.READ));
      } catch (IOException | RuntimeException e) {
        opening.completeExceptionally(e);
      }
    }, "cird-fifo-open");
    t.setDaemon(true);
    t.start();
    try {
      return new Sequential(Channels.newInputStream(
          opening.get(limit.toMillis(), TimeUnit.MILLISECONDS)));
    } catch (TimeoutException e) {
      try (FileChannel w = FileChannel.open(fifo, StandardOpenOption.WRITE)) {
        // opened and closed: the blocked reader's open returns
      } catch (IOException ignored) {
        // the reader stays blocked on a daemon thread; nothing more can be done from Java
      }
      opening.thenAccept(Pipes::closeQuietly);
      throw new ImageArchiveException(where + ": no process opened the FIFO (named pipe) for writing"
          + " within " + (limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s"
              : limit.toMillis() + " ms"));
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof IOException ? (IOException) c
          : new ImageArchiveException(where + ": cannot open the FIFO: " + c.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageArchiveException(where + ": interrupted while opening the FIFO");
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // closing a read end cannot fail in a way that matters here
    }
  }

  /**
   * A pipe cannot seek: skipping reads through, and {@code available} says 0 (a channel stream's
   * skip and available call lseek(2), which fails on a pipe with ESPIPE).
   */
  private static final class Sequential extends FilterInputStream {
    private final byte[] scratch = new byte[Streams.SCRATCH];

    Sequential(InputStream in) {
      super(in);
    }

    @Override
    public int available() {
      return 0;
    }

    @Override
    public long skip(long n) throws IOException {
      if (n <= 0) {
        return 0;
      }
      return Math.max(0, in.read(scratch, 0, (int) Math.min(n, scratch.length)));
    }
  }
}
