package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.check.LocalIndex;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.DockerAvailable;
import dev.canirundocker.testing.Hosts;
import dev.canirundocker.testing.TestImages;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engines newer than the Docker 20.10 that runs here, replayed ({@link ReplayedEngine}): API
 * negotiation across 1.44 to 1.52, Docker 29's refusal of old API versions, and the containerd
 * image store's index (inspect {@code manifests=1} from 1.48, {@code platform=} from 1.49, export
 * {@code platform=} from 1.48).
 */
class NewerEngineTest {
  private static final String REF = "cird-test-daemon/multi:1";
  private static final DaemonClientOptions FIVE_SECONDS =
      DaemonClientOptions.defaults().withTimeout(Duration.ofSeconds(5));
  private static final Platform AMD64 = Platform.parse("linux/amd64");
  private static final Platform ARM64 = Platform.parse("linux/arm64/v8");

  @TempDir Path dir;

  private List<String> versioned(ReplayedEngine e) {
    synchronized (e.requests) {
      return e.requests.stream().filter(r -> r.startsWith("/v")).collect(Collectors.toList());
    }
  }

  @Test
  void negotiatesMinOfClientAndDaemonForEveryDocumentedVersion() throws Exception {
    for (int minor = 44; minor <= 52; minor++) {
      ReplayedEngine e =
          minor == 52 ? ReplayedEngine.docker29(REF) : ReplayedEngine.api(minor, minor >= 48, REF);
      try (FakeDaemon d = e.start(dir.resolve("e" + minor + ".sock"));
          HttpDaemonClient c = HttpDaemonClient.create(d.endpoint(), FIVE_SECONDS)) {
        DaemonStatus.Reachable s = (DaemonStatus.Reachable) c.status();
        String expected = "1." + Math.min(minor, 51);
        assertEquals(expected, s.apiVersion(), "API 1." + minor);
        assertEquals("1." + minor, s.daemonApiVersion());
        assertEquals(minor >= 48 ? "containerd" : "classic", s.imageStore());
        Map<String, Object> json = s.toJson();
        assertEquals(expected, json.get("apiVersion"));
        assertEquals("unix", json.get("transport"));
        // /version first (unversioned: it says the version), then /vX.Y/info
        assertEquals(List.of("/version", "/v" + expected + "/info"), e.requests);
      }
    }
  }

  @Test
  void docker29RefusesApiVersionsBelow144AndThisClientNeverSendsThem() throws Exception {
    ReplayedEngine e = ReplayedEngine.docker29(REF).with(AMD64, true);
    try (FakeDaemon d = e.start(dir.resolve("29.sock"))) {
      // the refusal, as Docker 29 words it (moby api/server/middleware/version.go)
      assertEquals(
          "HTTP/1.1 400 Bad Request",
          raw(d.socket, "/v1.43/info").lines().findFirst().orElseThrow());
      assertTrue(
          raw(d.socket, "/v1.43/info")
              .endsWith(
                  "{\"message\":\"client version 1.43 is too"
                      + " old. Minimum supported API version is 1.44, please upgrade your client to a newer"
                      + " version\"}\n"));
      synchronized (e.requests) {
        e.requests.clear();
      }
      try (HttpDaemonClient c = HttpDaemonClient.create(d.endpoint(), FIVE_SECONDS)) {
        c.info();
        c.images();
        c.inspectImage(REF);
        c.exportImages(List.of(REF)).close();
      }
      assertEquals("/_ping", e.requests.get(0));
      assertEquals(4, versioned(e).size());
      for (String r : versioned(e)) {
        assertTrue(r.startsWith("/v1.51/"), r);
      }
    }
  }

  private static String raw(Path socket, String target) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(
          ByteBuffer.wrap(
              ("GET " + target + " HTTP/1.1\r\nHost: docker\r\nConnection: close" + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII)));
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      ByteBuffer b = ByteBuffer.allocate(4096);
      long end = System.nanoTime() + 5_000_000_000L;
      while (System.nanoTime() < end) {
        b.clear();
        int n = ch.read(b);
        if (n < 0) {
          break;
        }
        out.write(b.array(), 0, n);
        String s = out.toString(StandardCharsets.UTF_8);
        if (s.endsWith("}\n")) {
          return s;
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void aDaemonBelowTheLowestSupportedVersionIsRefusedClearly() throws Exception {
    ReplayedEngine e =
        new ReplayedEngine("1.11.2", new ApiVersion(1, 23), new ApiVersion(1, 12), false, REF);
    try (FakeDaemon d = e.start(dir.resolve("old.sock"));
        HttpDaemonClient c = HttpDaemonClient.create(d.endpoint(), FIVE_SECONDS)) {
      DaemonApiException x = assertThrows(DaemonApiException.class, c::info);
      assertEquals(
          d.endpoint().uri()
              + ": the daemon speaks Engine API 1.23 at most; this client"
              + " needs 1.24 or later",
          x.getMessage());
      assertEquals("Upgrade the Docker engine (API 1.24 is Docker 1.12).", x.remediation());
      DaemonStatus s = c.status();
      assertEquals("api-version", s.errorIfAny().orElseThrow().kind());
      assertEquals(List.of("/_ping", "/version"), e.requests);
    }
  }

  private static List<String> ids(Evaluation ev) {
    return ev.findings().stream().map(Finding::id).toList();
  }

  private static Finding finding(Evaluation ev, String id) {
    return ev.findings().stream()
        .filter(f -> f.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " not in " + ev.findings()));
  }

  @Test
  void containerdStoreJudgesThePlatformDockerRunStartsAndListsTheOthers() throws Exception {
    ReplayedEngine e = ReplayedEngine.docker29(REF).with(AMD64, true).with(ARM64, false);
    HostProfile host = Hosts.linux().arch("amd64").build();
    try (FakeDaemon d = e.start(dir.resolve("c.sock"));
        HttpDaemonClient c = HttpDaemonClient.create(d.endpoint(), FIVE_SECONDS)) {
      DaemonImage img = c.inspectImage(REF);
      assertEquals(4, img.manifests().size());
      assertEquals(
          List.of(AMD64, ARM64),
          img.imageManifests().stream().map(m -> m.platform().orElseThrow()).toList());
      Evaluation ev = CanIRunDocker.daemonImage(host, c, REF);
      assertEquals(AMD64, ev.platform());
      assertEquals(Verdict.NATIVE, ev.verdict());
      assertEquals(
          "The local image index holds 2 platforms (1 present locally); docker run starts"
              + " linux/amd64",
          finding(ev, LocalIndex.SELECTED).message());
      Finding other = finding(ev, LocalIndex.OTHER);
      assertEquals(
          "The local image index also lists linux/arm64, not present locally", other.message());
      assertEquals("docker pull --platform linux/arm64 " + REF, other.remediation());
      assertFalse(ids(ev).contains("image.binary.unresolved"), ev.findings().toString());
      // the export asked for the chosen platform only
      assertTrue(
          e.requests.stream()
              .anyMatch(
                  r ->
                      r.startsWith("/v1.51/images/get?names=")
                          && r.endsWith(
                              "&platform="
                                  + java.net.URLEncoder.encode(
                                      "{\"os\":\"linux\",\"architecture\":\"amd64\"}",
                                      StandardCharsets.UTF_8))),
          e.requests.toString());
    }
  }

  @Test
  void anArm64HostGetsTheArm64EntryThroughInspectAndExportByPlatform() throws Exception {
    ReplayedEngine e = ReplayedEngine.api(51, true, REF).with(AMD64, true).with(ARM64, true);
    HostProfile host = Hosts.linux().arch("arm64").build();
    try (FakeDaemon d = e.start(dir.resolve("a.sock"));
        HttpDaemonClient c = HttpDaemonClient.create(d.endpoint(), FIVE_SECONDS)) {
      Evaluation ev = CanIRunDocker.daemonImage(host, c, REF);
      assertEquals(ARM64, ev.platform());
      assertEquals(Verdict.NATIVE, ev.verdict());
      assertEquals(
          "The local image index also holds linux/amd64, present locally",
          finding(ev, LocalIndex.OTHER).message());
      String armJson =
          java.net.URLEncoder.encode(
              "{\"os\":\"linux\",\"architecture\":\"arm64\"}", StandardCharsets.UTF_8);
      assertTrue(
          e.requests.contains("/v1.51/images/" + REF + "/json?platform=" + armJson),
          e.requests.toString());
      assertTrue(
          e.requests.stream()
              .anyMatch(
                  r -> r.startsWith("/v1.51/images/get?") && r.endsWith("&platform=" + armJson)),
          e.requests.toString());
    }
  }

  @Test
  void api148HasManifestsButNoInspectPlatform() throws Exception {
    ReplayedEngine e = ReplayedEngine.api(48, true, REF).with(AMD64, true).with(ARM64, true);
    HostProfile host = Hosts.linux().arch("arm64").build();
    try (FakeDaemon d = e.start(dir.resolve("48.sock"));
        HttpDaemonClient c = HttpDaemonClient.create(d.endpoint(), FIVE_SECONDS)) {
      assertTrue(c.inspectImage(REF, ARM64).isEmpty());
      Evaluation ev = CanIRunDocker.daemonImage(host, c, REF);
      assertEquals(ARM64, ev.platform());
      assertEquals(Verdict.NATIVE, ev.verdict());
      assertFalse(
          e.requests.stream().anyMatch(r -> r.contains("json?platform=")), e.requests.toString());
    }
  }

  @Test
  void theClassicStoreIsJudgedAsBefore() throws Exception {
    ReplayedEngine e = ReplayedEngine.api(44, false, REF).with(ARM64, true);
    HostProfile host = Hosts.linux().arch("amd64").build();
    try (FakeDaemon d = e.start(dir.resolve("classic.sock"));
        HttpDaemonClient c = HttpDaemonClient.create(d.endpoint(), FIVE_SECONDS)) {
      Evaluation ev = CanIRunDocker.daemonImage(host, c, REF);
      assertEquals(ARM64, ev.platform());
      assertFalse(ids(ev).contains(LocalIndex.SELECTED));
      assertFalse(ids(ev).contains(LocalIndex.OTHER));
      assertFalse(
          e.requests.stream().anyMatch(r -> r.contains("manifests=")), e.requests.toString());
    }
  }

  /** The same image through the real Docker 20.10 and through the replayed Docker 29 store. */
  @Test
  void theSameVerdictAsTheRealDaemon() throws Exception {
    DockerAvailable.requireCli();
    String tag = "cird-test-daemon/replay:" + Long.toHexString(System.nanoTime());
    TestImages.Image img =
        TestImages.image(ARM64)
            .layer(TestImages.layer().file("probe", TestImages.elfFor(ARM64), 0755))
            .entrypoint("/probe")
            .tag(tag);
    Path tar = TestImages.writeDockerSave(dir.resolve("replay.tar"), img);
    DockerAvailable.docker("load", "-i", tar.toString());
    try {
      HostProfile host = Hosts.linux().arch("amd64").build();
      Evaluation real = CanIRunDocker.daemonImage(host, DockerAvailable.client(), tag);
      ReplayedEngine e = ReplayedEngine.docker29(tag).with(ARM64, true);
      try (FakeDaemon d = e.start(dir.resolve("same.sock"));
          HttpDaemonClient c = HttpDaemonClient.create(d.endpoint(), FIVE_SECONDS)) {
        Evaluation replayed = CanIRunDocker.daemonImage(host, c, tag);
        assertEquals(real.platform(), replayed.platform());
        assertEquals(real.verdict(), replayed.verdict());
        assertEquals(
            real.findings(),
            replayed.findings().stream().filter(f -> !f.id().startsWith("image.index.")).toList());
      }
    } finally {
      DockerAvailable.docker("rmi", "-f", tag);
    }
  }
}
