package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small requests share a kept-alive connection; one the daemon closed while idle is replaced. */
class KeepAliveTest {
  static final String VERSION =
      "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\",\"Os\":\"linux\",\"Arch\":\"amd64\"}";

  @TempDir Path dir;

  static String ok(String body, String extraHeader) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + extraHeader
        + "Content-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  /** Answers every request on the connection until the client closes it, counting them. */
  static FakeDaemon.Behaviour persistent(java.util.concurrent.atomic.AtomicInteger count) {
    return (ch, head) -> {
      String h = head;
      while (h != null && h.endsWith("\r\n\r\n")) {
        count.incrementAndGet();
        FakeDaemon.write(ch, ok(VERSION, ""));
        h = next(ch);
      }
    };
  }

  static String next(SocketChannel ch) {
    try {
      return FakeDaemon.readHead(ch);
    } catch (IOException e) {
      return null;
    }
  }

  HttpDaemonClient client(FakeDaemon d) {
    return HttpDaemonClient.create(
        d.endpoint(),
        new DaemonClientOptions(
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1 << 20));
  }

  @Test
  void sequentialRequestsShareOneConnection() throws Exception {
    java.util.concurrent.atomic.AtomicInteger count =
        new java.util.concurrent.atomic.AtomicInteger();
    try (FakeDaemon d = new FakeDaemon(dir.resolve("keep.sock"), persistent(count));
        HttpDaemonClient c = client(d)) {
      for (int i = 0; i < 5; i++) {
        assertEquals("20.10.24", c.version().get("Version"));
      }
      assertEquals(5, count.get());
      assertEquals(1, d.connections());
    }
  }

  @Test
  void aConnectionClosedWhileIdleIsReplacedAndTheRequestSentAgain() throws Exception {
    // answers once per connection, then closes it without saying so
    try (FakeDaemon d =
            new FakeDaemon(
                dir.resolve("once.sock"), (ch, head) -> FakeDaemon.write(ch, ok(VERSION, "")));
        HttpDaemonClient c = client(d)) {
      assertEquals("20.10.24", c.version().get("Version"));
      Thread.sleep(100); // the fake has closed its end by now
      assertEquals("20.10.24", c.version().get("Version"));
      assertEquals(2, d.requests.size());
      assertEquals(2, d.connections());
    }
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    try (FakeDaemon d =
            new FakeDaemon(
                dir.resolve("close.sock"),
                (ch, head) -> {
                  FakeDaemon.write(ch, ok(VERSION, "Connection: close\r\n"));
                  Thread.sleep(
                      2000); // keeps its end open: a client that reused it would wait and time out
                });
        HttpDaemonClient c = client(d)) {
      assertEquals("20.10.24", c.version().get("Version"));
      assertEquals("20.10.24", c.version().get("Version"));
      assertEquals(2, d.connections());
    }
  }
}
