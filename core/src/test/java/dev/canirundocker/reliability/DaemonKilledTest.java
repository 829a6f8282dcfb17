package dev.canirundocker.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.canirundocker.daemon.DaemonClientOptions;
import dev.canirundocker.daemon.DaemonEndpoint;
import dev.canirundocker.daemon.DaemonException;
import dev.canirundocker.daemon.DaemonStatus;
import dev.canirundocker.daemon.HttpDaemonClient;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.TestImages;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Docker daemon killed mid-run. Not the shared daemon: a second dockerd on private paths
 * (its own socket, data root on the vfs driver so nothing is mounted, exec root, pid file, no
 * iptables or bridge) is started, given an image, and killed with SIGKILL while an export streams.
 * Needs root and dockerd and the docker CLI (to load the image); skipped with the reason otherwise.
 */
class DaemonKilledTest {
  private static final DaemonClientOptions TWO_SECONDS =
      new DaemonClientOptions(
          Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), 1 << 20);

  @TempDir Path tmp;
  private Process dockerd;
  private List<ProcessHandle> children = List.of();

  static String onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String dir : new String[] {d, "/usr/sbin", "/usr/bin", "/usr/local/bin"}) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return null;
  }

  static boolean root() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("Uid:")) {
        return l.split("\\s+")[1].equals("0");
      }
    }
    return false;
  }

  @AfterEach
  void cleanUp() throws IOException {
    // only what this test started: the daemon and the processes it started (its containerd)
    if (dockerd != null) {
      dockerd.destroyForcibly();
    }
    for (ProcessHandle h : children) {
      h.destroyForcibly();
    }
    for (ProcessHandle h : children) {
      h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> h).join();
    }
    if (dockerd != null) {
      dockerd.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> dockerd).join();
    }
    // dockerd bind-mounts its data root onto itself (private propagation) and a killed daemon
    // cannot undo it: unmount what it left under this test's directory, deepest first
    List<String> mounts = new java.util.ArrayList<>();
    for (String l : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String target = l.split(" ")[4];
      if (target.startsWith(tmp.toString())) {
        mounts.add(target);
      }
    }
    mounts.sort(Comparator.reverseOrder());
    for (String m : mounts) {
      Process p = new ProcessBuilder("umount", m).inheritIO().start();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (String l : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      assertFalse(l.split(" ")[4].startsWith(tmp.toString()), "left a mount behind: " + l);
    }
  }

  @Test
  void killedMidExportGivesADaemonExceptionAndThenUnreachable() throws Exception {
    String bin = onPath("dockerd");
    String cli = onPath("docker");
    assumeTrue(root(), "needs root to start a second dockerd");
    assumeTrue(bin != null, "no dockerd on this machine");
    assumeTrue(cli != null, "no docker CLI to load the test image");

    Path sock = tmp.resolve("d.sock");
    Files.writeString(tmp.resolve("daemon.json"), "{}");
    dockerd =
        new ProcessBuilder(
                bin,
                "--host",
                "unix://" + sock,
                "--data-root",
                tmp.resolve("data").toString(),
                "--exec-root",
                tmp.resolve("exec").toString(),
                "--pidfile",
                tmp.resolve("d.pid").toString(),
                "--config-file",
                tmp.resolve("daemon.json").toString(),
                "--storage-driver",
                "vfs",
                "--iptables=false",
                "--ip6tables=false",
                "--bridge=none",
                "--containerd-namespace",
                "cird-test",
                "--containerd-plugins-namespace",
                "cird-test-plugins")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("dockerd.log").toFile())
            .start();
    HttpDaemonClient client =
        HttpDaemonClient.create(DaemonEndpoint.unix(sock, "test"), TWO_SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!client.status().reachable()) {
      assertTrue(dockerd.isAlive(), () -> "dockerd exited: " + log());
      assertTrue(
          System.nanoTime() < deadline, () -> "dockerd did not answer within 60 s: " + log());
      Thread.sleep(200);
    }
    children = dockerd.descendants().toList();

    // an image big enough that its export is still streaming when the daemon dies
    Platform amd64 = Platform.parse("linux/amd64");
    Path save =
        TestImages.writeDockerSave(
            tmp.resolve("big.tar"),
            TestImages.image(amd64)
                .layer(TestImages.layer().bigFile("zeros", 64L << 20))
                .entrypoint("/zeros")
                .tag("cird-killed:1"));
    Process load =
        new ProcessBuilder(cli, "-H", "unix://" + sock, "load", "-q", "-i", save.toString())
            .redirectErrorStream(true)
            .start();
    assertTrue(load.waitFor(120, TimeUnit.SECONDS), "docker load did not finish");
    assertEquals(0, load.exitValue(), new String(load.getInputStream().readAllBytes()));

    DaemonException e;
    try (InputStream in = client.exportImages(List.of("cird-killed:1"))) {
      byte[] buf = new byte[65536];
      assertTrue(in.readNBytes(buf, 0, buf.length) == buf.length);
      dockerd.destroyForcibly(); // SIGKILL
      assertTrue(dockerd.waitFor(10, TimeUnit.SECONDS));
      e =
          assertThrows(
              DaemonException.class,
              () -> {
                while (in.read(buf) >= 0) {
                  // reading what was buffered before the kill
                }
              });
    }
    assertTrue(e.getMessage().startsWith(client.endpoint().uri() + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());

    DaemonStatus s = client.status();
    assertFalse(s.reachable());
    assertEquals("unreachable", s.errorIfAny().orElseThrow().kind(), s.toJson().toString());
  }

  private String log() {
    try {
      return Files.readString(tmp.resolve("dockerd.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
