package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preflight on this machine, with the daemon up and down: it says which. */
class PreflightTest {
  static MainTest.Run run(String... args) {
    return MainTest.run(args);
  }

  @SuppressWarnings("unchecked")
  static List<String> ids(Map<String, Object> preflight) {
    Map<String, Object> engine = (Map<String, Object>) preflight.get("engine");
    return ((List<Map<String, Object>>) engine.get("findings"))
        .stream().map(f -> (String) f.get("id")).toList();
  }

  @Test
  @SuppressWarnings("unchecked")
  void daemonDownIsSaidAndTheVerdictStillComes(@TempDir Path dir) {
    String sock = "unix://" + dir.resolve("none.sock");
    MainTest.Run r = run("--json", "--no-exec-probe", "--docker-host", sock);
    assertEquals("", r.err());
    Map<String, Object> m = Json.parseObject(r.out());
    Map<String, Object> daemon = (Map<String, Object>) m.get("daemon");
    assertEquals(false, daemon.get("reachable"));
    assertEquals(sock, daemon.get("endpoint"));
    assertTrue(ids(m).contains("daemon.unreachable"), ids(m).toString());
    assertEquals(m.get("verdict"), ((Map<String, Object>) m.get("engine")).get("verdict"));
    assertEquals(
        Integer.valueOf(
            dev.canirundocker.check.Verdict.parse((String) m.get("verdict")).exitCode()),
        Integer.valueOf(r.code()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void daemonUpIsSaid() {
    Assumptions.assumeTrue(
        Files.exists(Path.of("/var/run/docker.sock"))
            || "1".equals(System.getenv("CIRD_REQUIRE_DOCKER")),
        "no Docker daemon socket here");
    MainTest.Run r =
        run("--json", "--no-exec-probe", "--docker-host", "unix:///var/run/docker.sock");
    Map<String, Object> m = Json.parseObject(r.out());
    Map<String, Object> daemon = (Map<String, Object>) m.get("daemon");
    assertEquals(true, daemon.get("reachable"), r.out());
    assertTrue(ids(m).contains("daemon.reachable"), ids(m).toString());
    assertEquals("linux", daemon.get("os"));
  }

  /**
   * A daemon that accepts and never answers: the preflight gives up after --timeout, and says so.
   */
  @Test
  @SuppressWarnings("unchecked")
  void silentDaemonTimesOutAfterTheGivenTimeout(@TempDir Path dir) throws Exception {
    Path sock = dir.resolve("silent.sock");
    try (java.nio.channels.ServerSocketChannel server =
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      server.bind(java.net.UnixDomainSocketAddress.of(sock));
      Thread accept =
          new Thread(
              () -> {
                java.util.List<java.nio.channels.SocketChannel> held = new java.util.ArrayList<>();
                try {
                  while (true) {
                    held.add(server.accept());
                  }
                } catch (java.io.IOException e) {
                  // closed by the test
                }
              });
      accept.setDaemon(true);
      accept.start();
      long t0 = System.nanoTime();
      MainTest.Run r =
          run("--json", "--no-exec-probe", "--timeout", "0.5", "--docker-host", "unix://" + sock);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      Map<String, Object> m = Json.parseObject(r.out());
      Map<String, Object> error =
          (Map<String, Object>) ((Map<String, Object>) m.get("daemon")).get("error");
      assertEquals("timeout", error.get("kind"));
      assertEquals(
          "unix://" + sock + ": no answer to GET /version within 500 ms", error.get("message"));
      assertTrue(ids(m).contains("daemon.timeout"), ids(m).toString());
      assertTrue(ms < 10_000, "took " + ms + " ms");
    }
  }

  @Test
  void missingImageSaysHowToGetIt() {
    Assumptions.assumeTrue(
        Files.exists(Path.of("/var/run/docker.sock"))
            || "1".equals(System.getenv("CIRD_REQUIRE_DOCKER")),
        "no Docker daemon socket here");
    MainTest.Run r =
        run(
            "check",
            "--no-exec-probe",
            "--docker-host",
            "unix:///var/run/docker.sock",
            "cird-test/does-not-exist:0");
    assertEquals(1, r.code());
    String reason =
        "image 'cird-test/does-not-exist:0' not found in the daemon at "
            + "unix:///var/run/docker.sock; pull it first (docker pull cird-test/does-not-exist:0), or "
            + "judge a saved image with --archive";
    assertEquals(
        "ERROR  cird-test/does-not-exist:0\n  " + reason + " [image.not-found]\n", r.out());
    assertEquals("can-i-run-docker: " + reason + "\n", r.err());
  }

  @Test
  void badTimeoutIsAUsageError() {
    MainTest.Run r = run("--timeout", "-1", "--no-exec-probe");
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertEquals(
        "can-i-run-docker: --timeout: expected seconds between 0.001 and 3600, got -1\n"
            + "Try 'can-i-run-docker --help' for more.\n",
        r.err());
  }

  @Test
  void textStartsWithTheVerdictLine(@TempDir Path dir) {
    MainTest.Run r = run("--no-exec-probe", "--docker-host", "unix://" + dir.resolve("none.sock"));
    String first = r.out().lines().findFirst().orElse("");
    assertTrue(
        first.matches(
            "(NATIVE  this host runs the Docker engine natively|EMULATED  this host "
                + "runs the Docker engine only under emulation|NEEDS_VM  this host needs a VM for Linux "
                + "containers \\(see the findings\\)|UNSUPPORTED  this host cannot run the Docker engine as "
                + "configured: see the failures below)"),
        first);
    assertTrue(r.out().contains("\nDaemon           not reachable at unix://"), r.out());
  }

  @Test
  void optionalKernelFeaturesAreOneFoldedLineUnlessVerbose() {
    List<dev.canirundocker.check.Finding> fs =
        List.of(
            dev.canirundocker.check.Finding.warn(
                "kernel.network.swarm.missing",
                "swarm-mode services "
                    + "(IPVS load balancing) need CONFIG_IP_VS, not set in the kernel config",
                "modprobe ip_vs"),
            dev.canirundocker.check.Finding.info(
                "kernel.config.optional-missing",
                "CONFIG_IP_SCTP is not "
                    + "set in the kernel config; optional features that need it are unavailable"),
            dev.canirundocker.check.Finding.fail(
                "kernel.config.missing", "CONFIG_NAMESPACES is not set", null));
    assertEquals(
        List.of("kernel.config.missing"),
        Preflight.unfolded(fs).stream().map(dev.canirundocker.check.Finding::id).toList());
    assertEquals(
        "Optional kernel features are missing, needed only by what uses them: network "
            + "drivers swarm; options CONFIG_IP_SCTP (-v shows each with its fix)",
        Preflight.folded(fs));

    // the live host: without -v no optional feature has a line of its own, with -v each has
    MainTest.Run r = run("--no-exec-probe");
    assertTrue(
        !r.out().contains("[kernel.network.")
            && !r.out().contains("[kernel.config.optional-missing]"),
        r.out());
    MainTest.Run v = run("-v", "--no-exec-probe");
    Map<String, Object> m = Json.parseObject(run("--json", "--no-exec-probe").out());
    boolean any =
        ids(m).stream()
            .anyMatch(
                id ->
                    id.startsWith("kernel.network.")
                        || id.equals("kernel.config.optional-missing"));
    assertEquals(
        any,
        r.out()
            .contains(
                "\n  INFO Optional kernel features are missing, needed only by "
                    + "what uses them: "),
        r.out());
    assertEquals(
        any,
        v.out().contains("[kernel.network.")
            || v.out().contains("[kernel.config.optional-missing]"),
        v.out());
  }
}
