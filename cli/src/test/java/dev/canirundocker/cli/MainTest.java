package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LiveHostProbe;
import dev.canirundocker.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user and a script meet it: exit codes, whole messages, clean stdout. */
class MainTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8), Map.of("NO_COLOR", "1"),
        opts -> new LiveHostProbe(opts), false, args);
    return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  @Test
  void hostJsonRoundTripsByteForByte(@TempDir Path dir) throws IOException {
    Run first = run("host", "--json", "--no-exec-probe");
    assertEquals(0, first.code(), first.err());
    Path saved = dir.resolve("host.json");
    Files.writeString(saved, first.out());
    Run second = run("host", "--json", "--host-profile", saved.toString());
    assertEquals(0, second.code(), second.err());
    assertEquals(first.out(), second.out());
    assertEquals(first.out(), HostProfile.parse(first.out()).toJsonString());
  }

  @Test
  void liveHostJsonIsTheLinuxHostItIsRunOn() throws Exception {
    Run r = run("host", "--json", "--no-exec-probe");
    Map<String, Object> m = Json.parseObject(r.out());
    assertEquals(1L, m.get("schemaVersion"));
    String arch = System.getProperty("os.arch").equals("amd64") ? "linux/amd64" : null;
    if (arch != null) {
      assertEquals(arch, m.get("platform"));
    }
    assertEquals("", r.err());
  }

  @Test
  void checkPlatformsKeepsCommandLineOrderAndExitsWithTheWorst(@TempDir Path dir) throws IOException {
    Path host = dir.resolve("h.json");
    Files.writeString(host, Fixtures.macAppleSilicon().toJsonString());
    Run r = run("check", "--json", "--host-profile", host.toString(), "--platform", "linux/arm64",
        "windows/amd64", "linux/amd64");
    assertEquals(5, r.code(), r.err());
    Map<String, Object> m = Json.parseObject(r.out());
    assertEquals("UNSUPPORTED", m.get("verdict"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results = (List<Map<String, Object>>) m.get("results");
    assertEquals(List.of("linux/arm64", "windows/amd64", "linux/amd64"),
        results.stream().map(x -> x.get("target")).toList());
    assertEquals(List.of("NEEDS_VM", "UNSUPPORTED", "NEEDS_VM"),
        results.stream().map(x -> x.get("verdict")).toList());
    assertEquals(List.of("platform", "platform", "platform"),
        results.stream().map(x -> x.get("source")).toList());
  }

  @Test
  @SuppressWarnings("unchecked")
  void resultsFollowTheCommandLineAcrossKinds(@TempDir Path dir) throws IOException {
    Path host = dir.resolve("h.json");
    Files.writeString(host, Fixtures.macAppleSilicon().toJsonString());
    Path archive = dir.resolve("app.tar");
    Files.write(archive, CliTar.dockerSave(HostileInputTest.ELF));
    Run r = run("check", "--json", "--host-profile", host.toString(), "--platform=linux/s390x",
        "--archive", archive.toString(), "--platform", "linux/arm64", "windows/amd64");
    assertEquals("", r.err());
    List<Map<String, Object>> results = (List<Map<String, Object>>) Json.parseObject(r.out()).get("results");
    assertEquals(List.of("linux/s390x", archive.toString(), "linux/arm64", "windows/amd64"),
        results.stream().map(x -> x.get("target")).toList());
    assertEquals(List.of("platform", "archive", "platform", "platform"),
        results.stream().map(x -> x.get("source")).toList());
  }

  @Test
  void checkTextOutput(@TempDir Path dir) throws IOException {
    Path host = dir.resolve("h.json");
    Files.writeString(host, Fixtures.macAppleSilicon().toJsonString());
    Run r = run("check", "--host-profile", host.toString(), "--platform", "linux/arm64");
    assertEquals(4, r.code());
    assertEquals("NEEDS_VM  linux/arm64\n"
        + "  INFO macOS has no Linux kernel: Linux containers run in Docker Desktop's Linux VM (Apple "
        + "Virtualization framework) on Apple silicon [vm.route]\n"
        + "  INFO macOS 26.1 is within Docker Desktop's supported releases (the current and two previous "
        + "majors: macOS 14 and newer, by the releases known on 2025-09-15) [desktop.macos.supported]\n"
        + "  INFO Docker Desktop is installed [desktop.installed]\n", r.out());
  }

  @Test
  void unknownPlatformIsOneLineExitOne() {
    Run r = run("check", "--no-exec-probe", "--platform", "linux/amd64", "plan10/arm");
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertEquals("can-i-run-docker: --platform: invalid platform 'plan10/arm': unknown operating "
        + "system 'plan10'\n", r.err());
  }

  @Test
  void malformedHostProfileIsOneLineExitOne(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"schemaVersion\": 1, \"platform\": 42}");
    Run r = run("host", "--host-profile", bad.toString());
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertEquals("can-i-run-docker: --host-profile " + bad + ": platform: expected a string but found "
        + "a number\n", r.err());

    Files.writeString(bad, "{\"schemaVersion\": 7}");
    r = run("host", "--host-profile", bad.toString());
    assertEquals("can-i-run-docker: --host-profile " + bad + ": schemaVersion: unsupported version 7 "
        + "(this version reads 1)\n", r.err());

    Files.writeString(bad, "{\"schemaVersion\": 1, ");
    r = run("host", "--host-profile", bad.toString());
    assertEquals("can-i-run-docker: --host-profile " + bad + ": unexpected end of input at offset 21\n",
        r.err());

    r = run("host", "--host-profile", dir.resolve("missing.json").toString());
    assertEquals("can-i-run-docker: --host-profile " + dir.resolve("missing.json") + ": no such file\n",
        r.err());
  }

  @Test
  void verboseAddsTheStackTrace(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "[]");
    Run r = run("-v", "host", "--host-profile", bad.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("\tat "), r.err());
  }

  @Test
  void usageErrorsExitTwo() {
    Run r = run("--no-such-option");
    assertEquals(2, r.code());
    assertEquals("can-i-run-docker: Unknown option: '--no-such-option'\n"
        + "Try 'can-i-run-docker --help' for more.\n", r.err());
    assertEquals(2, run("check").code());
  }

  @Test
  void helpListsTheExitCodes() {
    Run r = run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Exit codes:\n   0   NATIVE: the host kernel runs it directly\n"), r.out());
    assertTrue(r.out().contains("5   UNSUPPORTED"), r.out());
  }

  @Test
  void quietPrintsNothing(@TempDir Path dir) throws IOException {
    Path host = dir.resolve("h.json");
    Files.writeString(host, Fixtures.macAppleSilicon().toJsonString());
    Run r = run("-q", "check", "--host-profile", host.toString(), "--platform", "linux/s390x");
    assertEquals(4, r.code());
    assertEquals("", r.out());
  }

  @Test
  void versionPrints() {
    Run r = run("-V");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("can-i-run-docker "), r.out());
  }
}
