package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.testing.DockerAvailable;
import dev.canirundocker.testing.Hosts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh://} endpoints against a real sshd (Debian's openssh-server, started here on 127.0.0.1
 * on a free high port with its own sshd_config, host key and authorized key in a temporary
 * directory, and killed at the end) in front of the real dockerd: the remote command is the docker
 * CLI's {@code docker system dial-stdio}, as for any ssh context.
 */
class SshDaemonTest {
  private static final String SSHD = "/usr/sbin/sshd";
  private static final String RUN =
      HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private static final String IMAGE = "cird-test-daemon/ssh:arm64-" + RUN;
  private static final DaemonClientOptions FIVE_SECONDS =
      DaemonClientOptions.defaults().withTimeout(Duration.ofSeconds(5));

  private static Process sshd;
  private static Path dir;
  private static int port;
  private static String user;

  @BeforeAll
  static void start(@TempDir Path tmp) throws Exception {
    DockerAvailable.requireCli();
    if (!Files.isExecutable(Path.of(SSHD)) || !Files.isExecutable(Path.of("/usr/bin/ssh"))) {
      fail("openssh-server and openssh-client are not installed (.ci/run installs them)");
    }
    dir = tmp;
    user = System.getProperty("user.name");
    keygen(dir.resolve("host_key"));
    keygen(dir.resolve("client_key"));
    keygen(dir.resolve("other_key"));
    Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.writeString(
        dir.resolve("sshd_config"),
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host_key"),
            "PidFile " + dir.resolve("sshd.pid"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "PermitRootLogin prohibit-password",
            "AllowUsers " + user,
            "LogLevel ERROR",
            ""));
    // sshd refuses to start without its privilege separation directory
    Files.createDirectories(Path.of("/run/sshd"));
    sshd =
        new ProcessBuilder(SSHD, "-D", "-e", "-f", dir.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!listening()) {
      if (!sshd.isAlive() || System.nanoTime() > end) {
        fail("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
      }
      Thread.sleep(50);
    }
    String hostKey = Files.readString(dir.resolve("host_key.pub")).trim();
    Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + hostKey + "\n");
    sshConfig("ssh_config", "client_key");
    sshConfig("ssh_config_other", "other_key");
    TinyImage.write(dir.resolve("img.tar"), IMAGE, "linux", "arm64", "v8");
    DockerAvailable.docker("load", "-i", dir.resolve("img.tar").toString());
  }

  private static void fail(String why) {
    if ("1".equals(System.getenv(DockerAvailable.REQUIRE_ENV))) {
      org.junit.jupiter.api.Assertions.fail(why);
    }
    Assumptions.abort(why);
  }

  private static void sshConfig(String name, String key) throws IOException {
    Files.writeString(
        dir.resolve(name),
        String.join(
            "\n",
            "Host 127.0.0.1",
            "  IdentityFile " + dir.resolve(key),
            "  IdentitiesOnly yes",
            "  IdentityAgent none",
            "  UserKnownHostsFile " + dir.resolve("known_hosts"),
            "  GlobalKnownHostsFile /dev/null",
            "  StrictHostKeyChecking yes",
            "  LogLevel ERROR",
            ""));
  }

  private static boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void keygen(Path key) throws Exception {
    Process p =
        new ProcessBuilder(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "cird-test",
                "-f",
                key.toString())
            .redirectErrorStream(true)
            .start();
    assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "ssh-keygen " + key);
  }

  @AfterAll
  static void stop() throws Exception {
    if (sshd != null) {
      sshd.destroy();
      if (!sshd.waitFor(5, TimeUnit.SECONDS)) {
        sshd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (dir != null && Files.exists(dir.resolve("img.tar"))) {
      DockerAvailable.docker("rmi", "-f", IMAGE);
    }
  }

  private static DaemonEndpoint endpoint() {
    return DaemonEndpoint.of("ssh://" + user + "@127.0.0.1:" + port, "test");
  }

  private static HttpDaemonClient client(String config, String ssh) {
    return HttpDaemonClient.create(
        endpoint(),
        FIVE_SECONDS,
        new DaemonConnection.Transports(
            NamedPipeConnection.WINDOWS, ssh, List.of("-F", dir.resolve(config).toString())));
  }

  private static long sshChildren() {
    return ProcessHandle.current()
        .children()
        .filter(h -> h.info().command().map(c -> c.endsWith("/ssh")).orElse(false))
        .count();
  }

  @Test
  void theSameAnswersAsTheUnixSocket() throws Exception {
    HostProfile host = Hosts.linux().arch("amd64").build();
    DaemonStatus local = DockerAvailable.client().status();
    try (HttpDaemonClient ssh = client("ssh_config", "ssh")) {
      DaemonStatus remote = ssh.status();
      assertTrue(remote.reachable(), String.valueOf(remote.errorIfAny()));
      Map<String, Object> l = local.toJson();
      Map<String, Object> r = remote.toJson();
      for (String k : List.of("version", "os", "arch", "apiVersion", "kernelVersion", "ncpu")) {
        assertEquals(l.get(k), r.get(k), k);
      }
      assertEquals("ssh", r.get("transport"));
      assertEquals(endpoint().uri(), r.get("endpoint"));
      assertEquals(DockerAvailable.client().inspectImage(IMAGE), ssh.inspectImage(IMAGE));
      // pipelined over the one ssh connection a sweep gets
      List<ImageInspection> sweep = ssh.inspectImages(List.of(IMAGE, IMAGE, IMAGE), each -> {});
      for (ImageInspection one : sweep) {
        assertEquals(DockerAvailable.client().inspectImage(IMAGE), one.get());
      }
      // the whole verdict, entrypoint binary included, through the export stream over ssh
      assertEquals(
          CanIRunDocker.daemonImage(host, DockerAvailable.client(), IMAGE).toJson(),
          CanIRunDocker.daemonImage(host, ssh, IMAGE).toJson());
      try (InputStream in = ssh.exportImages(List.of(IMAGE))) {
        assertTrue(in.readAllBytes().length > 1024);
      }
    }
    // the pooled ssh processes end with the client
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (sshChildren() > 0 && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    assertEquals(0, sshChildren());
  }

  @Test
  void aRefusedKeyIsOneLineNamingTheEndpoint() {
    long t0 = System.nanoTime();
    DaemonUnreachableException e =
        assertThrows(
            DaemonUnreachableException.class, () -> client("ssh_config_other", "ssh").version());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(
        "cannot connect to "
            + endpoint().uri()
            + ": ssh exited with status 255: "
            + user
            + "@127.0.0.1: Permission denied (publickey).",
        e.getMessage());
    assertTrue(
        e.remediation()
            .startsWith(
                "Check that 'ssh " + user + "@127.0.0.1:" + port + "' logs in without a prompt"),
        e.remediation());
    assertTrue(ms < 5000, ms + " ms");
  }

  @Test
  void aMissingSshIsOneLineNamingTheEndpoint() {
    String missing = dir.resolve("no-such-ssh").toString();
    DaemonUnreachableException e =
        assertThrows(
            DaemonUnreachableException.class, () -> client("ssh_config", missing).version());
    assertEquals(
        "cannot connect to "
            + endpoint().uri()
            + ": cannot run '"
            + missing
            + "': Cannot run program \""
            + missing
            + "\": error=2, No such file or directory",
        e.getMessage());
    assertEquals(
        "Install an OpenSSH client (ssh on the PATH) or use a unix:// or tcp:// endpoint.",
        e.remediation());
  }

  @Test
  void theCommandIsTheDockerClis() throws Exception {
    assertEquals(
        List.of(
            "ssh",
            "-o",
            "ConnectTimeout=3",
            "-o",
            "BatchMode=yes",
            "-T",
            "-l",
            "me",
            "-p",
            "2222",
            "--",
            "build.example",
            "docker",
            "--host",
            "unix:///run/user/1000/docker.sock",
            "system",
            "dial-stdio"),
        SshConnection.command(
            "ssh",
            List.of(),
            SshTarget.parse("ssh://me@build.example:2222/run/user/1000/docker.sock"),
            2500));
    assertEquals(
        List.of(
            "ssh",
            "-o",
            "ConnectTimeout=1",
            "-o",
            "BatchMode=yes",
            "-T",
            "--",
            "host",
            "docker",
            "system",
            "dial-stdio"),
        SshConnection.command("ssh", List.of(), SshTarget.parse("ssh://host"), 1));
    assertEquals(
        "invalid ssh endpoint 'ssh://me:secret@host': a password in the URL is not" + " supported",
        assertThrows(DaemonEndpointException.class, () -> SshTarget.parse("ssh://me:secret@host"))
            .getMessage());
    assertEquals(
        "invalid ssh endpoint 'ssh://host?x=1': a query or fragment is not supported",
        assertThrows(DaemonEndpointException.class, () -> SshTarget.parse("ssh://host?x=1"))
            .getMessage());
    assertEquals(
        "invalid ssh endpoint 'ssh://-oProxyCommand=x': invalid host",
        assertThrows(DaemonEndpointException.class, () -> SshTarget.parse("ssh://-oProxyCommand=x"))
            .getMessage());
  }
}
