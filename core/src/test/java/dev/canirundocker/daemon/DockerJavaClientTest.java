package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.testing.DockerAvailable;
import dev.canirundocker.testing.Hosts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DockerJavaDaemonClient} over docker-java's zerodep transport and {@link HttpDaemonClient},
 * both against the real dockerd: they agree on the daemon and on every local image (platform,
 * variant, configuration, and the verdict with the entrypoint binary read through the export).
 */
class DockerJavaClientTest {
  private static final String RUN =
      HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private static final String ARMV7 = "cird-test-daemon/dockerjava:armv7-" + RUN;
  private static DockerHttpClient http;

  @BeforeAll
  static void load(@TempDir Path dir) throws Exception {
    DockerAvailable.requireCli();
    TinyImage.write(dir.resolve("a.tar"), ARMV7, "linux", "arm", "v7");
    DockerAvailable.docker("load", "-i", dir.resolve("a.tar").toString());
    http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(URI.create(DockerAvailable.endpoint().uri()))
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(Duration.ofSeconds(30))
            .build();
  }

  @AfterAll
  static void remove() throws Exception {
    if (http != null) {
      http.close();
      DockerAvailable.docker("rmi", "-f", ARMV7);
    }
  }

  private static DockerJavaDaemonClient client() {
    return DockerJavaDaemonClient.of(http, DockerAvailable.endpoint());
  }

  @Test
  void bothClientsAgreeOnTheDaemonAndEveryLocalImage() throws Exception {
    HttpDaemonClient ours = DockerAvailable.client();
    DockerJavaDaemonClient dj = client();
    Map<String, Object> a = ours.status().toJson();
    Map<String, Object> b = dj.status().toJson();
    a.remove("warnings");
    b.remove("warnings");
    assertEquals(a, b);
    assertEquals(ours.apiVersion(), dj.apiVersion());
    // the daemon's order of images created in the same second is not stable: compare by id
    java.util.Comparator<DaemonImageSummary> byId =
        java.util.Comparator.comparing(DaemonImageSummary::id);
    assertEquals(
        ours.images().stream().sorted(byId).toList(), dj.images().stream().sorted(byId).toList());
    HostProfile host = Hosts.linux().arch("amd64").build();
    int images = 0;
    for (DaemonImageSummary s : ours.images()) {
      DaemonImage mine = ours.inspectImage(s.id());
      assertEquals(mine, dj.inspectImage(s.id()), s.reference());
      assertEquals(
          CanIRunDocker.declared(host, mine),
          CanIRunDocker.declared(host, dj.inspectImage(s.id())));
      images++;
    }
    assertTrue(images >= 1);
    // the variant docker-java's InspectImageResponse has no getter for
    assertEquals("v7", dj.inspectImage(ARMV7).config().variant());
    // the entrypoint verdict, with the binary read through each client's export stream
    assertEquals(
        CanIRunDocker.daemonImage(host, ours, ARMV7), CanIRunDocker.daemonImage(host, dj, ARMV7));
  }

  @Test
  void failuresAreThisLibrarysExceptions() throws Exception {
    ImageNotFoundException e =
        assertThrows(
            ImageNotFoundException.class,
            () -> client().inspectImage("cird-test-daemon/absent:" + RUN));
    assertEquals(
        "image 'cird-test-daemon/absent:"
            + RUN
            + "' not found in the daemon at "
            + DockerAvailable.endpoint().uri(),
        e.getMessage());
    try (DockerHttpClient dead =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(URI.create("unix:///nonexistent/docker.sock"))
            .build()) {
      DaemonEndpoint ep = DaemonEndpoint.of("unix:///nonexistent/docker.sock", "test");
      DaemonException x =
          assertThrows(DaemonException.class, () -> DockerJavaDaemonClient.of(dead, ep).version());
      assertEquals("unreachable", x.kind(), x.getMessage());
      assertTrue(
          x.getMessage().startsWith("cannot connect to unix:///nonexistent/docker.sock"),
          x.getMessage());
      assertEquals(
          List.of("unreachable"),
          List.of(DockerJavaDaemonClient.of(dead, ep).status().errorIfAny().orElseThrow().kind()));
    }
  }
}
