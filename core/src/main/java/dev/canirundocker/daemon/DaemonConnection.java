package dev.canirundocker.daemon;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * One byte stream to the daemon with timeouts on every connect, read and write: a unix domain
 * socket (JDK 16+ {@code SocketChannel}, driven non-blocking through a {@link Selector} because a
 * unix channel has no {@code SO_TIMEOUT}), a TCP socket, optionally with TLS, a Windows named pipe
 * ({@link NamedPipeConnection}) or the stdio of an ssh process ({@link SshConnection}). Everything
 * above the byte stream ({@link DaemonHttp}) is the same for all of them.
 *
 * <p>Reads throw {@link SocketTimeoutException} when no byte arrives within the idle timeout or the
 * overall deadline passes; the caller maps it to {@link DaemonTimeoutException}.
 */
abstract class DaemonConnection implements Closeable {
  /** Longest wait for the next byte, in ms. */
  long idleMillis;

  /** System.nanoTime() after which reads fail, or 0 for none. */
  long deadlineNanos;

  abstract InputStream in();

  private @Nullable BufferedInput buffered;

  /**
   * The connection's one buffered reader: a kept-alive connection carries several responses, and
   * bytes buffered while reading one belong to the next.
   */
  InputStream buffered() {
    if (buffered == null) {
      buffered = new BufferedInput(in(), 16 * 1024);
    }
    return buffered;
  }

  /**
   * A connection's buffered input: java.io.BufferedInputStream without its lock (a connection is
   * read by one thread at a time) and without mark and reset, which nothing here uses. Every byte
   * of every response head passes through {@link #read()}, one call per byte, and a short run makes
   * those calls interpreted, where each lock costs more than the read.
   */
  static final class BufferedInput extends InputStream {
    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int end;

    BufferedInput(InputStream in, int size) {
      this.in = in;
      this.buf = new byte[size];
    }

    @Override
    public int read() throws IOException {
      if (pos == end && !fill()) {
        return -1;
      }
      return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (pos == end) {
        if (len >= buf.length) {
          // as BufferedInputStream does: a read as large as the buffer skips it
          return in.read(b, off, len);
        }
        if (!fill()) {
          return -1;
        }
      }
      int n = Math.min(len, end - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() throws IOException {
      int buffered = end - pos;
      int more = in.available();
      return more > Integer.MAX_VALUE - buffered ? Integer.MAX_VALUE : buffered + more;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }

    private boolean fill() throws IOException {
      int n = in.read(buf, 0, buf.length);
      if (n <= 0) {
        return false;
      }
      pos = 0;
      end = n;
      return true;
    }
  }

  abstract OutputStream out();

  /** The overall deadline passed (not only the wait for one byte). */
  static final class DeadlineExceeded extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    DeadlineExceeded() {
      super("response not complete within the deadline");
    }
  }

  /** Milliseconds to wait now, at least 1; throws when the deadline has passed. */
  long waitMillis() throws SocketTimeoutException {
    long w = idleMillis;
    if (deadlineNanos != 0) {
      long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        throw new DeadlineExceeded();
      }
      w = Math.min(w, left);
    }
    return Math.max(1, w);
  }

  /**
   * Why an exchange on this connection failed, when the transport itself knows better than the HTTP
   * layer (an ssh process that exited says why on stderr); null otherwise.
   */
  @Nullable DaemonException explain(String endpoint, IOException e) {
    return null;
  }

  /**
   * The seams of the transports that start something outside the JVM: how a named pipe is opened,
   * and which ssh program runs with which extra options.
   *
   * @param pipes opens a Windows named pipe
   * @param ssh the ssh program
   * @param sshOptions options passed to ssh before the destination
   */
  record Transports(
      NamedPipeConnection.Opener pipes, String ssh, java.util.List<String> sshOptions) {
    static final Transports DEFAULT =
        new Transports(NamedPipeConnection.WINDOWS, "ssh", java.util.List.of());

    Transports {
      sshOptions = java.util.List.copyOf(sshOptions);
    }
  }

  /** Opens the byte stream an endpoint names; the HTTP layer above is the same for all. */
  static DaemonConnection open(
      DaemonEndpoint ep, DaemonClientOptions o, @Nullable SSLContext ssl, Transports t)
      throws IOException {
    long connectMillis = o.connectTimeout().toMillis();
    switch (ep.scheme()) {
      case "unix":
        return UnixConnection.connect(ep.socketPath(), connectMillis);
      case "tcp":
        URI u = ep.tcpUri();
        return TcpConnection.connect(
            u.getHost(),
            u.getPort(),
            connectMillis,
            ep.tls().enabled() ? ssl : null,
            ep.tls().verify());
      case "npipe":
        return t.pipes().open(ep.namedPipe(), connectMillis);
      case "ssh":
        return SshConnection.start(
            SshConnection.command(
                t.ssh(), t.sshOptions(), SshTarget.parse(ep.uri()), connectMillis),
            ep.uri(),
            connectMillis);
      default:
        throw new DaemonUnreachableException(
            "cannot connect to "
                + ep.uri()
                + ": '"
                + ep.scheme()
                + "' endpoints are not supported by this client; use a unix://, tcp://, npipe:// or"
                + " ssh:// endpoint",
            "Expose the daemon on a unix socket or tcp:// address and pass it with --docker-host"
                + " or DOCKER_HOST.",
            null);
    }
  }

  static final class UnixConnection extends DaemonConnection {
    private final SocketChannel ch;
    private final Selector selector;
    private final InputStream in;
    private final OutputStream out;

    private UnixConnection(SocketChannel ch, Selector selector) {
      this.ch = ch;
      this.selector = selector;
      this.in =
          new InputStream() {
            @Override
            public int read() throws IOException {
              byte[] b = new byte[1];
              int n = read(b, 0, 1);
              return n < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              if (len == 0) {
                return 0;
              }
              ByteBuffer bb = ByteBuffer.wrap(b, off, len);
              long idleEnd = System.nanoTime() + idleMillis * 1_000_000L;
              while (true) {
                int n = ch.read(bb);
                if (n != 0) {
                  return n;
                }
                long w = Math.min(waitMillis(), (idleEnd - System.nanoTime()) / 1_000_000L);
                if (w <= 0) {
                  throw new SocketTimeoutException("no data for " + idleMillis + " ms");
                }
                await(SelectionKey.OP_READ, w);
              }
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
              long end = System.nanoTime() + idleMillis * 1_000_000L;
              while (bb.hasRemaining()) {
                if (ch.write(bb) == 0) {
                  long w = (end - System.nanoTime()) / 1_000_000L;
                  if (w <= 0) {
                    throw new SocketTimeoutException("could not send for " + idleMillis + " ms");
                  }
                  await(SelectionKey.OP_WRITE, w);
                }
              }
            }
          };
    }

    private void await(int op, long millis) throws IOException {
      SelectionKey k = ch.keyFor(selector);
      if (k == null) {
        ch.register(selector, op);
      } else {
        k.interestOps(op);
      }
      selector.select(millis);
      selector.selectedKeys().clear();
    }

    static UnixConnection connect(Path socket, long timeoutMillis) throws IOException {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      Selector sel = null;
      try {
        ch.configureBlocking(false);
        sel = Selector.open();
        UnixConnection c = new UnixConnection(ch, sel);
        c.idleMillis = timeoutMillis;
        // non-blocking, because a blocking connect to a listener whose backlog is full waits
        // until it accepts (unix(7)), which may be never
        if (!ch.connect(UnixDomainSocketAddress.of(socket))) {
          long end = System.nanoTime() + timeoutMillis * 1_000_000L;
          while (!ch.finishConnect()) {
            long w = (end - System.nanoTime()) / 1_000_000L;
            if (w <= 0) {
              throw new SocketTimeoutException("connect timed out after " + timeoutMillis + " ms");
            }
            c.await(SelectionKey.OP_CONNECT, w);
          }
        }
        return c;
      } catch (IOException | RuntimeException e) {
        ch.close();
        if (sel != null) {
          sel.close();
        }
        throw e;
      }
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
      try {
        selector.close();
      } finally {
        ch.close();
      }
    }
  }

  static final class TcpConnection extends DaemonConnection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private TcpConnection(Socket socket) throws IOException {
      this.socket = socket;
      InputStream raw = socket.getInputStream();
      this.in =
          new InputStream() {
            @Override
            public int read() throws IOException {
              socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, waitMillis()));
              return raw.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, waitMillis()));
              return raw.read(b, off, len);
            }
          };
      this.out = socket.getOutputStream();
    }

    static TcpConnection connect(
        String host, int port, long timeoutMillis, @Nullable SSLContext ssl, boolean verifyHost)
        throws IOException {
      Socket s = new Socket();
      try {
        s.connect(
            new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        if (ssl != null) {
          SSLSocket t = (SSLSocket) ssl.getSocketFactory().createSocket(s, host, port, true);
          if (verifyHost) {
            // the Go client verifies the daemon's name against its certificate (crypto/tls)
            SSLParameters p = t.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            t.setSSLParameters(p);
          }
          t.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
          t.startHandshake();
          s = t;
        }
        TcpConnection c = new TcpConnection(s);
        c.idleMillis = timeoutMillis;
        return c;
      } catch (IOException | RuntimeException e) {
        s.close();
        throw e;
      }
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
      socket.close();
    }
  }
}
