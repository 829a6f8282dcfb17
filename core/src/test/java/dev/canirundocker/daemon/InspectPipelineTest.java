package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HttpDaemonClient#inspectImages} against fake daemons on real unix sockets that pipeline as
 * Go's net/http does (requests read one after the other, answers in order) and then misbehave: each
 * name gets what its own {@code inspectImage} would, and nothing waits past the read timeout.
 */
class InspectPipelineTest {
  private static final DaemonClientOptions ONE_SECOND =
      new DaemonClientOptions(
          Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1 << 20);

  @TempDir Path dir;

  /** What a fake answers to request {@code n} (from 0) on a connection, asking for {@code name}. */
  interface Answers {
    /** The raw answer; null: stop answering on this connection and close it. */
    String answer(int connection, int n, String name) throws InterruptedException;
  }

  /**
   * A behaviour that reads requests one after the other as Go's server does and answers each with
   * {@code a}. It notes, for each connection, how many further requests were already waiting when
   * the first one was read (a client that pipelines has sent them; one that does not, none).
   */
  static final class Pipelining implements FakeDaemon.Behaviour {
    private final Answers a;
    private final AtomicInteger connections = new AtomicInteger();
    final ConcurrentLinkedQueue<Integer> waitingBehindFirst = new ConcurrentLinkedQueue<>();

    Pipelining(Answers a) {
      this.a = a;
    }

    @Override
    public void handle(SocketChannel ch, String firstHead)
        throws IOException, InterruptedException {
      int conn = connections.getAndIncrement();
      Heads heads = new Heads(ch);
      Thread.sleep(50); // time for a pipelining client's further requests to arrive
      waitingBehindFirst.add(heads.waiting());
      String head = firstHead;
      for (int n = 0; head != null; n++) {
        String answer = a.answer(conn, n, name(head));
        if (answer == null) {
          return;
        }
        FakeDaemon.write(ch, answer);
        head = heads.next();
      }
    }

    /** The image name of {@code GET /v1.41/images/NAME/json HTTP/1.1}. */
    static String name(String head) {
      String path = head.substring(4, head.indexOf(' ', 4));
      return path.substring(path.indexOf("/images/") + 8, path.length() - "/json".length());
    }
  }

  /** Request heads read from a connection, with what was read past the current one kept. */
  static final class Heads {
    private final SocketChannel ch;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    Heads(SocketChannel ch) {
      this.ch = ch;
    }

    /** How many complete request heads have arrived and not been read yet. */
    int waiting() throws IOException {
      ch.configureBlocking(false);
      try {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        while (ch.read(b) > 0) {
          pending.write(b.array(), 0, b.position());
          b.clear();
        }
      } finally {
        ch.configureBlocking(true);
      }
      return pending.toString(StandardCharsets.ISO_8859_1).split("\r\n\r\n", -1).length - 1;
    }

    /** Drops whatever has arrived and not been read. */
    void drop() throws IOException {
      waiting();
      pending.reset();
    }

    /** The next request head; null when the client closed. */
    String next() throws IOException {
      while (true) {
        String s = pending.toString(StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        if (end >= 0) {
          pending.reset();
          pending.write(s.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1));
          return s.substring(0, end + 4);
        }
        ByteBuffer b = ByteBuffer.allocate(4096);
        int n = ch.read(b);
        if (n < 0) {
          return null;
        }
        pending.write(b.array(), 0, n);
      }
    }
  }

  static String id(int i) {
    return "sha256:" + HexFormat.of().toHexDigits((long) i) + "0".repeat(48);
  }

  static List<String> ids(int n) {
    List<String> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(id(i));
    }
    return l;
  }

  static String image(String name) {
    return KeepAliveTest.ok(
        "{\"Id\":\"" + name + "\",\"RepoTags\":[],\"Os\":\"linux\",\"Architecture\":\"amd64\"}",
        "");
  }

  static String notFound(String name) {
    String body = "{\"message\":\"No such image: " + name + "\"}";
    return "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  private HttpDaemonClient client(FakeDaemon d) {
    return HttpDaemonClient.create(d.endpoint(), ONE_SECOND);
  }

  /** Every name but those at {@code except} answered with the image it names. */
  private static void assertAnswered(List<String> names, List<ImageInspection> got, int... except)
      throws DaemonException {
    assertEquals(names.size(), got.size());
    java.util.Set<Integer> skip = new java.util.HashSet<>();
    for (int e : except) {
      skip.add(e);
    }
    for (int i = 0; i < names.size(); i++) {
      if (!skip.contains(i)) {
        assertEquals(names.get(i), got.get(i).name());
        assertEquals(names.get(i), got.get(i).get().id(), String.valueOf(got.get(i).error()));
      }
    }
  }

  private static List<ImageInspection> inspect(HttpDaemonClient c, List<String> names) {
    return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> c.inspectImages(names, r -> {}));
  }

  @Test
  void answersComeBackInOrderPipelinedOverAFewConnections() throws Exception {
    Pipelining p = new Pipelining((conn, n, name) -> image(name));
    List<String> names = ids(300);
    List<String> seen = new ArrayList<>();
    try (FakeDaemon d = new FakeDaemon(dir.resolve("p.sock"), p);
        HttpDaemonClient c = client(d)) {
      List<ImageInspection> got =
          assertTimeoutPreemptively(
              Duration.ofSeconds(20),
              () ->
                  c.inspectImages(
                      names,
                      r -> {
                        synchronized (seen) {
                          seen.add(r.name());
                        }
                      }));
      assertAnswered(names, got);
      assertEquals(names.size(), seen.size());
      assertEquals(new java.util.HashSet<>(names), new java.util.HashSet<>(seen));
      // one connection per lane (and the ping's): the requests went out pipelined, not one by one
      int lanes = InspectPipeline.maxLanes(d.endpoint());
      assertEquals(lanes + 1, d.connections());
      // and at most a window of them at once
      for (int w : p.waitingBehindFirst) {
        assertTrue(w >= 1 && w < InspectPipeline.WINDOW, "requests waiting behind the first: " + w);
      }
    }
  }

  @Test
  void aMissingImageFailsAloneAndItsConnectionGoesOn() throws Exception {
    List<String> names = ids(40);
    String missing = names.get(17);
    Pipelining p =
        new Pipelining((conn, n, name) -> name.equals(missing) ? notFound(name) : image(name));
    try (FakeDaemon d = new FakeDaemon(dir.resolve("nf.sock"), p);
        HttpDaemonClient c = client(d)) {
      List<ImageInspection> got = inspect(c, names);
      assertAnswered(names, got, 17);
      ImageNotFoundException e =
          assertInstanceOf(ImageNotFoundException.class, got.get(17).error());
      assertEquals(
          "image '" + missing + "' not found in the daemon at " + d.endpoint().uri(),
          e.getMessage());
      assertEquals("No such image: " + missing, e.daemonMessage());
      assertThrows(ImageNotFoundException.class, got.get(17)::get);
      assertEquals(Math.min(3, InspectPipeline.maxLanes(d.endpoint())) + 1, d.connections());
    }
  }

  @Test
  void aDaemonThatClosesAfterAFewAnswersIsAskedTheRestOnNewConnections() throws Exception {
    // closes each connection after five answers without saying so, as an idle timeout would
    Pipelining p = new Pipelining((conn, n, name) -> n < 5 ? image(name) : null);
    List<String> names = ids(60);
    try (FakeDaemon d = new FakeDaemon(dir.resolve("close.sock"), p);
        HttpDaemonClient c = client(d)) {
      List<ImageInspection> got = inspect(c, names);
      assertAnswered(names, got);
      assertEquals(60 / 5 + 1, d.connections());
    }
  }

  @Test
  void connectionCloseSendsTheRestOnANewConnection() throws Exception {
    Pipelining p =
        new Pipelining(
            (conn, n, name) -> {
              if (n == 2) {
                return image(name).replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
              }
              if (n > 2) {
                Thread.sleep(3000); // keeps its end open: a client that went on would time out
                return null;
              }
              return image(name);
            });
    List<String> names = ids(30);
    try (FakeDaemon d = new FakeDaemon(dir.resolve("cc.sock"), p);
        HttpDaemonClient c = client(d)) {
      List<ImageInspection> got = inspect(c, names);
      assertAnswered(names, got);
      assertEquals(30 / 3 + 1, d.connections());
    }
  }

  @Test
  void aDaemonThatStopsAnsweringFailsTheRestWithTheTimeout() throws Exception {
    AtomicInteger answers = new AtomicInteger();
    Pipelining p =
        new Pipelining(
            (conn, n, name) -> {
              if (answers.getAndIncrement() < 3) {
                return image(name);
              }
              Thread.sleep(60_000);
              return null;
            });
    List<String> names = ids(10); // one lane
    try (FakeDaemon d = new FakeDaemon(dir.resolve("stall.sock"), p);
        HttpDaemonClient c = client(d)) {
      List<ImageInspection> got = inspect(c, names);
      assertAnswered(names, got, 3, 4, 5, 6, 7, 8, 9);
      for (int i = 3; i < names.size(); i++) {
        DaemonTimeoutException e =
            assertInstanceOf(DaemonTimeoutException.class, got.get(i).error());
        assertEquals(
            d.endpoint().uri()
                + ": no answer to GET /images/"
                + names.get(i)
                + "/json within 1000 ms",
            e.getMessage());
      }
      // the ping's, the pipelined one, the one that asked the rest one at a time: two timeouts
      assertEquals(3, d.connections());
    }
  }

  @Test
  void aServerThatDoesNotPipelineIsAskedOneAtATime() throws Exception {
    // reads a buffer, answers its first request and drops the rest of it, as a server without
    // pipelining does; requests that come one at a time it answers on the same connection
    FakeDaemon.Behaviour oneAtATime =
        (ch, head) -> {
          Heads heads = new Heads(ch);
          String h = head;
          while (h != null) {
            Thread.sleep(20); // what came with it has arrived
            heads.drop();
            FakeDaemon.write(ch, image(Pipelining.name(h)));
            h = heads.next();
          }
        };
    List<String> names = ids(10); // one lane
    try (FakeDaemon d = new FakeDaemon(dir.resolve("seq.sock"), oneAtATime);
        HttpDaemonClient c = client(d)) {
      List<ImageInspection> got = inspect(c, names);
      assertAnswered(names, got);
      // the ping's, the pipelined one that timed out, the one asked one at a time
      assertEquals(3, d.connections());
    }
    // with the default read timeout of 10 s: the pipelined connection is given up after the stall
    // wait, not the read timeout
    try (FakeDaemon d = new FakeDaemon(dir.resolve("seq10.sock"), oneAtATime);
        HttpDaemonClient c = HttpDaemonClient.create(d.endpoint())) {
      List<ImageInspection> got =
          assertTimeoutPreemptively(
              Duration.ofMillis(InspectPipeline.STALL_MILLIS + 5000),
              () -> c.inspectImages(names, r -> {}));
      assertAnswered(names, got);
    }
  }

  @Test
  void garbageFailsThatAnswerAndTheRestAreAskedAgain() throws Exception {
    Pipelining p =
        new Pipelining((conn, n, name) -> conn == 0 && n == 4 ? "garbage\r\n\r\n" : image(name));
    List<String> names = ids(12); // one lane
    try (FakeDaemon d = new FakeDaemon(dir.resolve("garbage.sock"), p);
        HttpDaemonClient c = client(d)) {
      List<ImageInspection> got = inspect(c, names);
      assertAnswered(names, got, 4);
      DaemonProtocolException e =
          assertInstanceOf(DaemonProtocolException.class, got.get(4).error());
      assertEquals(
          d.endpoint().uri()
              + ": bad answer to GET /images/"
              + names.get(4)
              + "/json: not an HTTP response: it starts with 'garbage'",
          e.getMessage());
      assertEquals(3, d.connections());
    }
  }

  @Test
  void anAnswerOverTheLimitFailsThatNameOnly() throws Exception {
    List<String> names = ids(8);
    String big = names.get(2);
    Pipelining p =
        new Pipelining(
            (conn, n, name) ->
                name.equals(big)
                    ? KeepAliveTest.ok(
                        "{\"Id\":\"" + name + "\",\"Comment\":\"" + "x".repeat(4096) + "\"}", "")
                    : image(name));
    try (FakeDaemon d = new FakeDaemon(dir.resolve("big.sock"), p);
        HttpDaemonClient c =
            HttpDaemonClient.create(
                d.endpoint(),
                new DaemonClientOptions(
                    Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1024))) {
      List<ImageInspection> got = inspect(c, names);
      assertAnswered(names, got, 2);
      DaemonProtocolException e =
          assertInstanceOf(DaemonProtocolException.class, got.get(2).error());
      assertEquals(
          d.endpoint().uri()
              + ": bad answer to GET /images/"
              + big
              + "/json: response body larger than 1024 bytes",
          e.getMessage());
    }
  }

  @Test
  void aJsonErrorFailsThatNameAndTheConnectionGoesOn() throws Exception {
    List<String> names = ids(6);
    Pipelining p =
        new Pipelining((conn, n, name) -> n == 1 ? KeepAliveTest.ok("{\"Id\":", "") : image(name));
    try (FakeDaemon d = new FakeDaemon(dir.resolve("json.sock"), p);
        HttpDaemonClient c = client(d)) {
      List<ImageInspection> got = inspect(c, names);
      DaemonProtocolException e =
          assertInstanceOf(DaemonProtocolException.class, got.get(1).error());
      assertEquals(
          d.endpoint().uri()
              + ": bad answer to GET /images/"
              + names.get(1)
              + "/json: unexpected end of input at offset 6",
          e.getMessage());
      assertAnswered(names, got, 1);
      assertEquals(2, d.connections());
    }
  }

  @Test
  void noDaemonFailsEveryNameWithWhyItCannotConnect() throws Exception {
    DaemonEndpoint nowhere = DaemonEndpoint.unix(dir.resolve("absent.sock"), "test");
    try (HttpDaemonClient c = HttpDaemonClient.create(nowhere, ONE_SECOND)) {
      List<ImageInspection> got = inspect(c, ids(50));
      assertEquals(50, got.size());
      for (ImageInspection r : got) {
        assertInstanceOf(DaemonUnreachableException.class, r.error());
      }
    }
  }

  @Test
  void aCallbackThatThrowsStopsTheCallAndNoLaneOutlivesIt() throws Exception {
    Pipelining p = new Pipelining((conn, n, name) -> image(name));
    try (FakeDaemon d = new FakeDaemon(dir.resolve("throw.sock"), p);
        HttpDaemonClient c = client(d)) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  assertTimeoutPreemptively(
                      Duration.ofSeconds(20),
                      () ->
                          c.inspectImages(
                              ids(100),
                              r -> {
                                throw new IllegalStateException("progress failed");
                              })));
      assertEquals("progress failed", e.getMessage());
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        assertTrue(!t.getName().startsWith("cird-inspect-") || !t.isAlive(), t.getName());
      }
    }
  }

  @Test
  void aBadNameIsRefusedBeforeAnythingIsSent() throws Exception {
    Pipelining p = new Pipelining((conn, n, name) -> image(name));
    try (FakeDaemon d = new FakeDaemon(dir.resolve("bad.sock"), p);
        HttpDaemonClient c = client(d)) {
      List<String> names = List.of(id(1), "Not A Name");
      assertThrows(InvalidImageReferenceException.class, () -> c.inspectImages(names, r -> {}));
      assertEquals(0, d.connections());
      assertEquals(List.of(), c.inspectImages(List.of(), r -> {}));
    }
  }

  @Test
  void theDefaultAsksOneAfterTheOther() {
    List<String> asked = new ArrayList<>();
    DaemonClient one =
        new DaemonClient() {
          @Override
          public DaemonEndpoint endpoint() {
            return DaemonEndpoint.of("unix:///nowhere", "test");
          }

          @Override
          public DaemonPing ping() {
            throw new UnsupportedOperationException();
          }

          @Override
          public java.util.Map<String, Object> version() {
            throw new UnsupportedOperationException();
          }

          @Override
          public java.util.Map<String, Object> info() {
            throw new UnsupportedOperationException();
          }

          @Override
          public List<DaemonImageSummary> images() {
            throw new UnsupportedOperationException();
          }

          @Override
          public DaemonImage inspectImage(String name) throws DaemonException {
            asked.add(name);
            if (name.equals("absent")) {
              throw new ImageNotFoundException(name, "unix:///nowhere", "No such image: absent");
            }
            return DaemonImage.parse("{\"Id\":\"" + id(7) + "\"}");
          }

          @Override
          public java.io.InputStream exportImages(List<String> names) {
            throw new UnsupportedOperationException();
          }
        };
    List<String> each = new ArrayList<>();
    List<ImageInspection> got =
        one.inspectImages(List.of("alpine", "absent", "busybox"), r -> each.add(r.name()));
    assertEquals(List.of("alpine", "absent", "busybox"), asked);
    assertEquals(asked, each);
    assertEquals(id(7), got.get(0).image().id());
    assertInstanceOf(ImageNotFoundException.class, got.get(1).error());
    assertThrows(
        InvalidImageReferenceException.class, () -> one.inspectImages(List.of("A B"), r -> {}));
  }

  @Test
  void anInspectionHasAnImageOrAnErrorNotBoth() {
    DaemonImage img = DaemonImage.parse("{\"Id\":\"" + id(1) + "\"}");
    DaemonException e = new DaemonUnreachableException("down", null, null);
    assertThrows(IllegalArgumentException.class, () -> new ImageInspection("x", img, e));
    assertThrows(IllegalArgumentException.class, () -> new ImageInspection("x", null, null));
    assertEquals(img, ImageInspection.of("x", img).image());
    assertEquals(e, ImageInspection.failed("x", e).error());
  }
}
