package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.cli.MainTest.Run;
import dev.canirundocker.host.HostProbe;
import dev.canirundocker.host.LiveHostProbe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a person meets: help that explains, --quiet that is quiet, completion, progress. */
class UsabilityTest {
  static Run run(boolean terminal, String... args) {
    return MainTest.runIn(Map.of("NO_COLOR", "1"), LiveHostProbe::new, terminal, args);
  }

  static Run run(String... args) {
    return run(false, args);
  }

  /** The text between a section heading and the next blank line followed by a heading. */
  static String section(String help, String heading) {
    int i = help.indexOf("\n" + heading + "\n");
    assertTrue(i >= 0, "no '" + heading + "' section in:\n" + help);
    String rest = help.substring(i + heading.length() + 2);
    Matcher m = Pattern.compile("\n\n[A-Z][^\n]*:\n").matcher(rest);
    return m.find() ? rest.substring(0, m.start()) : rest;
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "check", "host", "kernel"})
  void everyCommandsHelpHasADescriptionExitCodesAndExamples(String command) {
    Run r = command.isEmpty() ? run("--help") : run(command, "--help");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    String help = r.out();
    String name = command.isEmpty() ? "can-i-run-docker" : "can-i-run-docker " + command;
    assertTrue(help.contains("\nUsage: " + name + " "), help);
    // the header line, then the usage, then a description paragraph of whole sentences
    assertTrue(help.split("\n")[0].endsWith("?") || help.split("\n")[0].endsWith("."), help);
    assertTrue(
        section(help, "Exit codes:")
            .contains(
                "   1   the check could not be completed "
                    + "(a one-line reason on stderr)\n   2   usage error"),
        help);
    List<String> examples =
        section(help, "Examples:").lines().filter(l -> l.startsWith("  ")).toList();
    assertTrue(examples.size() >= 2, help);
    // every example runs this tool (or feeds it), and none is wrapped by the 80-column layout
    for (String l : examples) {
      assertTrue(l.contains("can-i-run-docker") || l.startsWith("    jq "), l);
      assertTrue(l.length() <= 80, "example wider than 80 columns: " + l);
    }
  }

  @Test
  void theMainHelpListsEveryCommandAndTheWholeExitCodeTable() {
    String help = run("--help").out();
    assertEquals(
        List.of("check", "host", "kernel", "generate-completion"),
        section(help, "Commands:")
            .lines()
            .filter(l -> l.matches("  [a-z].*"))
            .map(l -> l.trim().split(" +")[0])
            .toList());
    assertEquals(
        List.of(
            "0   NATIVE:",
            "1   the",
            "2   usage",
            "3   EMULATED:",
            "4   NEEDS_VM:",
            "5   UNSUPPORTED:"),
        section(help, "Exit codes:")
            .lines()
            .filter(l -> l.matches("   \\d .*"))
            .map(l -> l.trim().replaceFirst("^(\\d   \\S+).*", "$1"))
            .toList());
  }

  @Test
  void generateCompletionPrintsTheBashScript() {
    Run r = run("generate-completion");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("#!/usr/bin/env bash\n"), r.out());
    assertTrue(
        r.out().contains("\ncomplete -F _complete_can-i-run-docker -o default can-i-run-docker "),
        r.out());
    // zsh sources the same script through bashcompinit, which the script loads itself
    assertTrue(r.out().contains("autoload -U +X bashcompinit && bashcompinit"), r.out());
    // the subcommands and their options complete
    assertTrue(r.out().contains("check host kernel generate-completion"), r.out());
    assertTrue(r.out().contains("--platform"), r.out());
  }

  @Test
  void quietPrintsNothingForEveryCommand(@TempDir Path dir) throws IOException {
    Path mac = dir.resolve("mac.json");
    Files.writeString(mac, Fixtures.macAppleSilicon().toJsonString());
    Path config =
        Path.of("..", "core", "src", "test", "resources", "kernel", "cgroupv2-6.1.config");
    List<List<String>> commands =
        List.of(
            List.of("-q", "--host-profile", mac.toString()),
            List.of("--quiet", "--json", "--host-profile", mac.toString()),
            List.of("-q", "--no-exec-probe"),
            List.of("-q", "check", "--host-profile", mac.toString(), "--platform", "linux/arm64"),
            List.of(
                "check",
                "-q",
                "--json",
                "--no-exec-probe",
                "--platform",
                "linux/amd64,windows/amd64"),
            List.of("-q", "host", "--no-exec-probe"),
            List.of("host", "--json", "-q", "--host-profile", mac.toString()),
            List.of("-q", "kernel", "--config", config.toString()),
            List.of("kernel", "--json", "--quiet", "--config", config.toString()),
            List.of("-q", "generate-completion"),
            List.of("generate-completion", "--quiet"));
    for (List<String> args : commands) {
      Run r = run(args.toArray(String[]::new));
      assertEquals(new Run(r.code(), "", ""), r, String.join(" ", args));
      assertTrue(r.code() == 0 || r.code() >= 3, String.join(" ", args) + ": exit " + r.code());
    }
    assertEquals(4, run("-q", "--host-profile", mac.toString()).code());
  }

  @Test
  void quietStillExplainsAFailureOnStderr() {
    Run r = run("-q", "check", "--no-exec-probe", "--platform", "plan10/arm");
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("can-i-run-docker: --platform: "), r.err());
  }

  @Test
  void progressIsOneLineRewrittenInPlaceAndErasedAtTheEnd() {
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    Main main =
        new Main(
            System.out,
            new PrintStream(e, true, StandardCharsets.UTF_8),
            Map.of("LANG", "en_US.UTF-8"),
            o -> HostProbe.of(Fixtures.macAppleSilicon()),
            true);
    try (Progress p = Progress.of(main, "images", 3)) {
      assertTrue(p.enabled());
      p.step();
      p.step();
      p.working("alpine:3.20");
      p.step();
    }
    assertEquals(
        "\rchecking 1/3 images…"
            + "\rchecking 2/3 images…"
            + "\rchecking 3/3 images… alpine:3.20"
            + "\rchecking 3/3 images…            "
            + "\r                    \r",
        e.toString(StandardCharsets.UTF_8));
  }

  @Test
  void progressOnlyOnATerminalWithoutQuietAndForMoreThanOneItem() {
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8);
    Main pipe =
        new Main(System.out, err, Map.of(), o -> HostProbe.of(Fixtures.macAppleSilicon()), false);
    Main terminal =
        new Main(System.out, err, Map.of(), o -> HostProbe.of(Fixtures.macAppleSilicon()), true);
    Main quiet =
        new Main(System.out, err, Map.of(), o -> HostProbe.of(Fixtures.macAppleSilicon()), true);
    quiet.quiet = true;
    assertEquals(false, Progress.of(pipe, "images", 1000).enabled());
    assertEquals(false, Progress.of(quiet, "images", 1000).enabled());
    assertEquals(false, Progress.of(terminal, "images", 1).enabled());
    assertEquals(true, Progress.of(terminal, "images", 2).enabled());
    try (Progress p = Progress.of(pipe, "images", 1000)) {
      p.working("x");
      p.step();
    }
    assertEquals("", e.toString(StandardCharsets.UTF_8));
  }

  @Test
  void versionNamesTheToolAndTheJava() {
    Run r = run("-V");
    assertEquals(0, r.code());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size(), r.out());
    assertTrue(
        lines
            .get(0)
            .matches("can-i-run-docker (\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?|\\(development build\\))"),
        lines.get(0));
    assertTrue(
        lines.get(1).startsWith("Java " + System.getProperty("java.version") + " ("), lines.get(1));
  }

  /** The CLI in a fresh JVM: slf4j-simple is configured once per process, by -v. */
  static Run fork(String... args) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.canirundocker.cli.Main"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    java.util.concurrent.CompletableFuture<byte[]> out =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return p.getInputStream().readAllBytes();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    return new Run(
        p.exitValue(),
        new String(out.get(), StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void verboseLogsFilesAndDaemonRequestsWithTimingsToStderr(@TempDir Path dir) throws Exception {
    Path mac =
        Files.writeString(dir.resolve("mac.json"), Fixtures.macAppleSilicon().toJsonString());
    Path dead = dir.resolve("dead.sock");
    String[] args = {
      "check", "--host-profile", mac.toString(), "--docker-host", "unix://" + dead, "alpine:3.20"
    };
    Run quiet = fork(args);
    assertEquals(1, quiet.code(), quiet.err());
    assertEquals(1, quiet.err().lines().count(), quiet.err());
    List<String> v = new java.util.ArrayList<>(List.of("-v"));
    v.addAll(List.of(args));
    Run r = fork(v.toArray(String[]::new));
    assertEquals(1, r.code(), r.err());
    assertEquals(quiet.out(), r.out());
    List<String> lines = r.err().lines().toList();
    assertTrue(
        lines
            .get(0)
            .matches(
                "\\d+ DEBUG cli - read host profile "
                    + Pattern.quote(mac.toString())
                    + ": \\d+ bytes in \\d+ ms"),
        r.err());
    assertTrue(
        lines
            .get(1)
            .matches(
                "\\d+ DEBUG daemon - "
                    + Pattern.quote("unix://" + dead)
                    + " GET /version: unreachable after \\d+ ms"),
        r.err());
    assertEquals(quiet.err().strip(), lines.get(lines.size() - 1));
    // -vv (and --debug) log at trace level, every logger
    Run vv = fork("-vv", "host", "--host-profile", mac.toString());
    assertTrue(vv.err().contains(" DEBUG cli - read host profile "), vv.err());
    Run debug = fork("--debug", "host", "--host-profile", mac.toString());
    assertTrue(debug.err().contains(" DEBUG cli - read host profile "), debug.err());
  }

  @Test
  void symbolsOnlyOnAUtf8TerminalAsciiUnderTheCLocaleAndOffATerminal(@TempDir Path dir)
      throws IOException {
    Path mac =
        Files.writeString(dir.resolve("mac.json"), Fixtures.macAppleSilicon().toJsonString());
    String[] args = {
      "check", "--host-profile", mac.toString(), "--platform", "linux/amd64,windows/amd64"
    };
    for (Map<String, String> env :
        List.of(
            Map.of("LC_ALL", "C", "LANG", "en_US.UTF-8"),
            Map.of("LANG", "POSIX"),
            Map.<String, String>of())) {
      Run r = runWith(env, true, args);
      assertTrue(r.out().chars().allMatch(c -> c < 128), env + ": " + r.out());
      assertTrue(
          r.out().contains("    \u001b[36m-> Use a linux/arm64 build"), r.out()); // colors stay
    }
    Run utf8 = runWith(Map.of("LC_ALL", "de_DE.UTF-8"), true, args);
    assertTrue(utf8.out().contains("\u001b[1;31m✘ UNSUPPORTED"), utf8.out());
    assertTrue(utf8.out().contains("\u001b[36m→ Use a linux/arm64 build"), utf8.out());
    // off a terminal: no colors, no symbols, whatever the locale
    Run pipe = runWith(Map.of("LANG", "en_US.UTF-8"), false, args);
    assertTrue(pipe.out().chars().allMatch(c -> c < 128 && c != 0x1b), pipe.out());
    assertTrue(pipe.out().startsWith("NEEDS_VM  linux/amd64\n"), pipe.out());
  }

  static Run runWith(Map<String, String> env, boolean terminal, String... args) {
    return MainTest.runIn(env, LiveHostProbe::new, terminal, args);
  }
}
