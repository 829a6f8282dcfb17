package dev.canirundocker.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while an exec probe runs: the probe's private directory is removed by the shutdown hook,
 * and the probe process does not outlive the JVM that started it.
 */
class ExecProbeSigtermTest {
  @TempDir Path base;

  static List<String> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void sigtermMidProbeLeavesNothingBehind() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child =
        new ProcessBuilder(
                java,
                "-XX:-UsePerfData",
                "-cp",
                cp,
                SleepingProbeMain.class.getName(),
                base.toString())
            .redirectErrorStream(true)
            .redirectOutput(base.resolveSibling(base.getFileName() + ".log").toFile())
            .start();
    List<ProcessHandle> probes = List.of();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    // wait until the probe runs: its directory exists and the JVM has a child process
    while (probes.isEmpty() || list(base).isEmpty()) {
      assertTrue(child.isAlive(), "the child JVM exited before the probe ran");
      assertTrue(System.nanoTime() < deadline, "the probe did not start within 60 s");
      Thread.sleep(50);
      probes = child.descendants().toList();
    }
    assertEquals(1, list(base).size(), list(base).toString());
    child.destroy(); // SIGTERM
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child JVM did not exit on SIGTERM");
    assertEquals(143, child.exitValue());
    assertEquals(List.of(), list(base), "the probe directory outlived SIGTERM");
    for (ProcessHandle p : probes) {
      boolean gone =
          p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join() != null && !p.isAlive();
      if (!gone) {
        p.destroyForcibly();
      }
      assertTrue(
          gone,
          "probe process "
              + p.pid()
              + " "
              + p.info().commandLine().orElse("")
              + " outlived the JVM that started it");
    }
  }
}
