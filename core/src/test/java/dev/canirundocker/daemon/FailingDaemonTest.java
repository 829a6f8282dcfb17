package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daemons that misbehave, on real unix sockets: each gives a specific exception, never a hang. */
class FailingDaemonTest {
  private static final DaemonClientOptions ONE_SECOND =
      new DaemonClientOptions(
          Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1 << 20);

  @TempDir Path dir;

  private HttpDaemonClient client(FakeDaemon d) {
    return HttpDaemonClient.create(d.endpoint(), ONE_SECOND);
  }

  @Test
  void silentDaemonTimesOut() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir.resolve("silent.sock"), FakeDaemon.silent())) {
      DaemonTimeoutException e =
          assertThrows(DaemonTimeoutException.class, () -> client(d).version());
      assertEquals(
          d.endpoint().uri() + ": no answer to GET /version within 1000 ms", e.getMessage());
      DaemonStatus s = client(d).status();
      assertFalse(s.reachable());
      assertEquals(
          new DaemonStatus.DaemonError(
              "timeout",
              d.endpoint().uri() + ": no answer to GET /version within 1000 ms",
              DaemonTimeoutException.REMEDIATION),
          s.errorIfAny().orElseThrow());
    }
  }

  @Test
  void silentDaemonTimesOutOnExportToo() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir.resolve("silent.sock"), FakeDaemon.silent())) {
      DaemonTimeoutException e =
          assertThrows(DaemonTimeoutException.class, () -> client(d).exportImages(List.of("x")));
      assertEquals(
          d.endpoint().uri() + ": no answer to GET /images/get?names=x within 1000 ms",
          e.getMessage());
    }
  }

  @Test
  void streamThatStallsTimesOut() throws Exception {
    FakeDaemon.Behaviour stall =
        (ch, head) -> {
          FakeDaemon.write(
              ch,
              "HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
          Thread.sleep(60_000);
        };
    try (FakeDaemon d = new FakeDaemon(dir.resolve("stall.sock"), stall);
        InputStream in = client(d).exportImages(List.of("a/b:c"))) {
      assertEquals("hello", new String(in.readNBytes(5), java.nio.charset.StandardCharsets.UTF_8));
      DaemonTimeoutException e = assertThrows(DaemonTimeoutException.class, in::read);
      assertEquals(
          d.endpoint().uri() + ": no answer to GET /images/get?names=a%2Fb%3Ac within" + " 1000 ms",
          e.getMessage());
    }
  }

  @Test
  void garbageIsAProtocolError() throws Exception {
    try (FakeDaemon d =
        new FakeDaemon(
            dir.resolve("ssh.sock"),
            FakeDaemon.answer("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"),
            false)) {
      DaemonProtocolException e =
          assertThrows(DaemonProtocolException.class, () -> client(d).ping());
      assertEquals(
          d.endpoint().uri()
              + ": bad answer to GET /_ping: not an HTTP response: it"
              + " starts with 'SSH-2.0-OpenSSH_9.2p1 Debian-2'",
          e.getMessage());
      assertEquals("bad-response", client(d).status().errorIfAny().orElseThrow().kind());
    }
  }

  @Test
  void garbageStatusLineIsAProtocolError() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir.resolve("h.sock"), FakeDaemon.answer("HELLO\r\n\r\n"))) {
      DaemonProtocolException e =
          assertThrows(DaemonProtocolException.class, () -> client(d).info());
      assertEquals(
          d.endpoint().uri()
              + ": bad answer to GET /info: not an HTTP response: it"
              + " starts with 'HELLO'",
          e.getMessage());
    }
  }

  @Test
  void notJsonIsAProtocolError() throws Exception {
    try (FakeDaemon d =
        new FakeDaemon(
            dir.resolve("html.sock"),
            FakeDaemon.answer(FakeDaemon.ok("text/html", "<html>nginx</html>")))) {
      DaemonProtocolException e =
          assertThrows(DaemonProtocolException.class, () -> client(d).version());
      assertEquals(
          d.endpoint().uri()
              + ": bad answer to GET /version: unexpected character '<'"
              + " at offset 0",
          e.getMessage());
    }
  }

  @Test
  void closeMidResponseIsAProtocolError() throws Exception {
    try (FakeDaemon d =
        new FakeDaemon(
            dir.resolve("cut.sock"),
            FakeDaemon.answer(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"Ver"))) {
      DaemonProtocolException e =
          assertThrows(DaemonProtocolException.class, () -> client(d).version());
      assertEquals(
          d.endpoint().uri()
              + ": bad answer to GET /version: the connection closed"
              + " after 5 of 100 body bytes",
          e.getMessage());
    }
  }

  @Test
  void closeInsideChunkedBodyIsAProtocolError() throws Exception {
    try (FakeDaemon d =
        new FakeDaemon(
            dir.resolve("cut.sock"),
            FakeDaemon.answer(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"Ver"))) {
      DaemonProtocolException e =
          assertThrows(DaemonProtocolException.class, () -> client(d).version());
      assertEquals(
          d.endpoint().uri()
              + ": bad answer to GET /version: the connection closed"
              + " inside a chunk",
          e.getMessage());
    }
  }

  @Test
  void closeWithoutAnswerIsAProtocolError() throws Exception {
    try (FakeDaemon d = new FakeDaemon(dir.resolve("empty.sock"), FakeDaemon.answer(""), false)) {
      DaemonProtocolException e =
          assertThrows(DaemonProtocolException.class, () -> client(d).ping());
      assertEquals(
          d.endpoint().uri()
              + ": bad answer to GET /_ping: the connection closed"
              + " without an answer",
          e.getMessage());
    }
  }

  @Test
  void bodyOverTheLimitIsAProtocolError() throws Exception {
    String big = "{\"a\":\"" + "x".repeat(2 << 20) + "\"}";
    try (FakeDaemon d =
        new FakeDaemon(
            dir.resolve("big.sock"), FakeDaemon.answer(FakeDaemon.ok("application/json", big)))) {
      DaemonProtocolException e =
          assertThrows(DaemonProtocolException.class, () -> client(d).info());
      assertEquals(
          d.endpoint().uri()
              + ": bad answer to GET /info: response body larger than "
              + (1 << 20)
              + " bytes",
          e.getMessage());
    }
  }

  @Test
  void apiVersionTooOldIsAnApiError() throws Exception {
    String msg =
        "client version 1.12 is too old. Minimum supported API version is 1.24, please"
            + " upgrade your client to a newer version";
    String body = "{\"message\":\"" + msg + "\"}";
    try (FakeDaemon d =
        new FakeDaemon(
            dir.resolve("old.sock"),
            FakeDaemon.answer(
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length()
                    + "\r\n\r\n"
                    + body))) {
      DaemonApiException e = assertThrows(DaemonApiException.class, () -> client(d).version());
      assertEquals(400, e.statusCode());
      assertEquals(msg, e.daemonMessage());
      assertEquals(
          d.endpoint().uri() + ": GET /version failed with HTTP 400: " + msg, e.getMessage());
      DaemonStatus.DaemonError err = client(d).status().errorIfAny().orElseThrow();
      assertEquals("api-error", err.kind());
      assertEquals(
          "The daemon no longer supports this API version: upgrade the client or use"
              + " unversioned requests.",
          err.remediation());
    }
  }

  @Test
  void missingImageIsImageNotFound() throws Exception {
    String body = "{\"message\":\"No such image: nope:1\"}";
    try (FakeDaemon d =
        new FakeDaemon(
            dir.resolve("404.sock"),
            FakeDaemon.answer(
                "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length()
                    + "\r\n\r\n"
                    + body))) {
      ImageNotFoundException e =
          assertThrows(ImageNotFoundException.class, () -> client(d).inspectImage("nope:1"));
      assertEquals(
          "image 'nope:1' not found in the daemon at " + d.endpoint().uri(), e.getMessage());
      assertEquals("No such image: nope:1", e.daemonMessage());
      assertEquals("nope:1", e.image());
      // versioned at the API the ping negotiated: min(1.51, 1.41)
      assertEquals(
          "GET /v1.41/images/nope:1/json HTTP/1.1",
          d.requests.get(0).lines().findFirst().orElseThrow());
    }
  }

  @Test
  void chunkedAnswerIsDecoded() throws Exception {
    String v =
        "{\"Version\":\"99.0.1\",\"ApiVersion\":\"1.52\",\"MinAPIVersion\":\"1.24\","
            + "\"Os\":\"linux\",\"Arch\":\"arm64\"}";
    String i =
        "{\"OSType\":\"linux\",\"Architecture\":\"aarch64\",\"NCPU\":4,\"MemTotal\":1024,"
            + "\"SecurityOptions\":[\"name=seccomp,profile=builtin\",\"name=rootless\"],"
            + "\"CgroupVersion\":\"2\",\"Warnings\":null}";
    FakeDaemon.Behaviour b =
        (ch, head) -> {
          String body = head.startsWith("GET /version ") ? v : i;
          String half1 = body.substring(0, 10);
          String half2 = body.substring(10);
          FakeDaemon.write(
              ch,
              "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + Integer.toHexString(half1.length())
                  + ";ext=1\r\n"
                  + half1
                  + "\r\n"
                  + Integer.toHexString(half2.length())
                  + "\r\n"
                  + half2
                  + "\r\n0\r\nX-Trailer: y\r\n\r\n");
        };
    try (FakeDaemon d = new FakeDaemon(dir.resolve("chunked.sock"), b)) {
      DaemonStatus.Reachable s = (DaemonStatus.Reachable) client(d).status();
      assertEquals(
          Map.of(
              "reachable",
              true,
              "endpoint",
              d.endpoint().uri(),
              "version",
              "99.0.1",
              "os",
              "linux",
              "arch",
              "arm64"),
          Map.of(
              "reachable",
              s.reachable(),
              "endpoint",
              s.endpoint().uri(),
              "version",
              s.version(),
              "os",
              s.os(),
              "arch",
              s.arch()));
      assertTrue(s.rootless());
      assertEquals(4, s.ncpu());
      assertEquals("2", s.cgroupVersion());
      assertTrue(s.errorIfAny().isEmpty());
    }
  }

  @Test
  void noSocketIsUnreachable() {
    DaemonEndpoint ep = DaemonEndpoint.unix(dir.resolve("none.sock"), "default socket");
    DaemonUnreachableException e =
        assertThrows(
            DaemonUnreachableException.class, () -> HttpDaemonClient.create(ep, ONE_SECOND).ping());
    assertEquals(
        "cannot connect to " + ep.uri() + ": no such socket (default socket)", e.getMessage());
    DaemonStatus s = HttpDaemonClient.create(ep, ONE_SECOND).status();
    assertEquals(
        Map.of(
            "reachable",
            false,
            "endpoint",
            ep.uri(),
            "endpointSource",
            "default socket",
            "transport",
            "unix",
            "error",
            Map.of(
                "kind",
                "unreachable",
                "message",
                e.getMessage(),
                "remediation",
                DaemonUnreachableException.REMEDIATION)),
        Map.copyOf(withoutNulls(s.toJson())));
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> m) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          if (v != null) {
            out.put(k, v);
          }
        });
    return out;
  }

  @Test
  void staleSocketIsConnectionRefused() throws IOException {
    Path sock = dir.resolve("stale.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(sock));
    } // the file stays, nobody listens: what a crashed dockerd leaves behind
    DaemonEndpoint ep = DaemonEndpoint.unix(sock, "default socket");
    DaemonUnreachableException e =
        assertThrows(
            DaemonUnreachableException.class,
            () -> HttpDaemonClient.create(ep, ONE_SECOND).version());
    assertEquals(
        "cannot connect to " + ep.uri() + ": connection refused (is the daemon running?)",
        e.getMessage());
  }

  @Test
  void unsupportedSchemeIsUnreachable() {
    // the docker CLI's fd:// is a systemd socket-activation address for dockerd, not a client's
    DaemonEndpoint ep = DaemonEndpoint.of("fd://", "DOCKER_HOST");
    DaemonUnreachableException e =
        assertThrows(
            DaemonUnreachableException.class, () -> HttpDaemonClient.create(ep, ONE_SECOND).ping());
    assertEquals(
        "cannot connect to fd://: 'fd' endpoints are not supported by this client; use a"
            + " unix://, tcp://, npipe:// or ssh:// endpoint",
        e.getMessage());
  }

  @Test
  void tcpConnectionRefusedIsUnreachable() throws IOException {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DaemonEndpoint ep = DaemonEndpoint.of("tcp://127.0.0.1:" + port, "DOCKER_HOST");
    DaemonUnreachableException e =
        assertThrows(
            DaemonUnreachableException.class, () -> HttpDaemonClient.create(ep, ONE_SECOND).ping());
    assertEquals(
        "cannot connect to tcp://127.0.0.1:"
            + port
            + ": connection refused (is the daemon running?)",
        e.getMessage());
  }

  @Test
  void tcpSilentDaemonTimesOut() throws Exception {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try {
                  java.net.Socket c = s.accept(); // held open, never answered
                  Thread.sleep(60_000);
                  c.close();
                } catch (IOException | InterruptedException e) {
                  // test over
                }
              });
      t.setDaemon(true);
      t.start();
      DaemonEndpoint ep = DaemonEndpoint.of("tcp://127.0.0.1:" + s.getLocalPort(), "flag");
      DaemonTimeoutException e =
          assertThrows(
              DaemonTimeoutException.class, () -> HttpDaemonClient.create(ep, ONE_SECOND).info());
      assertEquals(ep.uri() + ": no answer to GET /info within 1000 ms", e.getMessage());
    }
  }
}
