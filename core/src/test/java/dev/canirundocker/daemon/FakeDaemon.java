package dev.canirundocker.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A misbehaving "daemon" on a real unix socket: it reads each request head and then runs a {@link
 * Behaviour}. Closing it stops the accept loop and closes every connection it holds open.
 *
 * <p>The client pings once before its first versioned call (API version negotiation); unless told
 * otherwise the fake answers that ping as Docker 20.10 does (API-Version 1.41) and closes, so that
 * the behaviour meets the call under test.
 */
final class FakeDaemon implements AutoCloseable {
  interface Behaviour {
    /** Handles one connection after its request head was read; return to close it. */
    void handle(SocketChannel ch, String requestHead) throws IOException, InterruptedException;
  }

  private final ServerSocketChannel server;
  private final Thread thread;
  private final List<SocketChannel> open = new ArrayList<>();
  final List<String> requests = new ArrayList<>();
  final Path socket;

  /** The answer to {@code GET /_ping} of moby 20.10 (api/server/router/system/system_routes.go). */
  static final String PING =
      "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nOstype: linux\r\n"
          + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\n\r\nOK";

  FakeDaemon(Path socket, Behaviour b) throws IOException {
    this(socket, b, true);
  }

  /**
   * @param answerPings whether pings get {@link #PING} rather than the behaviour
   */
  FakeDaemon(Path socket, Behaviour b, boolean answerPings) throws IOException {
    this.socket = socket;
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    thread =
        new Thread(
            () -> {
              while (server.isOpen()) {
                SocketChannel ch;
                try {
                  ch = server.accept();
                } catch (IOException e) {
                  return;
                }
                synchronized (open) {
                  open.add(ch);
                }
                Thread t =
                    new Thread(
                        () -> {
                          try (ch) {
                            String head = readHead(ch);
                            if (answerPings && head.startsWith("GET /_ping ")) {
                              write(ch, PING);
                              return;
                            }
                            synchronized (requests) {
                              requests.add(head);
                            }
                            b.handle(ch, head);
                          } catch (IOException | InterruptedException e) {
                            // the client went away or the test ended
                          }
                        },
                        "fake-daemon-conn");
                t.setDaemon(true);
                t.start();
              }
            },
            "fake-daemon");
    thread.setDaemon(true);
    thread.start();
  }

  /** How many connections were accepted. */
  int connections() {
    synchronized (open) {
      return open.size();
    }
  }

  /** A behaviour that writes these bytes and closes. */
  static Behaviour answer(String raw) {
    return (ch, head) -> write(ch, raw);
  }

  /** A behaviour that never answers (until the test closes the fake). */
  static Behaviour silent() {
    return (ch, head) -> Thread.sleep(60_000);
  }

  static void write(SocketChannel ch, String s) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  static String ok(String contentType, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return "HTTP/1.1 200 OK\r\nContent-Type: "
        + contentType
        + "\r\nContent-Length: "
        + b.length
        + "\r\n\r\n"
        + body;
  }

  static String readHead(SocketChannel ch) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (!out.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      one.clear();
      if (ch.read(one) < 0) {
        break;
      }
      out.write(one.get(0));
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  DaemonEndpoint endpoint() {
    return DaemonEndpoint.unix(socket, "test");
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (open) {
      for (SocketChannel c : open) {
        c.close();
      }
    }
  }
}
