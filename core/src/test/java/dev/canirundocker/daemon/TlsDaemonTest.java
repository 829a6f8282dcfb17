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

  private static SSLServerSocket server() throws Exception {
    DaemonTls serverSide =
        new DaemonTls(
            true, true, fixture("ca.pem"), fixture("server-cert.pem"), fixture("server-key.pem"));
    SSLServerSocket s =
        (SSLServerSocket)
            PemTls.context(serverSide)
                .getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress());
    s.setNeedClientAuth(true);
    Thread t =
        new Thread(
            () -> {
              while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                  c.setSoTimeout(5000);
                  InputStream in = c.getInputStream();
                  StringBuilder head = new StringBuilder();
                  while (head.indexOf("\r\n\r\n") < 0) {
                    int b = in.read();
                    if (b < 0) {
                      break;
                    }
                    head.append((char) b);
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
      DaemonEndpoint ep =
          new DaemonEndpoint(
              "tcp://127.0.0.1:" + s.getLocalPort(),
              "DOCKER_HOST",
              new DaemonTls(
                  true, true, fixture("ca.pem"), fixture("cert.pem"), fixture("key.pem")));
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
