package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers: the POSIX one run for real against fake {@code java} commands on PATH (the Java
 * version check, arguments and exit code passed through); the cmd.exe one, which cannot run here,
 * parsed and checked for the paths, labels, variables and JVM options it uses.
 */
class LauncherTest {
  static final Path SH = Path.of("src/main/sh/can-i-run-docker");
  static final Path CMD = Path.of("src/main/cmd/can-i-run-docker.cmd");
  static final Path ASSEMBLY = Path.of("src/main/dist/assembly.xml");

  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  /** An unpacked distribution: bin/can-i-run-docker and lib/can-i-run-docker.jar (a stand-in). */
  Path dist() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("dist/bin"));
    Files.createDirectories(dir.resolve("dist/lib"));
    Files.writeString(dir.resolve("dist/lib/can-i-run-docker.jar"), "");
    Path launcher = bin.resolve("can-i-run-docker");
    Files.copy(SH, launcher);
    return launcher;
  }

  /**
   * A fake JDK home: bin/java prints its arguments and exits 7, answers -version like the JDK it
   * pretends to be, and a release file where given.
   */
  Path fakeJdk(String name, String versionLine, String release) throws IOException {
    Path home = Files.createDirectories(dir.resolve(name));
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\n"
            + "if [ \"$1\" = -version ]; then echo '"
            + versionLine
            + "' >&2; exit 0; fi\n"
            + "for a in \"$@\"; do printf '[%s]' \"$a\"; done; echo; exit 7\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (release != null) {
      Files.writeString(
          home.resolve("release"),
          "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\""
              + release
              + "\"\nJAVA_VERSION_DATE=\"2025-04-15\"\n");
    }
    return home;
  }

  Result run(Path launcher, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("JAVA_HOME");
    pb.environment().remove("CIRD_JAVA_OPTS");
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().putAll(env);
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher hangs");
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the POSIX launcher needs /bin/sh")
  void java11OnPathIsRefusedInOneLine() throws Exception {
    Path jdk = fakeJdk("jdk11", "openjdk version \"11.0.21\" 2023-10-17", null);
    Result r = run(dist(), Map.of("PATH", jdk.resolve("bin") + ":/usr/bin:/bin"));
    assertEquals(1, r.code());
    assertEquals(
        "can-i-run-docker: Java 11.0.21 at "
            + jdk.resolve("bin/java")
            + " is too old: install Java 17 or newer, or set JAVA_HOME\n",
        r.err());
    assertEquals("", r.out());
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the POSIX launcher needs /bin/sh")
  void java8FromItsReleaseFileWithoutStartingIt() throws Exception {
    // -version would claim 17: the release file is read first, so no JVM is started for the check
    Path jdk = fakeJdk("jre8", "openjdk version \"17.0.1\"", "1.8.0_392");
    Result r = run(dist(), Map.of("JAVA_HOME", jdk.toString()));
    assertEquals(1, r.code());
    assertEquals(
        "can-i-run-docker: Java 1.8.0_392 at "
            + jdk.resolve("bin/java")
            + " is too old: install Java 17 or newer, or set JAVA_HOME\n",
        r.err());
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the POSIX launcher needs /bin/sh")
  void noJavaAtAll() throws Exception {
    Result r = run(dist(), Map.of("PATH", dir.resolve("empty").toString()));
    assertEquals(1, r.code());
    assertEquals(
        "can-i-run-docker: no Java found: install Java 17 or newer, or set JAVA_HOME\n", r.err());
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the POSIX launcher needs /bin/sh")
  void argumentsAndTheExitCodePassThrough() throws Exception {
    Path jdk = fakeJdk("jdk21", "openjdk version \"21.0.1\" 2023-10-17", "21.0.1");
    Path old = fakeJdk("jdk11", "openjdk version \"11.0.21\"", "11.0.21");
    // JAVA_HOME wins over PATH
    Result r =
        run(
            dist(),
            Map.of("JAVA_HOME", jdk.toString(), "PATH", old.resolve("bin") + ":/usr/bin:/bin"),
            "check",
            "--json",
            "a b",
            "*",
            "");
    assertEquals(7, r.code(), r.err());
    assertTrue(
        r.out()
            .endsWith(
                "[-jar]["
                    + dir.resolve("dist/bin/../lib/can-i-run-docker.jar")
                    + "][check][--json][a b][*][]\n"),
        r.out());
    assertEquals("", r.err());
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the POSIX launcher needs /bin/sh")
  void aJavaThatDoesNotRunIsSaid() throws Exception {
    Path home = Files.createDirectories(dir.resolve("broken/bin"));
    Path java = home.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho 'Unable to locate a Java Runtime.' >&2\nexit 1\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Result r = run(dist(), Map.of("PATH", home + ":/usr/bin:/bin"));
    assertEquals(1, r.code());
    assertEquals(
        "can-i-run-docker: "
            + java
            + " does not run (Unable to locate a Java Runtime.): "
            + "install Java 17 or newer, or set JAVA_HOME\n",
        r.err());
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the POSIX launcher needs /bin/sh")
  void theRealJavaRunsTheRealJar() throws Exception {
    Path jar = Path.of("target/can-i-run-docker.jar");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isRegularFile(jar), "the jar is built in package");
    Path launcher = dist();
    Files.copy(
        jar,
        dir.resolve("dist/lib/can-i-run-docker.jar"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Result r = run(launcher, Map.of("JAVA_HOME", System.getProperty("java.home")), "-V");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("can-i-run-docker "), r.out());
  }

  // ---- the cmd.exe launcher: parsed everywhere, run on Windows ----

  /**
   * On Windows (the CI's windows-latest job): the real Java, the real jar, arguments and exit
   * codes.
   */
  @Test
  @EnabledOnOs(value = OS.WINDOWS, disabledReason = "cmd.exe runs only on Windows")
  void cmdRunsTheRealJarWithArgumentsAndExitCodes() throws Exception {
    Path jar = Path.of("target/can-i-run-docker.jar");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isRegularFile(jar), "the jar is built in package");
    Path bin = Files.createDirectories(dir.resolve("dist (x86)/bin"));
    Files.createDirectories(dir.resolve("dist (x86)/lib"));
    Files.copy(jar, dir.resolve("dist (x86)/lib/can-i-run-docker.jar"));
    Files.copy(CMD, bin.resolve("can-i-run-docker.cmd"));
    for (String[] c : new String[][] {{"-V", "0"}, {"--no-such-option", "2"}}) {
      ProcessBuilder pb =
          new ProcessBuilder("cmd.exe", "/c", bin.resolve("can-i-run-docker.cmd").toString(), c[0]);
      pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(Integer.parseInt(c[1]), p.exitValue(), out);
    }
  }

  static String cmd() throws IOException {
    return Files.readString(CMD, StandardCharsets.US_ASCII);
  }

  @Test
  void cmdHasCrlfLineEndsOnly() throws IOException {
    String s = cmd();
    assertTrue(s.endsWith("\r\n"));
    assertFalse(
        s.replace("\r\n", "").contains("\n"), "a bare LF: cmd.exe mis-parses labels and gotos");
    assertFalse(s.replace("\r\n", "").contains("\r"));
  }

  @Test
  void cmdGotosHaveTheirLabelsAndVariablesAreSetBeforeUse() throws IOException {
    List<String> lines = List.of(cmd().split("\r\n"));
    Set<String> labels = new LinkedHashSet<>();
    for (String l : lines) {
      if (l.startsWith(":")) {
        labels.add(l.substring(1).trim());
      }
    }
    Matcher gotos = Pattern.compile("goto :(\\w+)").matcher(cmd());
    int n = 0;
    while (gotos.find()) {
      assertTrue(labels.contains(gotos.group(1)), "goto :" + gotos.group(1) + " without its label");
      n++;
    }
    assertEquals(4, n);
    Set<String> set = new LinkedHashSet<>();
    for (String l : lines) {
      Matcher sets = Pattern.compile("set \"(CIRD_\\w+)=").matcher(l);
      Matcher uses = Pattern.compile("%(CIRD_\\w+)%").matcher(l);
      while (uses.find()) {
        String v = uses.group(1);
        assertTrue(
            set.contains(v) || v.equals("CIRD_JAVA_OPTS"), v + " used before it is set: " + l);
      }
      while (sets.find()) {
        set.add(sets.group(1));
      }
    }
  }

  /** A parenthesized block that expands a path breaks on "C:\Program Files (x86)": none may. */
  @Test
  void cmdExpandsNoPathInsideABlock() throws IOException {
    for (String l : cmd().split("\r\n")) {
      if (l.startsWith("rem ")) {
        continue;
      }
      String unquoted = l.replaceAll("\"[^\"]*\"", "\"\"");
      if (unquoted.contains("(")
          && !unquoted.startsWith("for ")
          && !unquoted.startsWith("if ")
          && !unquoted.startsWith("echo(")) {
        throw new AssertionError("a block: " + l);
      }
      assertFalse(
          unquoted.matches(".*\\([^)]*%(CIRD_JAVA|CIRD_JAR|CIRD_JHOME|~dp0)%?[^)]*\\).*"),
          "a path expanded inside parentheses: " + l);
    }
  }

  @Test
  void cmdFindsTheJarWhereTheDistributionPutsIt() throws IOException {
    String s = cmd();
    assertTrue(s.contains("set \"CIRD_JAR=%~dp0..\\lib\\can-i-run-docker.jar\""));
    assertTrue(s.contains("set \"CIRD_JAR=%~dp0can-i-run-docker.jar\""), "cli\\target layout");
    assertTrue(s.contains("if exist \"%JAVA_HOME%\\bin\\java.exe\""));
    assertTrue(s.contains("%%~$PATH:J"), "PATH search");
    assertTrue(s.contains("%CIRD_JHOME%\\release"));
    assertTrue(
        s.contains("-jar \"%CIRD_JAR%\" %*\r\nexit /b %ERRORLEVEL%\r\n"), "args and exit code");
    String assembly = Files.readString(ASSEMBLY);
    assertTrue(
        assembly.contains(
            "<source>${project.basedir}/src/main/cmd/can-i-run-docker.cmd</source>\n"
                + "      <outputDirectory>bin</outputDirectory>\n      <lineEnding>crlf</lineEnding>"),
        assembly);
    assertTrue(
        assembly.contains(
            "<source>${project.build.directory}/can-i-run-docker.jar</source>\n"
                + "      <outputDirectory>lib</outputDirectory>"));
  }

  @Test
  void bothLaunchersStartTheJvmAlike() throws IOException {
    Matcher sh =
        Pattern.compile("exec \"\\$java\" (.*?) \\$CIRD_JAVA_OPTS", Pattern.DOTALL)
            .matcher(Files.readString(SH));
    assertTrue(sh.find());
    Matcher cmd = Pattern.compile("\"%CIRD_JAVA%\" (.*?) %CIRD_JAVA_OPTS%").matcher(cmd());
    assertTrue(cmd.find());
    List<String> a =
        List.of(sh.group(1).replace("\\\n", " ").replace("$cds", "").trim().split("\\s+"));
    List<String> b = List.of(cmd.group(1).trim().split("\\s+"));
    assertEquals(a, b);
  }
}
