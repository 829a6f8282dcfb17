package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A caller's docker-java transport bounds each wait, not the whole export: {@link
 * DockerJavaDaemonClient} cuts an export at {@link DaemonClientOptions#streamDeadline()}, whether
 * the body trickles (every read returns in time) or a read blocks in a transport that has no
 * response timeout at all.
 */
class DockerJavaDeadlineTest {
  private static final DaemonEndpoint EP = DaemonEndpoint.of("unix:///fake/docker.sock", "test");
  private static final DaemonClientOptions OPTIONS =
      new DaemonClientOptions(
          Duration.ofSeconds(3),
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          64L << 20,
          Duration.ofMillis(300),
          64L << 30);

  /** A body that gives one byte every 20 ms, forever. */
  private static final class Trickle extends InputStream {
    @Override
    public int read() throws IOException {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      return 'x';
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      b[off] = (byte) read(); // one byte per call, as a trickling socket answers
      return 1;
    }
  }

  /** A body whose read blocks until the response is closed, then ends as a closed socket does. */
  private static final class Stalled extends InputStream {
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public int read() throws IOException {
      try {
        if (!closed.await(30, TimeUnit.SECONDS)) {
          throw new IOException("the test's own bound: never closed");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      return -1;
    }
  }

  /** Answers /_ping, and the export with {@code body}; records whether the export was closed. */
  private static DockerHttpClient transport(InputStream body, Runnable onClose) {
    return new DockerHttpClient() {
      @Override
      public Response execute(Request request) {
        boolean ping = request.path().endsWith("/_ping");
        return new Response() {
          @Override
          public int getStatusCode() {
            return 200;
          }

          @Override
          public Map<String, List<String>> getHeaders() {
            return ping ? Map.of("Api-Version", List.of("1.41")) : Map.of();
          }

          @Override
          public String getHeader(String name) {
            return ping && name.equalsIgnoreCase("Api-Version") ? "1.41" : null;
          }

          @Override
          public InputStream getBody() {
            return ping ? new ByteArrayInputStream("OK".getBytes(StandardCharsets.US_ASCII)) : body;
          }

          @Override
          public void close() {
            if (!ping) {
              onClose.run();
            }
          }
        };
      }

      @Override
      public void close() {}
    };
  }

  private static final String MESSAGE =
      "unix:///fake/docker.sock: GET /images/get?names=alpine%3A3 did not finish within 300 ms";

  @Test
  void aTricklingExportIsCutAtTheStreamDeadline() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    DockerJavaDaemonClient c =
        DockerJavaDaemonClient.of(transport(new Trickle(), () -> closed.set(true)), EP, OPTIONS);
    long t0 = System.nanoTime();
    DaemonTimeoutException e;
    try (InputStream in = c.exportImages(List.of("alpine:3"))) {
      e = assertThrows(DaemonTimeoutException.class, () -> in.transferTo(OutputSink.INSTANCE));
    }
    assertEquals(MESSAGE, e.getMessage());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "cut near 300 ms");
    assertTrue(closed.get(), "the transport's response is closed");
  }

  @Test
  void aReadBlockedInTheTransportIsUnblockedByClosingTheResponse() throws Exception {
    Stalled body = new Stalled();
    DockerJavaDaemonClient c =
        DockerJavaDaemonClient.of(transport(body, body.closed::countDown), EP, OPTIONS);
    DaemonTimeoutException e;
    try (InputStream in = c.exportImages(List.of("alpine:3"))) {
      // the close ends the stalled read with an end of stream: that is not the end of the body
      e = assertThrows(DaemonTimeoutException.class, () -> in.transferTo(OutputSink.INSTANCE));
    }
    assertEquals(MESSAGE, e.getMessage());
  }

  @Test
  void anExportWithinTheDeadlineIsReadWhole() throws Exception {
    byte[] tar = new byte[10_000];
    DockerJavaDaemonClient c =
        DockerJavaDaemonClient.of(transport(new ByteArrayInputStream(tar), () -> {}), EP, OPTIONS);
    try (InputStream in = c.exportImages(List.of("alpine:3"))) {
      assertEquals(10_000, in.readAllBytes().length);
    }
  }

  private static final class OutputSink extends java.io.OutputStream {
    static final OutputSink INSTANCE = new OutputSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
