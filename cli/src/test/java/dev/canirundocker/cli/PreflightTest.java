package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.host.LiveHostProbe;
import dev.canirundocker.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    return ((List<Map<String, Object>>) engine.get("findings")).stream()
        .map(f -> (String) f.get("id")).toList();
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
    assertEquals(Integer.valueOf(dev.canirundocker.check.Verdict.parse((String) m.get("verdict"))
        .exitCode()), Integer.valueOf(r.code()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void daemonUpIsSaid() {
    Assumptions.assumeTrue(Files.exists(Path.of("/var/run/docker.sock"))
        || "1".equals(System.getenv("CIRD_REQUIRE_DOCKER")), "no Docker daemon socket here");
    MainTest.Run r = run("--json", "--no-exec-probe", "--docker-host", "unix:///var/run/docker.sock");
    Map<String, Object> m = Json.parseObject(r.out());
    Map<String, Object> daemon = (Map<String, Object>) m.get("daemon");
    assertEquals(true, daemon.get("reachable"), r.out());
    assertTrue(ids(m).contains("daemon.reachable"), ids(m).toString());
    assertEquals("linux", daemon.get("os"));
  }

  @Test
  void textStartsWithTheVerdictLine(@TempDir Path dir) {
    MainTest.Run r = run("--no-exec-probe", "--docker-host", "unix://" + dir.resolve("none.sock"));
    String first = r.out().lines().findFirst().orElse("");
    assertTrue(first.matches("(NATIVE|EMULATED|NEEDS_VM|UNSUPPORTED)  Docker engine on this host — .*"), first);
    assertTrue(r.out().contains("\nDaemon           not reachable at unix://"), r.out());
  }

  static PrintStream ps(ByteArrayOutputStream b) {
    return new PrintStream(b, true, StandardCharsets.UTF_8);
  }

  static Object unused = LiveHostProbe.class;
}
