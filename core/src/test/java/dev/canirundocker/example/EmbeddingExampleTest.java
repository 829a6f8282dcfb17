package dev.canirundocker.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LiveHostProbe;
import dev.canirundocker.host.ProbeOptions;
import dev.canirundocker.platform.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding example of the README is a real program: compiled here by the JDK's compiler
 * against the core's classes alone (only the public facade), run, and its output compared with what
 * the facade answers for this machine. The README shows the file verbatim.
 */
class EmbeddingExampleTest {
  static final String[] PLATFORMS = {"linux/amd64", "linux/arm64", "windows/amd64"};

  static String exampleSource() throws IOException {
    try (InputStream in = EmbeddingExampleTest.class.getResourceAsStream("Example.java")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void compilesAgainstThePublicApiAndPrintsTheFacadesAnswers(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("Example.java");
    Files.writeString(src, exampleSource());
    Path classes = Files.createDirectories(dir.resolve("classes"));
    // the core's own classes, not the test class path: the example may use only the library
    Path core =
        Path.of(CanIRunDocker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean ok =
        javac
            .getTask(
                diagnostics,
                null,
                null,
                List.of(
                    "--release",
                    "17",
                    "-Xlint:all",
                    "-Werror",
                    "-classpath",
                    core.toString(),
                    "-d",
                    classes.toString()),
                null,
                javac
                    .getStandardFileManager(null, null, StandardCharsets.UTF_8)
                    .getJavaFileObjects(src))
            .call();
    assertTrue(ok, diagnostics.toString());
    assertEquals("", diagnostics.toString());

    String printed;
    PrintStream stdout = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, EmbeddingExampleTest.class.getClassLoader())) {
      Method main = loader.loadClass("Example").getMethod("main", String[].class);
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      try {
        main.invoke(null, (Object) PLATFORMS.clone());
      } finally {
        System.setOut(stdout);
      }
      printed = buf.toString(StandardCharsets.UTF_8);
    }

    // the same questions, asked here: the example prints the facade's answers for this machine
    HostProfile host = new LiveHostProbe(ProbeOptions.defaults()).probe();
    StringBuilder expected =
        new StringBuilder("engine: ")
            .append(CanIRunDocker.preflight(host, null).verdict())
            .append('\n');
    for (String p : PLATFORMS) {
      Evaluation e = CanIRunDocker.platform(host, Platform.parse(p));
      expected
          .append(p)
          .append(": ")
          .append(e.verdict())
          .append(" (exit code ")
          .append(e.verdict().exitCode())
          .append(")\n");
      for (Finding f : e.findings()) {
        if (f.remediation() != null) {
          expected.append("  ").append(f.id()).append(": ").append(f.remediation()).append('\n');
        }
      }
    }
    assertEquals(expected.toString(), printed.replace(System.lineSeparator(), "\n"));
    // a Linux host never runs Windows images: the example shows a verdict and the way out
    if (host.os().isLinux()) {
      assertTrue(printed.contains("windows/amd64: UNSUPPORTED (exit code 5)"), printed);
    }
  }

  @Test
  void theReadmeShowsTheExampleVerbatim() throws IOException {
    // surefire runs in the module directory; the README is at the root of the project
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    String example = exampleSource();
    assertTrue(
        readme.contains("```java\n" + example + "```\n"),
        "README.md must show core/src/test/resources/dev/canirundocker/example/Example.java "
            + "verbatim in a ```java block");
  }
}
