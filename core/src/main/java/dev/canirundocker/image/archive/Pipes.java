package dev.canirundocker.image.archive;

import dev.canirundocker.image.ImageArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** Opening and reading a FIFO, each wait within a time limit. */
final class Pipes {
  private Pipes() {}

  /**
   * Opens a FIFO for reading. open(2) of a FIFO blocks until a writer opens it too (fifo(7)), and
   * Java cannot open with O_NONBLOCK, so the open runs on a daemon thread; when no writer came
   * within {@code limit}, this process opens the FIFO for writing and closes it at once, which
   * completes the blocked open with an immediate end of file, and the wait is reported. Each read
   * of the stream returned then waits at most {@code limit} for data too (see {@link Watched}).
   */
  static InputStream open(Path fifo, Duration limit, String where) throws IOException {
    CompletableFuture<FileChannel> opening = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                opening.complete(FileChannel.open(fifo, StandardOpenOption.READ));
              } catch (IOException | RuntimeException e) {
                opening.completeExceptionally(e);
              }
            },
            "cird-fifo-open");
    t.setDaemon(true);
    t.start();
    try {
      return new Watched(opening.get(limit.toMillis(), TimeUnit.MILLISECONDS), limit, where);
    } catch (TimeoutException e) {
      try (FileChannel w = FileChannel.open(fifo, StandardOpenOption.WRITE)) {
        // opened and closed: the blocked reader's open returns
      } catch (IOException ignored) {
        // the reader stays blocked on a daemon thread; nothing more can be done from Java
      }
      opening.thenAccept(Pipes::closeQuietly);
      throw new ImageArchiveException(
          where
              + ": no process opened the FIFO (named pipe) for writing"
              + " within "
              + words(limit));
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause(); // a failed task always has one
      throw c instanceof IOException
          ? (IOException) c
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

  /** {@code 30 s}, or {@code 300 ms} when not whole seconds. */
  static String words(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /**
   * The read end of a FIFO whose every read waits at most {@code limit}: read(2) on a pipe blocks
   * while a writer holds it open and sends nothing (pipe(7)), and a blocking FileChannel read has
   * no timeout. A watchdog thread closes the channel when a read has waited {@code limit}; closing
   * an interruptible channel wakes the blocked reader with an AsynchronousCloseException
   * (java.nio.channels.InterruptibleChannel), which becomes the one-line error. The watchdog is one
   * parked daemon thread that ends with the stream. A pipe cannot seek: skipping reads through, and
   * {@code available} says 0 (a channel stream's skip and available call lseek(2), which fails on a
   * pipe with ESPIPE).
   */
  private static final class Watched extends dev.canirundocker.io.BlockInputStream {
    private final FileChannel ch;
    private final long limitNanos;
    private final String message;
    private final Thread watchdog;
    private final byte[] scratch = new byte[Streams.SCRATCH];

    /** When the read now waiting began, 0 when none waits. */
    private volatile long since;

    private volatile boolean timedOut;
    private volatile boolean closed;

    Watched(FileChannel ch, Duration limit, String where) {
      this.ch = ch;
      this.limitNanos = limit.toNanos();
      this.message =
          where
              + ": the FIFO (named pipe) sent no data for "
              + words(limit)
              + " (is the command writing it stuck?)";
      this.watchdog = new Thread(this::watch, "cird-fifo-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
    }

    private void watch() {
      while (!closed) {
        long s = since;
        long now = System.nanoTime();
        if (s != 0 && now - s >= limitNanos) {
          timedOut = true;
          closeQuietly(ch);
          return;
        }
        LockSupport.parkNanos(this, s == 0 ? limitNanos : s + limitNanos - now);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      since = System.nanoTime();
      LockSupport.unpark(watchdog);
      try {
        return ch.read(ByteBuffer.wrap(b, off, len));
      } catch (ClosedChannelException e) {
        if (timedOut) {
          throw new ImageArchiveException(message);
        }
        throw e;
      } finally {
        since = 0;
      }
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
      return Math.max(0, read(scratch, 0, (int) Math.min(n, scratch.length)));
    }

    @Override
    public void close() throws IOException {
      closed = true;
      LockSupport.unpark(watchdog);
      ch.close();
    }
  }
}
