package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;

/**
 * TLS to a tcp:// daemon with docker's PEM files (fixtures made with openssl: a CA, a server
 * certificate for 127.0.0.1, a client certificate whose key is PKCS#1 "RSA PRIVATE KEY", and a SEC1
 * EC key). The fake daemon requires a client certificate, as dockerd --tlsverify does.
 */
class TlsDaemonTest {
  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(TlsDaemonTest.class.getResource("/daemon/tls/" + name).toURI());
  }

  /** A TLS listener on the loopback with the server certificate, requiring a client's. */
  private static SSLServerSocket listening() throws Exception {
    DaemonTls serverSide =
        new DaemonTls(
            true, true, fixture("ca.pem"), fixture("server-cert.pem"), fixture("server-key.pem"));
    SSLServerSocket s =
        (SSLServerSocket)
            PemTls.context(serverSide)
                .getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress());
    s.setNeedClientAuth(true);
    return s;
  }

  /** The listener as DOCKER_HOST with --tlsverify and the test CA's client certificate. */
  private static DaemonEndpoint mutualTls(SSLServerSocket s) throws URISyntaxException {
    return new DaemonEndpoint(
        "tcp://127.0.0.1:" + s.getLocalPort(),
        "DOCKER_HOST",
        new DaemonTls(true, true, fixture("ca.pem"), fixture("cert.pem"), fixture("key.pem")));
  }

  /** The next request head; null when the connection ends first. */
  private static String head(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.indexOf("\r\n\r\n") < 0) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static SSLServerSocket server() throws Exception {
    SSLServerSocket s = listening();
    Thread t =
        new Thread(
            () -> {
              while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                  c.setSoTimeout(5000);
                  if (head(c.getInputStream()) == null) {
                    continue;
                  }
                  OutputStream out = c.getOutputStream();
                  out.write(
                      ("HTTP/1.1 200 OK\r\nApi-Version: 1.47\r\nOstype: linux\r\n"
                              + "Content-Length: 2\r\n\r\nOK")
                          .getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                } catch (IOException e) {
                  // a client that failed its handshake: wait for the next one
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return s;
  }

  @Test
  void mutualTlsWithPkcs1ClientKey() throws Exception {
    try (SSLServerSocket s = server()) {
      DaemonEndpoint ep = mutualTls(s);
      DaemonPing p =
          HttpDaemonClient.create(
                  ep, DaemonClientOptions.defaults().withTimeout(Duration.ofSeconds(5)))
              .ping();
      assertEquals(new DaemonPing("1.47", "linux", false, null, null), p);
    }
  }

  @Test
  void untrustedServerIsATlsFailure() throws Exception {
    try (SSLServerSocket s = server()) {
      // verification against the JVM's trust store, which does not know the test CA
      DaemonEndpoint ep =
          new DaemonEndpoint(
              "tcp://127.0.0.1:" + s.getLocalPort(),
              "DOCKER_HOST",
              new DaemonTls(true, true, null, fixture("cert.pem"), fixture("key.pem")));
      DaemonProtocolException e =
          assertThrows(
              DaemonProtocolException.class,
              () ->
                  HttpDaemonClient.create(
                          ep, DaemonClientOptions.defaults().withTimeout(Duration.ofSeconds(5)))
                      .ping());
      assertTrue(
          e.getMessage().startsWith("TLS handshake with " + ep.uri() + " failed: "), e::getMessage);
    }
  }

  @Test
  void skipVerifyAcceptsAnyServer() throws Exception {
    try (SSLServerSocket s = server()) {
      DaemonEndpoint ep =
          new DaemonEndpoint(
              "tcp://127.0.0.1:" + s.getLocalPort(),
              "context x",
              new DaemonTls(true, false, null, fixture("cert.pem"), fixture("key.pem")));
      assertEquals("1.47", HttpDaemonClient.create(ep).ping().apiVersion());
    }
  }

  /**
   * A TLS daemon that answers every request on a connection in turn, as Go's server does: pings
   * with {@code API-Version: 1.41}, inspects with the image the path names.
   */
  private static SSLServerSocket keptAlive(java.util.concurrent.atomic.AtomicInteger connections)
      throws Exception {
    SSLServerSocket s = listening();
    Thread accept =
        new Thread(
            () -> {
              while (!s.isClosed()) {
                Socket c;
                try {
                  c = s.accept();
                } catch (IOException e) {
                  return;
                }
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(c));
                t.setDaemon(true);
                t.start();
              }
            });
    accept.setDaemon(true);
    accept.start();
    return s;
  }

  private static void serve(Socket c) {
    try (c) {
      c.setSoTimeout(5000);
      InputStream in = new java.io.BufferedInputStream(c.getInputStream());
      OutputStream out = c.getOutputStream();
      while (true) {
        String head = head(in);
        if (head == null) {
          return;
        }
        String path = head.substring(4, head.indexOf(" ", 4));
        String body;
        String type;
        if (path.equals("/_ping")) {
          type = "text/plain";
          body = "OK";
        } else {
          type = "application/json";
          String name = path.substring(path.indexOf("/images/") + 8, path.length() - 5);
          body = "{\"Id\":\"" + name + "\",\"Os\":\"linux\",\"Architecture\":\"arm64\"}";
        }
        out.write(
            ("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: "
                    + type
                    + "\r\nContent-Length: "
                    + body.length()
                    + "\r\n\r\n"
                    + body)
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    } catch (IOException e) {
      // the client closed the connection, or the test ended
    }
  }

  @Test
  void pipelinedInspectsOverMutualTls() throws Exception {
    java.util.concurrent.atomic.AtomicInteger connections =
        new java.util.concurrent.atomic.AtomicInteger();
    try (SSLServerSocket s = keptAlive(connections)) {
      DaemonEndpoint ep = mutualTls(s);
      java.util.List<String> names = new java.util.ArrayList<>();
      for (int i = 0; i < 100; i++) {
        names.add(String.format(java.util.Locale.ROOT, "sha256:%064x", i));
      }
      try (HttpDaemonClient c =
          HttpDaemonClient.create(
              ep, DaemonClientOptions.defaults().withTimeout(Duration.ofSeconds(5)))) {
        java.util.List<ImageInspection> got = c.inspectImages(names, r -> {});
        for (int i = 0; i < names.size(); i++) {
          assertEquals(names.get(i), got.get(i).get().id());
          assertEquals("linux/arm64", got.get(i).get().platform().toString());
        }
      }
      // the ping's connection, kept and taken by the first lane, and the other lanes' own
      assertEquals(
          InspectPipeline.maxLanes(DaemonEndpoint.of("unix:///x", "t")), connections.get());
    }
  }

  @Test
  void keyFormats() throws Exception {
    assertEquals("EC", PemTls.privateKey(fixture("ec-key.pem")).getAlgorithm());
    assertEquals("RSA", PemTls.privateKey(fixture("key.pem")).getAlgorithm());
    assertEquals("RSA", PemTls.privateKey(fixture("server-key.pem")).getAlgorithm());
  }

  @Test
  void missingKeyMaterialIsAnEndpointError() throws Exception {
    Path notPem = fixture("ca.pem");
    DaemonEndpoint ep =
        new DaemonEndpoint(
            "tcp://127.0.0.1:1", "flag", new DaemonTls(true, true, null, notPem, notPem));
    DaemonEndpointException e =
        assertThrows(DaemonEndpointException.class, () -> HttpDaemonClient.create(ep).ping());
    assertEquals(
        "cannot load TLS material ("
            + notPem.getParent()
            + "): "
            + notPem
            + ": no PRIVATE KEY block",
        e.getMessage());
  }
}
