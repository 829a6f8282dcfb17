package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npipe transport on Linux, where no Windows pipe can be opened: the endpoint's pipe path, and
 * the shared HTTP layer over a FIFO pair standing in for the pipe (a Windows named pipe is a duplex
 * byte stream opened as a file; two FIFOs make one here).
 */
class NamedPipeTransportTest {
  private static final DaemonClientOptions ONE_SECOND =
      new DaemonClientOptions(
          Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1 << 20);

  @TempDir Path dir;

  @Test
  void pipePathsAreWindowsPaths() throws Exception {
    assertEquals(
        "\\\\.\\pipe\\docker_engine",
        DaemonEndpoint.of("npipe:////./pipe/docker_engine", "t").namedPipe());
    assertEquals(
        "\\\\.\\pipe\\dockerDesktopLinuxEngine",
        DaemonEndpoint.of("npipe:////./pipe/dockerDesktopLinuxEngine", "t").namedPipe());
    assertEquals(
        "\\\\build-host\\pipe\\docker_engine",
        DaemonEndpoint.of("npipe:////build-host/pipe/docker_engine", "t").namedPipe());
    assertEquals("npipe", DaemonEndpoint.of("npipe:////./pipe/docker_engine", "t").transport());
    DaemonEndpointException e =
        assertThrows(
            DaemonEndpointException.class,
            () -> DaemonEndpoint.of("npipe:///./pipe/docker_engine", "t").namedPipe());
    assertEquals(
        "endpoint 'npipe:///./pipe/docker_engine': not a named pipe path (expected"
            + " npipe:////./pipe/NAME)",
        e.getMessage());
  }

  @Test
  void aContextsPipeIsDialledAsIs() throws Exception {
    DaemonEndpoints d =
        new DaemonEndpoints(
            java.util.Map.of("DOCKER_HOST", "npipe:////./pipe/podman-machine-default"),
            dir,
            dir,
            -1,
            true,
            p -> false);
    assertEquals("\\\\.\\pipe\\podman-machine-default", d.resolve(null).namedPipe());
    DaemonEndpointException e =
        assertThrows(
            DaemonEndpointException.class,
            () ->
                new DaemonEndpoints(
                        java.util.Map.of("DOCKER_HOST", "npipe://pipe"),
                        dir,
                        dir,
                        -1,
                        true,
                        p -> false)
                    .resolve(null));
    assertEquals(
        "invalid docker host 'npipe://pipe' (DOCKER_HOST): not a named pipe path"
            + " (expected npipe:////./pipe/NAME)",
        e.getMessage());
  }

  /** A "daemon" on the far side of a FIFO pair: answers each request with the next response. */
  private static final class PipeServer implements AutoCloseable {
    final List<String> requests = new ArrayList<>();
    final Thread thread;

    PipeServer(Path toServer, Path toClient, List<String> responses) {
      thread =
          new Thread(
              () -> {
                try (InputStream in = new FileInputStream(toServer.toFile());
                    OutputStream out = new FileOutputStream(toClient.toFile())) {
                  for (String r : responses) {
                    String head = readHead(in);
                    if (head.isEmpty()) {
                      return;
                    }
                    synchronized (requests) {
                      requests.add(head);
                    }
                    out.write(r.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                  }
                } catch (IOException e) {
                  // the client went away
                }
              },
              "pipe-server");
      thread.setDaemon(true);
      thread.start();
    }

    static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          break;
        }
        b.write(c);
      }
      return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws InterruptedException {
      thread.join(2000);
    }
  }

  private static void mkfifo(Path p) throws Exception {
    Process pr = new ProcessBuilder("mkfifo", p.toString()).start();
    assertTrue(pr.waitFor(5, TimeUnit.SECONDS) && pr.exitValue() == 0, "mkfifo " + p);
  }

  @Test
  void httpOverThePipeIsTheSharedLayer() throws Exception {
    Path toServer = dir.resolve("c2s");
    Path toClient = dir.resolve("s2c");
    mkfifo(toServer);
    mkfifo(toClient);
    String version =
        "{\"Version\":\"28.3.0\",\"ApiVersion\":\"1.51\",\"MinAPIVersion\":\"1.24\","
            + "\"Os\":\"linux\",\"Arch\":\"amd64\"}";
    List<String> responses =
        List.of(
            "HTTP/1.1 200 OK\r\nApi-Version: 1.51\r\nOstype: linux\r\nContent-Length: 2\r\n\r\nOK",
            FakeDaemon.ok("application/json", version));
    List<String> opened = new ArrayList<>();
    NamedPipeConnection.Opener fifo = fifo(toServer, toClient, opened);
    DaemonEndpoint ep = DaemonEndpoint.of("npipe:////./pipe/dockerDesktopLinuxEngine", "test");
    try (PipeServer server = new PipeServer(toServer, toClient, responses);
        HttpDaemonClient c =
            HttpDaemonClient.create(
                ep, ONE_SECOND, new DaemonConnection.Transports(fifo, "ssh", List.of()))) {
      DaemonPing p = c.ping();
      assertEquals("1.51", p.apiVersion());
      assertEquals("28.3.0", c.version().get("Version"));
      // one pipe connection, kept alive for the second request
      assertEquals(List.of("\\\\.\\pipe\\dockerDesktopLinuxEngine"), opened);
      synchronized (server.requests) {
        assertEquals(2, server.requests.size());
        assertTrue(
            server.requests.get(0).startsWith("GET /_ping HTTP/1.1\r\nHost: docker\r\n"),
            server.requests.get(0));
        assertTrue(
            server.requests.get(1).startsWith("GET /v1.51/version HTTP/1.1\r\n")
                || server.requests.get(1).startsWith("GET /version HTTP/1.1\r\n"),
            server.requests.get(1));
      }
    }
  }

  @Test
  void aSilentPipeTimesOut() throws Exception {
    Path toServer = dir.resolve("c2s");
    Path toClient = dir.resolve("s2c");
    mkfifo(toServer);
    mkfifo(toClient);
    Thread holder =
        new Thread(
            () -> {
              try (InputStream in = new FileInputStream(toServer.toFile());
                  OutputStream out = new FileOutputStream(toClient.toFile())) {
                Thread.sleep(5000);
              } catch (IOException | InterruptedException e) {
                // done
              }
            });
    holder.setDaemon(true);
    holder.start();
    NamedPipeConnection.Opener fifo = fifo(toServer, toClient, new ArrayList<>());
    DaemonEndpoint ep = DaemonEndpoint.of("npipe:////./pipe/docker_engine", "test");
    long t0 = System.nanoTime();
    DaemonTimeoutException e =
        assertThrows(
            DaemonTimeoutException.class,
            () ->
                HttpDaemonClient.create(
                        ep, ONE_SECOND, new DaemonConnection.Transports(fifo, "ssh", List.of()))
                    .ping());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(
        "npipe:////./pipe/docker_engine: no answer to GET /_ping within 1000 ms", e.getMessage());
    assertTrue(ms < 3000, ms + " ms");
    holder.interrupt();
  }

  /** Opens the client's ends of the FIFO pair, in the server's order, recording the pipe path. */
  private static NamedPipeConnection.Opener fifo(
      Path toServer, Path toClient, List<String> opened) {
    return (pipe, timeout) -> {
      opened.add(pipe);
      OutputStream out = new FileOutputStream(toServer.toFile());
      InputStream in = new FileInputStream(toClient.toFile());
      return new StreamConnection(pipe, in, out, null, timeout);
    };
  }
}
