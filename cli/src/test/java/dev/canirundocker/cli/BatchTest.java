package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches through a daemon on a real socket with fixed answers: a bad target never stops the
 * others, --all reads as a report. Whole outputs, text and JSON.
 */
class BatchTest {
  @TempDir Path tmp;
  Path host;
  Path sock;

  static final String A = "sha256:" + "a".repeat(64);
  static final String B = "sha256:" + "b".repeat(64);
  static final String W = "sha256:" + "c".repeat(64);
  static final String GONE = "sha256:" + "d".repeat(64);

  static String inspect(String id, String os, String arch) {
    return "{\"Id\":\""
        + id
        + "\",\"RepoTags\":[],\"Os\":\""
        + os
        + "\",\"Architecture\":\""
        + arch
        + "\",\"Config\":{\"Entrypoint\":[\"/app\"]}}";
  }

  /** Three images, one with two tags, and one the daemon lists but no longer has. */
  static Map<String, String> routes() {
    Map<String, String> m = new HashMap<>(TinyDaemon.engine());
    m.put(
        "/images/json",
        "[{\"Id\":\""
            + A
            + "\",\"RepoTags\":[\"zz/app:2\",\"aa/app:1\"]},"
            + "{\"Id\":\""
            + B
            + "\",\"RepoTags\":[\"mm/arm:1\"]},"
            + "{\"Id\":\""
            + W
            + "\",\"RepoTags\":[\"win/app:1\"]},"
            + "{\"Id\":\""
            + GONE
            + "\",\"RepoTags\":[]}]");
    m.put("/images/" + A + "/json", inspect(A, "linux", "amd64"));
    m.put("/images/" + B + "/json", inspect(B, "linux", "arm64"));
    m.put("/images/" + W + "/json", inspect(W, "windows", "amd64"));
    m.put("/images/mm/arm:1/json", inspect(B, "linux", "arm64"));
    m.put("/images/win/app:1/json", inspect(W, "windows", "amd64"));
    return m;
  }

  /** check against the saved Mac profile and the daemon at {@code socket}, with {@code args}. */
  private MainTest.Run check(Path socket, String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("check"));
    all.addAll(List.of(args));
    all.addAll(List.of("--host-profile", host.toString(), "--docker-host", "unix://" + socket));
    return MainTest.run(all.toArray(new String[0]));
  }

  @BeforeEach
  void files() throws IOException {
    host =
        Fixtures.savedMac(tmp.resolve("mac.json"), java.time.Instant.parse("2026-11-30T08:00:00Z"));
    sock = tmp.resolve("d.sock");
  }

  @Test
  void allIsAStableReportWithEveryTagFoldedFindingsAndASummary() throws IOException {
    try (TinyDaemon d = new TinyDaemon(sock, routes())) {
      MainTest.Run r = check(sock, "--all");
      String gone = "image '" + GONE + "' not found in the daemon at unix://" + sock;
      assertEquals(1, r.code(), r.err());
      assertEquals("can-i-run-docker: " + gone + "\n", r.err());
      assertEquals(
          "ERROR  "
              + GONE
              + "\n"
              + "  "
              + gone
              + " [image.not-found]\n"
              + "UNSUPPORTED  win/app:1 (windows/amd64)\n"
              + "  FAIL A Windows image (windows/amd64) needs a Windows host; this host runs macos and no "
              + "VM route runs Windows containers here [os.windows-image]\n"
              + "      -> Run it on Windows 10/11 Pro or Enterprise or Windows Server with Docker in "
              + "Windows containers mode, or use a Linux build of the image\n"
              + "NEEDS_VM  aa/app:1 (linux/amd64), also zz/app:2\n"
              + "  WARN Inside Docker Desktop's arm64 VM, linux/amd64 runs under Rosetta 2 (or QEMU) "
              + "user-mode emulation, slower than native [desktop.emulated-arch]\n"
              + "      -> Use a linux/arm64 build of the image where one exists\n"
              + "NEEDS_VM  mm/arm:1 (linux/arm64)\n"
              + "\n"
              + "Shared by several images\n"
              + "  INFO Judged by the platform the image declares; its entrypoint binary was not read "
              + "[image.binary.not-read] (applies to 3 images)\n"
              + "      -> Add --binaries (or name the image) to read it\n"
              + "  INFO macOS has no Linux kernel: Linux containers run in Docker Desktop's Linux VM (Apple "
              + "Virtualization framework) on Apple silicon [vm.route] (applies to 2 images)\n"
              + "  INFO macOS 26.1 is within Docker Desktop's supported releases (the current and two "
              + "previous majors: macOS 14 and newer, by the releases known on 2025-09-15) "
              + "[desktop.macos.supported] (applies to 2 images)\n"
              + "  INFO Docker Desktop is installed [desktop.installed] (applies to 2 images)\n"
              + "\n"
              + "4 images for mac-mini (saved profile, collected 2026-11-30T08:00:00Z): 2 NEEDS_VM, "
              + "1 UNSUPPORTED, 1 could not be checked\n",
          r.out());

      MainTest.Run j = check(sock, "--json", "--all");
      assertEquals(1, j.code());
      JsonSchemaTest.assertValid("check", j.out());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> results =
          (List<Map<String, Object>>) Json.parseObject(j.out()).get("results");
      assertEquals(
          List.of(GONE, "win/app:1", "aa/app:1", "mm/arm:1"),
          results.stream().map(x -> x.get("target")).toList());
      assertEquals(List.of("aa/app:1", "zz/app:2"), results.get(2).get("names"));
      assertEquals(Map.of("kind", "image.not-found", "message", gone), results.get(0).get("error"));
      assertEquals("UNSUPPORTED", Json.parseObject(j.out()).get("verdict"));
    }
  }

  /**
   * -v logs each of the sweep's inspects as its answer comes in, and the batch: in a process of its
   * own, since slf4j-simple takes its level and stream once per JVM.
   */
  @Test
  void verboseLogsEveryInspectOfTheSweep() throws Exception {
    try (TinyDaemon d = new TinyDaemon(sock, routes())) {
      String jvm = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb =
          new ProcessBuilder(
              jvm,
              "-XX:-UsePerfData",
              "-cp",
              System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
              "dev.canirundocker.cli.Main",
              "-v",
              "check",
              "--all",
              "--host-profile",
              host.toString(),
              "--docker-host",
              "unix://" + sock);
      pb.redirectError(tmp.resolve("err").toFile());
      pb.redirectOutput(tmp.resolve("out").toFile());
      Process p = pb.start();
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("check --all -v did not finish");
      }
      String err = java.nio.file.Files.readString(tmp.resolve("err"));
      assertEquals(1, p.exitValue(), err);
      String at = "unix://" + sock + " GET /images/";
      for (String id : List.of(A, B, W)) {
        assertLine(err, at + id + "/json: answered ", " ms into the batch");
      }
      assertLine(err, at + GONE + "/json: image-not-found ", " ms into the batch");
      assertLine(err, "unix://" + sock + " 4 inspects in ", " ms");
    }
  }

  /** A line of {@code log} ends with {@code before}, a number of ms and {@code after}. */
  private static void assertLine(String log, String before, String after) {
    assertTrue(
        java.util.regex.Pattern.compile("(?m)\\Q" + before + "\\E\\d+\\Q" + after + "\\E$")
            .matcher(log)
            .find(),
        log);
  }

  /**
   * Each named image costs the daemon one inspect and at most one export, whatever number of
   * platforms it is judged for; an image no --platform admits is refused without an export.
   */
  @Test
  void eachImageIsInspectedOnceAndExportedAtMostOnce() throws IOException {
    try (TinyDaemon d = new TinyDaemon(sock, routes())) {
      MainTest.Run r =
          check(sock, "--json", "mm/arm:1", "win/app:1", "--platform", "linux/arm64,linux/amd64");
      assertEquals(1, r.code(), r.err());
      // (the fake has no export: its 404 makes the error result list the local names once)
      List<String> images =
          d.requests.stream()
              .filter(t -> t.startsWith("/images/") && !t.equals("/images/json"))
              .sorted()
              .toList();
      assertEquals(
          List.of(
              "/images/get?names=" + B.replace(":", "%3A"),
              "/images/mm/arm:1/json",
              "/images/win/app:1/json"),
          images);
    }
  }

  @Test
  void aMissingImageDoesNotStopTheBatchAndSuggestsTheClosestNames() throws IOException {
    try (TinyDaemon d = new TinyDaemon(sock, routes())) {
      MainTest.Run r =
          check(sock, "win/app:1", "mm/arn:1", "mm/arm:1", "--platform", "linux/amd64");
      String missing =
          "image 'mm/arn:1' not found in the daemon at unix://"
              + sock
              + "; did you mean "
              + "mm/arm:1?; pull it first (docker pull mm/arn:1), or judge a saved image with --archive";
      // docker run --platform linux/amd64 mm/arm:1 on Docker 20.10 says the same
      String mismatch =
          "image with reference mm/arm:1 was found but does not match the specified "
              + "platform: wanted linux/amd64, actual: linux/arm64";
      String winMismatch =
          "image with reference win/app:1 was found but does not match the specified "
              + "platform: wanted linux/amd64, actual: windows/amd64";
      assertEquals(1, r.code(), r.err());
      assertEquals(
          "can-i-run-docker: "
              + winMismatch
              + "\ncan-i-run-docker: "
              + missing
              + "\ncan-i-run-docker: "
              + mismatch
              + "\n",
          r.err());
      assertEquals(
          "ERROR  win/app:1\n  "
              + winMismatch
              + " [image.platform-mismatch]\n"
              + "ERROR  mm/arn:1\n  "
              + missing
              + " [image.not-found]\n"
              + "ERROR  mm/arm:1\n  "
              + mismatch
              + " [image.platform-mismatch]\n"
              + "\n3 targets for mac-mini (saved profile, collected 2026-11-30T08:00:00Z): 3 could not be "
              + "checked\n",
          r.out());

      MainTest.Run j = check(sock, "--json", "mm/arn:1", "win/app:1");
      assertEquals(1, j.code());
      assertEquals("can-i-run-docker: " + missing + "\n", j.err());
      JsonSchemaTest.assertValid("check", j.out());
      Map<String, Object> doc = Json.parseObject(j.out());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> results = (List<Map<String, Object>>) doc.get("results");
      assertEquals(
          List.of("mm/arn:1", "win/app:1"), results.stream().map(x -> x.get("target")).toList());
      assertEquals(
          Map.of("kind", "image.not-found", "message", missing), results.get(0).get("error"));
      assertEquals("UNSUPPORTED", results.get(1).get("verdict"));
      // the document's verdict is the worst of the results that have one; the exit code says 1
      assertEquals("UNSUPPORTED", doc.get("verdict"));
    }
  }

  @Test
  void anUnreachableDaemonIsAnErrorResultPerImageAndTheRestIsStillJudged() {
    Path dead = tmp.resolve("dead.sock");
    MainTest.Run r = check(dead, "--json", "mm/arm:1", "aa/app:1");
    assertEquals(1, r.code());
    JsonSchemaTest.assertValid("check", r.out());
    Map<String, Object> doc = Json.parseObject(r.out());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results = (List<Map<String, Object>>) doc.get("results");
    assertEquals(2, results.size());
    @SuppressWarnings("unchecked")
    Map<String, Object> e = (Map<String, Object>) results.get(1).get("error");
    assertEquals("daemon.unreachable", e.get("kind"));
    assertEquals(2, r.err().lines().count(), r.err());
    @SuppressWarnings("unchecked")
    Map<String, Object> daemon = (Map<String, Object>) doc.get("daemon");
    assertEquals(false, daemon.get("reachable"));
  }
}
