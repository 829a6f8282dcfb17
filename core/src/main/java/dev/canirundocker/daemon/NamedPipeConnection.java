package dev.canirundocker.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Windows named pipe ({@code \\.\pipe\docker_engine}, {@code \\.\pipe\dockerDesktopLinuxEngine})
 * opened as a file, in plain JDK code. The docker CLI dials it with go-winio's {@code DialPipe}
 * (docker/go-connections sockets/sockets_windows.go), which retries while every instance of the
 * pipe is busy (ERROR_PIPE_BUSY) until its timeout; docker-java's and Testcontainers' {@code
 * NamedPipeSocket} do the same with {@link AsynchronousFileChannel}, which opens the pipe for
 * overlapped I/O: a read pending on a synchronous handle would block the write of the next request,
 * and only a future can be waited on with a timeout.
 *
 * <p>The file position is ignored by pipes; reads and writes pass 0.
 */
final class NamedPipeConnection extends DaemonConnection {
  /** How often a busy pipe is tried again (go-winio waits on WaitNamedPipe, about the same). */
  private static final long BUSY_RETRY_MILLIS = 50;

  /** Opens a pipe; a seam so that tests on Linux can stand a FIFO pair in for it. */
  interface Opener {
    /**
     * @param pipe the Windows path, such as {@code \\.\pipe\docker_engine}
     * @param timeoutMillis how long opening may take
     */
    DaemonConnection open(String pipe, long timeoutMillis) throws IOException;
  }

  /** The real opener: {@link AsynchronousFileChannel} on the pipe's path. */
  static final Opener WINDOWS = NamedPipeConnection::connect;

  private final AsynchronousFileChannel ch;
  private final InputStream in;
  private final OutputStream out;

  private NamedPipeConnection(AsynchronousFileChannel ch) {
    this.ch = ch;
    this.in =
        new dev.canirundocker.io.BlockInputStream() {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
              return 0;
            }
            int n = await(ch.read(ByteBuffer.wrap(b, off, len), 0), waitMillis());
            return n < 0 ? -1 : n;
          }
        };
    this.out =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer bb = ByteBuffer.wrap(b, off, len);
            while (bb.hasRemaining()) {
              await(ch.write(bb, 0), idleMillis);
            }
          }
        };
  }

  private int await(Future<Integer> f, long millis) throws IOException {
    try {
      return f.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // the pending operation cannot be resumed: this connection is done
      f.cancel(true);
      close();
      throw new SocketTimeoutException("no data for " + millis + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof IOException ? (IOException) c : new IOException(String.valueOf(c), c);
    }
  }

  /**
   * Opens the pipe, retrying while all its instances are busy.
   *
   * @throws SocketTimeoutException when it stayed busy for the whole timeout
   * @throws java.nio.file.NoSuchFileException when no such pipe exists (the daemon is not running)
   */
  static NamedPipeConnection connect(String pipe, long timeoutMillis) throws IOException {
    long end = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (true) {
      try {
        NamedPipeConnection c =
            new NamedPipeConnection(
                AsynchronousFileChannel.open(
                    Path.of(pipe), StandardOpenOption.READ, StandardOpenOption.WRITE));
        c.idleMillis = timeoutMillis;
        return c;
      } catch (FileSystemException e) {
        if (!isBusy(e)) {
          throw e;
        }
        long left = (end - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          throw new SocketTimeoutException(
              "all instances of " + pipe + " stayed busy for " + timeoutMillis + " ms");
        }
        try {
          Thread.sleep(Math.min(BUSY_RETRY_MILLIS, left));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while opening " + pipe);
        }
      }
    }
  }

  /** ERROR_PIPE_BUSY (231), as the JDK words it from FormatMessage. */
  static boolean isBusy(FileSystemException e) {
    String r = String.valueOf(e.getReason()) + " " + e.getMessage();
    return r.contains("pipe instances are busy");
  }

  @Override
  InputStream in() {
    return in;
  }

  @Override
  OutputStream out() {
    return out;
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
