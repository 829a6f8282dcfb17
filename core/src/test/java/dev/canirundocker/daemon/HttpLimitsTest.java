package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP layer's limits (issue 16): interim responses, chunk sizes, the overall deadline of a
 * stream, the byte cap of a stream, and ports out of range; on real unix sockets where a daemon is
 * involved, each with its whole message and a time bound.
 */
class HttpLimitsTest {
  private static final DaemonClientOptions ONE_SECOND =
      new DaemonClientOptions(
          Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1 << 20);

  @TempDir Path dir;

  private static DaemonHttp.Response parse(String raw) throws Exception {
    return DaemonHttp.readResponse(
        new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), false);
  }

  private static String body(DaemonHttp.Response r) throws Exception {
    return new String(DaemonHttp.readAll(r.body(), 1 << 20), StandardCharsets.ISO_8859_1);
  }

  @Test
  void interimResponsesAreSkipped() throws Exception {
    DaemonHttp.Response r =
        parse(
            "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK");
    assertEquals(200, r.status());
    assertEquals("OK", body(r));
    assertEquals(null, r.header("link"));
  }

  @Test
  void tooManyInterimResponsesAndA101AreProtocolErrors() {
    String many = "HTTP/1.1 100 Continue\r\n\r\n".repeat(17) + "HTTP/1.1 200 OK\r\n\r\n";
    assertEquals(
        "more than 16 interim 1xx responses",
        assertThrows(DaemonHttp.MalformedResponse.class, () -> parse(many)).getMessage());
    assertEquals(
        "unexpected 101 Switching Protocols",
        assertThrows(
                DaemonHttp.MalformedResponse.class,
                () -> parse("HTTP/1.1 101 Switching Protocols\r\nUpgrade: tcp\r\n\r\n"))
            .getMessage());
    assertEquals(
        "the connection closed after an interim response",
        assertThrows(
                DaemonHttp.MalformedResponse.class, () -> parse("HTTP/1.1 100 Continue\r\n\r\n"))
            .getMessage());
  }

  @Test
  void chunkSizesMustBeHexDigitsWithinTheLimit() throws Exception {
    String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    assertEquals("hello", body(parse(head + "0005\r\nhello\r\n0\r\n\r\n")));
    for (String bad : List.of("-5", "+5", "0x5", " ", "5 5")) {
      DaemonHttp.Response r = parse(head + bad + "\r\nhello\r\n0\r\n\r\n");
      assertEquals(
          "invalid chunk size '" + bad + "'",
          assertThrows(DaemonHttp.MalformedResponse.class, () -> body(r)).getMessage(),
          bad);
    }
    DaemonHttp.Response big = parse(head + "40000001\r\nx");
    assertEquals(
        "invalid chunk size '40000001' (larger than 1073741824 bytes)",
        assertThrows(DaemonHttp.MalformedResponse.class, () -> body(big)).getMessage());
    DaemonHttp.Response huge = parse(head + "ffffffffffffffffff\r\nx");
    assertEquals(
        "invalid chunk size 'ffffffffffffffffff' (larger than 1073741824 bytes)",
        assertThrows(DaemonHttp.MalformedResponse.class, () -> body(huge)).getMessage());
  }

  @Test
  void contentLengthMustBeDigits() {
    for (String bad : List.of("+5", "-1", "5, 6", "1e3", "99999999999999999999")) {
      assertEquals(
          "invalid Content-Length '" + bad + "'",
          assertThrows(
                  DaemonHttp.MalformedResponse.class,
                  () -> parse("HTTP/1.1 200 OK\r\nContent-Length: " + bad + "\r\n\r\nhello"))
              .getMessage(),
          bad);
    }
  }

  @Test
  void aDaemonThatSendsContinueFirstIsAnswered() throws Exception {
    String v = "{\"Version\":\"20.10.24\"}";
    try (FakeDaemon d =
        new FakeDaemon(
            dir.resolve("c.sock"),
            FakeDaemon.answer(
                "HTTP/1.1 100 Continue\r\n\r\n" + FakeDaemon.ok("application/json", v)))) {
      assertEquals(
          Map.of("Version", "20.10.24"),
          HttpDaemonClient.create(d.endpoint(), ONE_SECOND).version());
    }
  }

  @Test
  void aNegativeChunkSizeIsAProtocolErrorNamingTheEndpoint() throws Exception {
    try (FakeDaemon d =
        new FakeDaemon(
            dir.resolve("neg.sock"),
            FakeDaemon.answer(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-10\r\n{}\r\n0\r\n\r\n"))) {
      DaemonProtocolException e =
          assertThrows(
              DaemonProtocolException.class,
              () -> HttpDaemonClient.create(d.endpoint(), ONE_SECOND).info());
      assertEquals(
          d.endpoint().uri() + ": bad answer to GET /info: invalid chunk size '-10'",
          e.getMessage().replace("/v1.41/", "/"));
    }
  }

  /** An export that sends a byte every {@code gapMs}: never idle for long, but never done. */
  private void cutAtTheDeadline(String sock, int gapMs, DaemonClientOptions o, long deadlineMs)
      throws Exception {
    FakeDaemon.Behaviour trickle =
        (ch, head) -> {
          FakeDaemon.write(
              ch,
              "HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\n"
                  + "Connection: close\r\n\r\n");
          while (true) {
            FakeDaemon.write(ch, "x");
            Thread.sleep(gapMs);
          }
        };
    try (FakeDaemon d = new FakeDaemon(dir.resolve(sock), trickle)) {
      long t0 = System.nanoTime();
      DaemonTimeoutException e;
      try (InputStream in = HttpDaemonClient.create(d.endpoint(), o).exportImages(List.of("x"))) {
        e = assertThrows(DaemonTimeoutException.class, in::readAllBytes);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(
          d.endpoint().uri()
              + ": GET /images/get?names=x did not finish within "
              + deadlineMs
              + " ms",
          e.getMessage().replace("/v1.41/", "/"));
      assertTrue(ms >= deadlineMs - 100 && ms < deadlineMs + 3000, ms + " ms");
    }
  }

  /** A byte every 100 ms: never idle for a second, cut at the stream deadline. */
  @Test
  void aTricklingExportIsCutAtTheStreamDeadline() throws Exception {
    cutAtTheDeadline(
        "trickle.sock", 100, ONE_SECOND.withStreamLimits(Duration.ofMillis(1500), 1 << 30), 1500);
  }

  /**
   * A byte every 10 ms under {@code --timeout 0.15}: never idle for 150 ms, so only the deadline
   * derived from the timeout (60 times it, 9 s) cuts it, not the 10-minute default.
   */
  @Test
  void aTricklingExportIsCutAtSixtyTimesTheTimeout() throws Exception {
    DaemonClientOptions o = DaemonClientOptions.defaults().withTimeout(Duration.ofMillis(150));
    assertEquals(Duration.ofSeconds(9), o.streamDeadline());
    cutAtTheDeadline("trickle60.sock", 10, o, 9000);
  }

  /** An export that never ends, as fast as the socket takes it. */
  @Test
  void anEndlessExportIsCutAtTheByteCap() throws Exception {
    FakeDaemon.Behaviour endless =
        (ch, head) -> {
          FakeDaemon.write(ch, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
          String chunk = "8000\r\n" + "\0".repeat(0x8000) + "\r\n";
          while (true) {
            FakeDaemon.write(ch, chunk);
          }
        };
    DaemonClientOptions o = ONE_SECOND.withStreamLimits(Duration.ofSeconds(20), 1 << 20);
    try (FakeDaemon d = new FakeDaemon(dir.resolve("endless.sock"), endless)) {
      DaemonProtocolException e;
      try (InputStream in = HttpDaemonClient.create(d.endpoint(), o).exportImages(List.of("x"))) {
        e =
            assertThrows(
                DaemonProtocolException.class,
                () -> in.transferTo(java.io.OutputStream.nullOutputStream()));
      }
      assertEquals(
          d.endpoint().uri()
              + ": bad answer to GET /images/get?names=x: the stream is"
              + " longer than 1048576 bytes",
          e.getMessage().replace("/v1.41/", "/"));
    }
  }

  @Test
  void aPortOutOfRangeNamesTheHostAndWhereItCameFrom() {
    DaemonEndpoints d =
        new DaemonEndpoints(
            Map.of("DOCKER_HOST", "tcp://localhost:65536"), dir, dir, -1, false, p -> false);
    assertEquals(
        "invalid docker host 'tcp://localhost:65536' (DOCKER_HOST): port 65536 out of"
            + " range 1-65535",
        assertThrows(DaemonEndpointException.class, () -> d.resolve(null)).getMessage());
    assertEquals(
        "invalid docker host 'tcp://10.0.0.1:99999999999' (flag): port 99999999999 out"
            + " of range 1-65535",
        assertThrows(DaemonEndpointException.class, () -> d.resolve("tcp://10.0.0.1:99999999999"))
            .getMessage());
    assertEquals(
        "invalid docker host 'ssh://me@host:0' (flag): port 0 out of range 1-65535",
        assertThrows(DaemonEndpointException.class, () -> d.resolve("ssh://me@host:0"))
            .getMessage());
    assertEquals(
        "invalid docker host 'ssh://me@host:70000' (flag): port 70000 out of range" + " 1-65535",
        assertThrows(DaemonEndpointException.class, () -> d.resolve("ssh://me@host:70000"))
            .getMessage());
  }
}
