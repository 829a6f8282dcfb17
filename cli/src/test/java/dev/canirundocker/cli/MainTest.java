package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.host.HostProbe;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LiveHostProbe;
import dev.canirundocker.host.ProbeOptions;
import dev.canirundocker.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user and a script meet it: exit codes, whole messages, clean stdout. */
class MainTest {
  record Run(int code, String out, String err) {}

  /** A run with NO_COLOR set, the live host probe, and no terminal. */
  static Run run(String... args) {
    return runIn(Map.of("NO_COLOR", "1"), LiveHostProbe::new, false, args);
  }

  /**
   * One in-process run of the command line with its stdout and stderr captured: the run helper
   * every cli test shares (only the environment, the probe and the terminal differ).
   */
  static Run runIn(
      Map<String, String> env,
      Function<ProbeOptions, HostProbe> probes,
      boolean terminal,
      String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code =
        Main.run(
            new PrintStream(o, true, StandardCharsets.UTF_8),
            new PrintStream(e, true, StandardCharsets.UTF_8),
            env,
            probes,
            terminal,
            args);
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

  /**
   * JSON is UTF-8 (RFC 8259 section 8.1) whatever the charset of stdout: under a non-UTF-8 locale
   * (here an US-ASCII stream) a saved host's non-ASCII name keeps its bytes instead of turning into
   * '?'.
   */
  @Test
  void jsonIsUtf8WhateverTheStreamsCharset(@TempDir Path dir) throws IOException {
    Path mac =
        Fixtures.savedMac(dir.resolve("mac.json"), java.time.Instant.parse("2026-11-30T08:00:00Z"));
    String text =
        Files.readString(mac)
            .replace("\"hostname\": \"mac-mini\"", "\"hostname\": \"b\u00fcro-m\u00e4c\"");
    assertTrue(text.contains("b\u00fcro-m\u00e4c"), text);
    Files.writeString(mac, text);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code =
        Main.run(
            new PrintStream(o, true, StandardCharsets.US_ASCII),
            new PrintStream(e, true, StandardCharsets.US_ASCII),
            Map.of("NO_COLOR", "1"),
            LiveHostProbe::new,
            false,
            "host",
            "--json",
            "--host-profile",
            mac.toString());
    assertEquals(0, code, e.toString(StandardCharsets.US_ASCII));
    assertEquals(text, o.toString(StandardCharsets.UTF_8));
  }

  /** With exec probes, which save 32-bit arm as linux/arm: the same bytes after a round trip. */
  @Test
  void hostJsonWithExecProbesAndOriginRoundTripsByteForByte(@TempDir Path dir) throws IOException {
    Run first = run("host", "--json");
    assertEquals(0, first.code(), first.err());
    Map<String, Object> m = Json.parseObject(first.out());
    assertTrue(
        String.valueOf(m.get("collectedAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
        first.out());
    Path saved = Files.writeString(dir.resolve("host.json"), first.out());
    Run second = run("host", "--json", "--host-profile", saved.toString());
    assertEquals(first.out(), second.out());
    Path mac =
        Fixtures.savedMac(dir.resolve("mac.json"), java.time.Instant.parse("2026-11-30T08:00:00Z"));
    Run third = run("host", "--json", "--host-profile", mac.toString());
    assertEquals(Files.readString(mac), third.out());
  }

  @Test
  void maxAgeRefusesProfilesFromTheFuture(@TempDir Path dir) throws IOException {
    java.time.Instant future = java.time.Instant.parse("2099-01-01T00:00:00Z");
    Path ahead = Fixtures.savedMac(dir.resolve("ahead.json"), future);
    Run r =
        run(
            "check",
            "--max-age",
            "7d",
            "--host-profile",
            ahead.toString(),
            "--platform",
            "linux/arm64");
    assertEquals(1, r.code());
    assertEquals("", r.out());
    String prefix =
        "can-i-run-docker: --host-profile "
            + ahead
            + ": collected at "
            + "2099-01-01T00:00:00Z, which is in the future (this machine's clock is ";
    assertTrue(r.err().startsWith(prefix), r.err());
    java.time.Instant clock =
        java.time.Instant.parse(r.err().substring(prefix.length(), prefix.length() + 20));
    assertTrue(
        Math.abs(java.time.Duration.between(clock, java.time.Instant.now()).getSeconds()) < 60);
    assertEquals(
        prefix
            + clock
            + "), so --max-age 7d cannot be checked; check both clocks and save "
            + "it again on that host with 'can-i-run-docker host --json'\n",
        r.err());
    // a clock a minute ahead is skew, not the future
    Path skewed =
        Fixtures.savedMac(dir.resolve("skewed.json"), java.time.Instant.now().plusSeconds(60));
    assertEquals(
        4,
        run(
                "check",
                "--max-age",
                "7d",
                "--host-profile",
                skewed.toString(),
                "--platform",
                "linux/arm64")
            .code());
  }

  @Test
  void maxAgeRefusesStaleProfilesAndOnesThatDoNotSay(@TempDir Path dir) throws IOException {
    java.time.Instant now =
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Path old = Fixtures.savedMac(dir.resolve("old.json"), now.minus(java.time.Duration.ofDays(9)));
    Run r =
        run(
            "check",
            "--max-age",
            "7d",
            "--host-profile",
            old.toString(),
            "--platform",
            "linux/arm64");
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertEquals(
        "can-i-run-docker: --host-profile "
            + old
            + ": collected at "
            + now.minus(java.time.Duration.ofDays(9))
            + ", 9d ago, older than --max-age 7d; save it again "
            + "on that host with 'can-i-run-docker host --json'\n",
        r.err());
    assertEquals(
        4,
        run(
                "check",
                "--max-age",
                "P10D",
                "--host-profile",
                old.toString(),
                "--platform",
                "linux/arm64")
            .code());
    Path unsaid =
        Files.writeString(dir.resolve("unsaid.json"), Fixtures.macAppleSilicon().toJsonString());
    r = run("--max-age", "12h", "--host-profile", unsaid.toString());
    assertEquals(1, r.code());
    assertEquals(
        "can-i-run-docker: --host-profile "
            + unsaid
            + ": does not say when it was collected "
            + "(no collectedAt), so --max-age 12h cannot be checked; save it again with "
            + "'can-i-run-docker host --json'\n",
        r.err());
    r = run("--max-age", "soon", "--host-profile", unsaid.toString());
    assertEquals(2, r.code());
    assertEquals(
        "can-i-run-docker: Invalid value for option '--max-age': expected a duration such "
            + "as 90s, 30m, 12h, 7d or P7D, got 'soon'\nTry 'can-i-run-docker --help' for more.\n",
        r.err());
  }

  @Test
  void aSavedProfileSaysWhoseHostItIsAndNeverSaysInstallDocker(@TempDir Path dir)
      throws IOException {
    Path mac =
        Fixtures.savedMac(dir.resolve("mac.json"), java.time.Instant.parse("2026-11-30T08:00:00Z"));
    Run r = run("--host-profile", mac.toString());
    assertEquals(4, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(
        "NEEDS_VM  mac-mini (saved profile, collected 2026-11-30T08:00:00Z) needs a VM for "
            + "Linux containers (see the findings)",
        lines.get(0));
    assertEquals("Host             mac-mini, collected 2026-11-30T08:00:00Z", lines.get(2));
    assertEquals(
        "Next step  On that host: run can-i-run-docker to ask its Docker daemon (a saved "
            + "profile cannot say whether Docker Desktop runs there)",
        lines.get(lines.size() - 1));
    assertTrue(!r.out().contains("Install Docker") && !r.out().contains("this host"), r.out());
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
  void checkPlatformsKeepsCommandLineOrderAndExitsWithTheWorst(@TempDir Path dir)
      throws IOException {
    Path host = dir.resolve("h.json");
    Files.writeString(host, Fixtures.macAppleSilicon().toJsonString());
    Run r =
        run(
            "check",
            "--json",
            "--host-profile",
            host.toString(),
            "--platform",
            "linux/arm64," + "windows/amd64",
            "--platform",
            "linux/amd64");
    assertEquals(5, r.code(), r.err());
    Map<String, Object> m = Json.parseObject(r.out());
    assertEquals("UNSUPPORTED", m.get("verdict"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results = (List<Map<String, Object>>) m.get("results");
    assertEquals(
        List.of("linux/arm64", "windows/amd64", "linux/amd64"),
        results.stream().map(x -> x.get("target")).toList());
    assertEquals(
        List.of("NEEDS_VM", "UNSUPPORTED", "NEEDS_VM"),
        results.stream().map(x -> x.get("verdict")).toList());
    assertEquals(
        List.of("platform", "platform", "platform"),
        results.stream().map(x -> x.get("source")).toList());
  }

  @Test
  @SuppressWarnings("unchecked")
  void platformWithAnArchiveIsThePlatformToRunItAs(@TempDir Path dir) throws IOException {
    Path host = dir.resolve("h.json");
    Files.writeString(host, Fixtures.macAppleSilicon().toJsonString());
    Path archive = dir.resolve("app.tar");
    Files.write(archive, CliTar.dockerSave(HostileInputTest.ELF));
    Path second = dir.resolve("second.tar");
    Files.write(second, CliTar.dockerSave(HostileInputTest.ELF));
    // docker run --platform: the amd64 image is judged for linux/amd64 and refused for linux/arm64
    Run r =
        run(
            "check",
            "--json",
            "--host-profile",
            host.toString(),
            "--archive",
            archive.toString(),
            "--platform=linux/amd64,linux/arm64",
            "--archive",
            second.toString());
    assertEquals(1, r.code(), r.err());
    String mismatch =
        "archive "
            + archive
            + " was found but does not match the specified platform: "
            + "wanted linux/arm64, actual: linux/amd64";
    assertEquals(
        "can-i-run-docker: "
            + mismatch
            + "\n"
            + "can-i-run-docker: "
            + mismatch.replace(archive.toString(), second.toString())
            + "\n",
        r.err());
    List<Map<String, Object>> results =
        (List<Map<String, Object>>) Json.parseObject(r.out()).get("results");
    assertEquals(
        List.of(archive.toString(), archive.toString(), second.toString(), second.toString()),
        results.stream().map(x -> x.get("target")).toList());
    assertEquals(
        java.util.Arrays.asList("NEEDS_VM", null, "NEEDS_VM", null),
        results.stream().map(x -> x.get("verdict")).toList());
    assertEquals(
        Map.of("kind", "image.platform-mismatch", "message", mismatch),
        results.get(1).get("error"));
    assertEquals("NEEDS_VM", Json.parseObject(r.out()).get("verdict"));
    JsonSchemaTest.assertValid("check", r.out());

    Run text =
        run(
            "check",
            "--host-profile",
            host.toString(),
            "--platform",
            "linux/arm64",
            "--archive",
            archive.toString());
    assertEquals(
        "ERROR  " + archive + "\n  " + mismatch + " [image.platform-mismatch]\n", text.out());
  }

  @Test
  void platformsAreCommaListsAndRepeatsAndNeverSwallowImages(@TempDir Path dir) throws IOException {
    Path host = dir.resolve("h.json");
    Fixtures.savedMac(host, java.time.Instant.parse("2026-11-30T08:00:00Z"));
    Run r =
        run(
            "check",
            "--host-profile",
            host.toString(),
            "--platform",
            "linux/arm64,linux/s390x",
            "--platform=windows/amd64",
            "--platform",
            "linux/amd64");
    assertEquals(5, r.code(), r.err());
    assertEquals("", r.err());
    // the host-level finding of a macOS profile is printed once, not under every target
    assertEquals(
        "NEEDS_VM  linux/arm64\n"
            + "NEEDS_VM  linux/s390x\n"
            + "  WARN Inside Docker Desktop's arm64 VM, linux/s390x runs under QEMU user-mode emulation, "
            + "slower than native [desktop.emulated-arch]\n"
            + "      -> Use a linux/arm64 build of the image where one exists\n"
            + "UNSUPPORTED  windows/amd64\n"
            + "  FAIL A Windows image (windows/amd64) needs a Windows host; this host runs macos and no VM "
            + "route runs Windows containers here [os.windows-image]\n"
            + "      -> Run it on Windows 10/11 Pro or Enterprise or Windows Server with Docker in Windows "
            + "containers mode, or use a Linux build of the image\n"
            + "NEEDS_VM  linux/amd64\n"
            + "  WARN Inside Docker Desktop's arm64 VM, linux/amd64 runs under Rosetta 2 (or QEMU) user-mode "
            + "emulation, slower than native [desktop.emulated-arch]\n"
            + "      -> Use a linux/arm64 build of the image where one exists\n"
            + "\n"
            + "Shared by several targets\n"
            + "  INFO macOS has no Linux kernel: Linux containers run in Docker Desktop's Linux VM (Apple "
            + "Virtualization framework) on Apple silicon [vm.route] (applies to 3 targets)\n"
            + "  INFO macOS 26.1 is within Docker Desktop's supported releases (the current and two "
            + "previous majors: macOS 14 and newer, by the releases known on 2025-09-15) "
            + "[desktop.macos.supported] (applies to 3 targets)\n"
            + "  INFO Docker Desktop is installed [desktop.installed] (applies to 3 targets)\n"
            + "\n"
            + "4 targets for mac-mini (saved profile, collected 2026-11-30T08:00:00Z): 3 NEEDS_VM, "
            + "1 UNSUPPORTED\n",
        r.out());
    // JSON keeps every finding under every result: folding is the text's
    Run j =
        run(
            "check",
            "--json",
            "--host-profile",
            host.toString(),
            "--platform",
            "linux/arm64,linux/s390x",
            "--platform=windows/amd64",
            "--platform",
            "linux/amd64");
    assertEquals(4, ((List<?>) Json.parseObject(j.out()).get("results")).size());
    assertEquals(3, j.out().split("\"vm.route\"", -1).length - 1, j.out());
  }

  @Test
  void checkTextOutput(@TempDir Path dir) throws IOException {
    Path host = dir.resolve("h.json");
    Files.writeString(host, Fixtures.macAppleSilicon().toJsonString());
    Run r = run("check", "--host-profile", host.toString(), "--platform", "linux/arm64");
    assertEquals(4, r.code());
    assertEquals(
        "NEEDS_VM  linux/arm64\n"
            + "  INFO macOS has no Linux kernel: Linux containers run in Docker Desktop's Linux VM (Apple "
            + "Virtualization framework) on Apple silicon [vm.route]\n"
            + "  INFO macOS 26.1 is within Docker Desktop's supported releases (the current and two previous "
            + "majors: macOS 14 and newer, by the releases known on 2025-09-15) [desktop.macos.supported]\n"
            + "  INFO Docker Desktop is installed [desktop.installed]\n",
        r.out());
  }

  @Test
  void unknownPlatformIsAUsageErrorWithTheAcceptedFormsAndASuggestion() {
    Run r = run("check", "--no-exec-probe", "--platform", "linux/amd64,plan10/arm");
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertEquals(
        "can-i-run-docker: --platform: invalid platform 'plan10/arm': unknown operating "
            + "system 'plan10'; did you mean plan9/arm? (accepted: os/arch[/variant] such as linux/amd64 "
            + "or linux/arm/v7, os(version)/arch for a Windows build, or a bare architecture such as "
            + "arm64)\nTry 'can-i-run-docker check --help' for more.\n",
        r.err());
  }

  @Test
  void malformedHostProfileIsOneLineExitOne(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"schemaVersion\": 1, \"platform\": 42}");
    Run r = run("host", "--host-profile", bad.toString());
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertEquals(
        "can-i-run-docker: --host-profile "
            + bad
            + ": platform: expected a string but found "
            + "a number\n",
        r.err());

    Files.writeString(bad, "{\"schemaVersion\": 7}");
    r = run("host", "--host-profile", bad.toString());
    assertEquals(
        "can-i-run-docker: --host-profile "
            + bad
            + ": schemaVersion: unsupported version 7 "
            + "(this version reads 1)\n",
        r.err());

    Files.writeString(bad, "{\"schemaVersion\": 1, ");
    r = run("host", "--host-profile", bad.toString());
    assertEquals(
        "can-i-run-docker: --host-profile " + bad + ": unexpected end of input at offset 21\n",
        r.err());

    r = run("host", "--host-profile", dir.resolve("missing.json").toString());
    assertEquals(
        "can-i-run-docker: --host-profile " + dir.resolve("missing.json") + ": no such file\n",
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
    assertEquals(
        "can-i-run-docker: Unknown option: '--no-such-option'\n"
            + "Try 'can-i-run-docker --help' for more.\n",
        r.err());
    assertEquals(2, run("check").code());
  }

  @Test
  void helpListsTheExitCodes() {
    Run r = run("--help");
    assertEquals(0, r.code());
    assertTrue(
        r.out().contains("Exit codes:\n   0   NATIVE: the host kernel runs it directly\n"),
        r.out());
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
