package dev.canirundocker.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A connection over a pair of blocking streams that have no timeouts of their own: the stdin and
 * stdout of {@code ssh ... docker system dial-stdio}, or a named pipe opened as a file. A daemon
 * thread pumps the input into a small queue, so that every read waits at most the connection's idle
 * timeout and overall deadline ({@link DaemonConnection#waitMillis()}); writes go straight to the
 * output (the HTTP layer writes one small request before it reads).
 *
 * <p>Closing closes both streams and then {@code onClose} (ending the ssh process), which also
 * unblocks the pump.
 */
class StreamConnection extends DaemonConnection {
  /** End of the input, as a queue element. */
  private static final byte[] EOF = new byte[0];

  private final InputStream rawIn;
  private final OutputStream rawOut;
  private final AutoCloseable onClose;
  private final String name;

  /** Chunks read by the pump, {@link #EOF} at the end; an IOException ends it too. */
  private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(16);

  private final InputStream in;
  private volatile boolean closed;

  /**
   * @param name what the pump thread is called (the endpoint)
   * @param in the bytes from the daemon
   * @param out the bytes to the daemon
   * @param onClose what else to release on close (a process), or null
   * @param idleMillis the first idle timeout
   */
  StreamConnection(
      String name, InputStream in, OutputStream out, AutoCloseable onClose, long idleMillis) {
    this.rawIn = in;
    this.rawOut = out;
    this.onClose = onClose;
    this.name = name;
    this.idleMillis = idleMillis;
    Thread pump = new Thread(this::pump, "cird-daemon-stream " + name);
    pump.setDaemon(true);
    pump.start();
    this.in =
        new dev.canirundocker.io.BlockInputStream() {
          private byte[] current = new byte[0];
          private int pos;
          private boolean eof;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
              return 0;
            }
            if (pos == current.length) {
              if (eof) {
                return -1;
              }
              Object next;
              try {
                next = chunks.poll(waitMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + name);
              }
              if (next == null) {
                throw new SocketTimeoutException("no data for " + idleMillis + " ms");
              }
              if (next instanceof IOException) {
                eof = true;
                throw (IOException) next;
              }
              if (next == EOF) {
                eof = true;
                return -1;
              }
              current = (byte[]) next;
              pos = 0;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
          }
        };
  }

  private void pump() {
    byte[] buf = new byte[16 * 1024];
    try {
      while (true) {
        int n = rawIn.read(buf);
        if (n < 0) {
          offer(EOF);
          return;
        }
        if (n > 0) {
          byte[] c = new byte[n];
          System.arraycopy(buf, 0, c, 0, n);
          offer(c);
        }
      }
    } catch (IOException e) {
      try {
        offer(closed ? EOF : e);
      } catch (InterruptedException ie) {
        // nobody waits for more
      }
    } catch (InterruptedException e) {
      // closed while the reader was not reading: nobody waits for more
    }
  }

  private void offer(Object o) throws InterruptedException {
    // blocks while the reader is behind (back pressure); close() unblocks it by closing the
    // stream, and a reader that never comes back leaves a daemon thread parked on a closed pipe
    while (!closed && !chunks.offer(o, 100, TimeUnit.MILLISECONDS)) {
      // wait for the reader
    }
  }

  @Override
  InputStream in() {
    return in;
  }

  @Override
  OutputStream out() {
    return rawOut;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    try {
      rawOut.close();
    } catch (IOException e) {
      // the peer is gone already
    }
    try {
      if (onClose != null) {
        // first: the end of the process closes its stdout, which unblocks the pump
        onClose.close();
      }
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IOException(e.getMessage(), e);
    } finally {
      rawIn.close();
    }
  }
}
