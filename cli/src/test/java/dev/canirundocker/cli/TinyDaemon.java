package dev.canirundocker.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Docker daemon on a real UNIX socket that answers GET requests from a table (path to JSON body;
 * an API version prefix and the query are ignored), 404 with the engine's message for anything
 * else: deterministic answers for whole-output tests of commands that ask the daemon.
 */
final class TinyDaemon implements AutoCloseable {
  private final ServerSocketChannel server;

  /** The request targets answered, in arrival order (API version prefix kept out). */
  final java.util.List<String> requests =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  TinyDaemon(Path sock, Map<String, String> routes) throws IOException {
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(sock));
    Thread t =
        new Thread(
            () -> {
              while (server.isOpen()) {
                try {
                  SocketChannel c = server.accept();
                  Thread h = new Thread(() -> serve(c, routes, requests));
                  h.setDaemon(true);
                  h.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
  }

  /** The default /version and /info of a Docker 20.10 engine on linux/amd64. */
  static Map<String, String> engine() {
    return Map.of(
        "/version",
        "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":"
            + "\"1.12\",\"Os\":\"linux\",\"Arch\":\"amd64\",\"KernelVersion\":\"6.1.0\"}",
        "/info",
        "{\"OSType\":\"linux\",\"Architecture\":\"x86_64\",\"ServerVersion\":\"20.10.24\","
            + "\"SecurityOptions\":[],\"Warnings\":[]}",
        "/_ping",
        "OK");
  }

  private static void serve(
      SocketChannel c, Map<String, String> routes, java.util.List<String> requests) {
    try (c;
        InputStream in = Channels.newInputStream(c);
        OutputStream out = Channels.newOutputStream(c)) {
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String target = head.split(" ")[1];
        String path =
            URLDecoder.decode(target.replaceFirst("\\?.*$", ""), StandardCharsets.UTF_8)
                .replaceFirst("^/v1\\.\\d+", "");
        requests.add(target.replaceFirst("^/v1\\.\\d+", ""));
        String body = routes.get(path);
        int status = body == null ? 404 : 200;
        if (body == null) {
          body =
              "{\"message\":\"No such image: "
                  + path.replaceFirst("^/images/", "").replaceFirst("/json$", "")
                  + "\"}";
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        out.write(
            ("HTTP/1.1 "
                    + status
                    + (status == 200 ? " OK" : " Not Found")
                    + "\r\n"
                    + "Content-Type: application/json\r\nApi-Version: 1.41\r\nContent-Length: "
                    + b.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int n = 0;
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      n = (c == '\r' || c == '\n') ? n + 1 : 0;
      if (n == 4) {
        return b.toString(StandardCharsets.US_ASCII);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
