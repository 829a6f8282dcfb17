package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonEndpointsTest {
  @TempDir Path home;

  private final Map<String, String> env = new HashMap<>();
  private final Set<Path> sockets = new java.util.HashSet<>();

  private DaemonEndpoints endpoints() {
    return new DaemonEndpoints(env, home, null, 1000, false, sockets::contains);
  }

  private DaemonEndpoint resolve(String flag) throws DaemonEndpointException {
    return endpoints().resolve(flag);
  }

  /** Writes a context the way `docker context create NAME --docker host=HOST` stores it. */
  private Path context(String name, String host, boolean skipTls) throws IOException {
    Path meta = home.resolve(".docker/contexts/meta").resolve(DaemonEndpoints.contextId(name));
    Files.createDirectories(meta);
    Files.writeString(
        meta.resolve("meta.json"),
        "{\"Name\":\""
            + name
            + "\",\"Metadata\":{},"
            + "\"Endpoints\":{\"docker\":{\"Host\":\""
            + host
            + "\",\"SkipTLSVerify\":"
            + skipTls
            + "}}}");
    return home.resolve(".docker/contexts/tls")
        .resolve(DaemonEndpoints.contextId(name))
        .resolve("docker");
  }

  @Test
  void contextIdIsTheSha256OfTheName() {
    // value from a docker CLI context store: contexts/tls/<id>/docker for the context "local"
    assertEquals(
        "25bf8e1a2393f1108d37029b3df5593236c755742ec93465bbafa9b290bddcf6",
        DaemonEndpoints.contextId("local"));
  }

  @Test
  void flagBeatsDockerHostAndContext() throws Exception {
    env.put("DOCKER_HOST", "unix:///env.sock");
    env.put("DOCKER_CONTEXT", "remote");
    assertEquals(DaemonEndpoint.of("unix:///flag.sock", "flag"), resolve("unix:///flag.sock"));
  }

  @Test
  void dockerHostBeatsContext() throws Exception {
    env.put("DOCKER_HOST", "tcp://10.0.0.5:2375");
    env.put("DOCKER_CONTEXT", "remote");
    assertEquals(DaemonEndpoint.of("tcp://10.0.0.5:2375", "DOCKER_HOST"), resolve(null));
  }

  @Test
  void hostsAreNormalizedAsTheCliDoes() throws Exception {
    assertEquals("unix:///var/run/docker.sock", resolve("unix://").uri());
    assertEquals("tcp://example.org:1234", resolve("example.org:1234").uri());
    assertEquals("tcp://example.org:2375", resolve("tcp://example.org").uri());
    assertEquals("tcp://localhost:2375", resolve("tcp://").uri());
    assertEquals("npipe:////./pipe/docker_engine", resolve("npipe://").uri());
    DaemonEndpointException e =
        assertThrows(DaemonEndpointException.class, () -> resolve("ftp://x"));
    assertEquals("invalid docker host 'ftp://x' (flag): unsupported scheme 'ftp'", e.getMessage());
  }

  @Test
  void tlsFromTheEnvironment() throws Exception {
    Path certs = Files.createDirectories(home.resolve("certs"));
    for (String f : List.of("ca.pem", "cert.pem", "key.pem")) {
      Files.writeString(certs.resolve(f), "x");
    }
    env.put("DOCKER_TLS_VERIFY", "1");
    env.put("DOCKER_CERT_PATH", certs.toString());
    // docker/cli opts/hosts.go: a TCP host without a port gets 2376 when TLS is on
    DaemonEndpoint e = resolve("tcp://docker.example");
    assertEquals(
        new DaemonEndpoint(
            "tcp://docker.example:2376",
            "flag",
            new DaemonTls(
                true,
                true,
                certs.resolve("ca.pem"),
                certs.resolve("cert.pem"),
                certs.resolve("key.pem"))),
        e);
  }

  @Test
  void tlsVerifyAloneMeansLocalhost2376() throws Exception {
    env.put("DOCKER_TLS_VERIFY", "1");
    Files.createDirectories(home.resolve(".docker"));
    Files.writeString(home.resolve(".docker/ca.pem"), "x");
    assertEquals(
        new DaemonEndpoint(
            "tcp://localhost:2376",
            "DOCKER_TLS_VERIFY",
            new DaemonTls(true, true, home.resolve(".docker/ca.pem"), null, null)),
        resolve(null));
  }

  @Test
  void dockerTlsWithoutVerify() throws Exception {
    env.put("DOCKER_HOST", "tcp://h:1");
    env.put("DOCKER_TLS", "1");
    assertEquals(new DaemonTls(true, false, null, null, null), resolve(null).tls());
  }

  @Test
  void contextFromEnvironment() throws Exception {
    Path tls = context("remote", "tcp://192.168.1.9:2376", false);
    Files.createDirectories(tls);
    Files.writeString(tls.resolve("ca.pem"), "x");
    Files.writeString(tls.resolve("cert.pem"), "x");
    Files.writeString(tls.resolve("key.pem"), "x");
    env.put("DOCKER_CONTEXT", "remote");
    assertEquals(
        new DaemonEndpoint(
            "tcp://192.168.1.9:2376",
            "context remote",
            new DaemonTls(
                true,
                true,
                tls.resolve("ca.pem"),
                tls.resolve("cert.pem"),
                tls.resolve("key.pem"))),
        resolve(null));
  }

  @Test
  void contextFromConfigFileWithSkipTlsVerify() throws Exception {
    context("colima", "unix:///home/me/.colima/default/docker.sock", false);
    context("insecure", "tcp://h:2376", true);
    Files.writeString(
        home.resolve(".docker/config.json"), "{\"auths\":{},\"currentContext\":\"insecure\"}");
    assertEquals(
        new DaemonEndpoint(
            "tcp://h:2376", "context insecure", new DaemonTls(true, false, null, null, null)),
        resolve(null));
    env.put("DOCKER_CONTEXT", "colima");
    assertEquals(
        DaemonEndpoint.of("unix:///home/me/.colima/default/docker.sock", "context colima"),
        resolve(null));
  }

  @Test
  void dockerConfigMovesTheConfigDirectory() throws Exception {
    Path other = Files.createDirectories(home.resolve("elsewhere"));
    env.put("DOCKER_CONFIG", other.toString());
    Files.writeString(other.resolve("config.json"), "{\"currentContext\":\"x\"}");
    DaemonEndpointException e = assertThrows(DaemonEndpointException.class, () -> resolve(null));
    assertEquals(
        "docker context 'x' (currentContext in "
            + other.resolve("config.json")
            + ") not found: no "
            + other.resolve("contexts/meta/" + DaemonEndpoints.contextId("x") + "/meta.json"),
        e.getMessage());
  }

  @Test
  void defaultContextMeansNoContext() throws Exception {
    env.put("DOCKER_CONTEXT", "default");
    sockets.add(Path.of("/var/run/docker.sock"));
    assertEquals(DaemonEndpoint.of("unix:///var/run/docker.sock", "default socket"), resolve(null));
  }

  @Test
  void brokenContextMetadataNamesTheFile() throws Exception {
    Path meta = home.resolve(".docker/contexts/meta").resolve(DaemonEndpoints.contextId("bad"));
    Files.createDirectories(meta);
    Files.writeString(meta.resolve("meta.json"), "{\"Name\":\"bad\",\"Endpoints\":{}}");
    env.put("DOCKER_CONTEXT", "bad");
    DaemonEndpointException e = assertThrows(DaemonEndpointException.class, () -> resolve(null));
    assertEquals(
        "docker context 'bad': "
            + meta.resolve("meta.json")
            + ": meta.json.Endpoints.docker: missing",
        e.getMessage());
  }

  @Test
  void socketCandidatesInOrder() throws Exception {
    env.put("XDG_RUNTIME_DIR", "/run/user/1000");
    Files.createDirectories(home.resolve(".colima/work"));
    Files.createDirectories(home.resolve(".colima/_lima"));
    String h = home.toString();
    assertEquals(
        List.of(
            DaemonEndpoint.of("unix:///var/run/docker.sock", "default socket"),
            DaemonEndpoint.of("unix:///run/user/1000/docker.sock", "rootless socket"),
            DaemonEndpoint.of("unix://" + h + "/.docker/run/docker.sock", "Docker Desktop socket"),
            DaemonEndpoint.of(
                "unix://" + h + "/.docker/desktop/docker.sock", "Docker Desktop socket"),
            DaemonEndpoint.of("unix://" + h + "/.colima/default/docker.sock", "colima socket"),
            DaemonEndpoint.of("unix://" + h + "/.colima/work/docker.sock", "colima socket"),
            DaemonEndpoint.of("unix://" + h + "/.rd/docker.sock", "Rancher Desktop socket"),
            DaemonEndpoint.of("unix://" + h + "/.orbstack/run/docker.sock", "OrbStack socket"),
            DaemonEndpoint.of("unix:///run/user/1000/podman/podman.sock", "podman socket")),
        endpoints().socketCandidates());
  }

  @Test
  void firstExistingSocketWins() throws Exception {
    Files.createDirectories(home.resolve(".colima/work"));
    sockets.add(home.resolve(".colima/work/docker.sock"));
    sockets.add(home.resolve(".orbstack/run/docker.sock"));
    assertEquals(
        DaemonEndpoint.of("unix://" + home + "/.colima/work/docker.sock", "colima socket"),
        resolve(null));
    sockets.add(Path.of("/run/user/1000/docker.sock"));
    assertEquals(
        DaemonEndpoint.of("unix:///run/user/1000/docker.sock", "rootless socket"), resolve(null));
  }

  @Test
  void noSocketGivesThePlatformDefault() throws Exception {
    assertEquals(DaemonEndpoint.of("unix:///var/run/docker.sock", "default"), resolve(null));
    DaemonEndpoints win = new DaemonEndpoints(Map.of(), home, null, -1, true, p -> false);
    assertEquals(DaemonEndpoint.of("npipe:////./pipe/docker_engine", "default"), win.resolve(null));
  }
}
