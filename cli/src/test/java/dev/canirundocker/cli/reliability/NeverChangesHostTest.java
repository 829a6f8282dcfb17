package dev.canirundocker.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.canirundocker.json.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The preflight as an unprivileged user (nobody) with a read-only temporary directory: it finishes
 * with a verdict, its exec probes say why they could not run, and it writes nothing: not in the
 * temporary directory, not in the user's home, not in the shared temporary directories.
 */
class NeverChangesHostTest {
  static final int NOBODY = 65534;
  static final List<Path> SHARED_TMP =
      List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/dev/shm"));

  Path world;

  @AfterEach
  void cleanUp() throws IOException {
    if (world != null) {
      Files.setPosixFilePermissions(
          world.resolve("ro"), PosixFilePermissions.fromString("rwx------"));
      try (Stream<Path> s = Files.walk(world)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  static boolean root() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("Uid:")) {
        return l.split("\\s+")[1].equals("0");
      }
    }
    return false;
  }

  /**
   * Every path under the shared temporary directories owned by nobody, and all under {@code dir}.
   */
  static Set<String> snapshot(Path dir) throws IOException {
    Set<String> out = new TreeSet<>();
    for (Path t : SHARED_TMP) {
      if (!Files.isDirectory(t)) {
        continue;
      }
      try (Stream<Path> s = Files.list(t)) {
        for (Path p : s.toList()) {
          try {
            if (((Integer) Files.getAttribute(p, "unix:uid")) == NOBODY) {
              out.add(p.toString());
            }
          } catch (IOException e) {
            // gone meanwhile: someone else's
          }
        }
      }
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.forEach(p -> out.add(p.toString()));
    }
    return out;
  }

  /** Copies the test class path where nobody can read it (the build's may sit under /root). */
  static String copyClassPath(Path to) throws IOException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> out = new ArrayList<>();
    int i = 0;
    for (String e : cp.split(File.pathSeparator)) {
      Path src = Path.of(e);
      if (!Files.exists(src)) {
        continue;
      }
      Path dst = to.resolve(i++ + "-" + src.getFileName());
      try (Stream<Path> s = Files.walk(src)) {
        for (Path p : s.toList()) {
          Path d = dst.resolve(src.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(d);
          } else {
            Files.copy(p, d);
          }
        }
      }
      out.add(dst.toString());
    }
    try (Stream<Path> s = Files.walk(to)) {
      for (Path p : s.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(File.pathSeparator, out);
  }

  @Test
  void preflightAsNobodyWithAReadOnlyTempDirWritesNothing() throws Exception {
    assumeTrue(root(), "needs root to run the child as nobody");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "no setpriv");
    world = Files.createTempDirectory("cird-nobody");
    Files.setPosixFilePermissions(world, PosixFilePermissions.fromString("rwxr-xr-x"));
    String cp = copyClassPath(Files.createDirectory(world.resolve("cp")));
    Path ro = Files.createDirectory(world.resolve("ro"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    String home = "/nonexistent";
    boolean homeExisted = Files.exists(Path.of(home));
    Set<String> before = snapshot(ro);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            "/usr/bin/setpriv",
            "--reuid=" + NOBODY,
            "--regid=" + NOBODY,
            "--clear-groups",
            java,
            "-XX:-UsePerfData",
            "-Djava.io.tmpdir=" + ro,
            "-cp",
            cp,
            "dev.canirundocker.cli.Main",
            "--json",
            "--docker-host",
            "unix://" + world.resolve("none.sock"));
    pb.environment().clear();
    pb.environment()
        .putAll(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "HOME", home, "NO_COLOR", "1"));
    pb.directory(ro.toFile());
    pb.redirectError(world.resolve("err").toFile());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the preflight did not finish");
    String err = Files.readString(world.resolve("err"));
    String json = new String(out, StandardCharsets.UTF_8);

    // a verdict, not an error (1) or a usage error (2), and no stack trace
    assertTrue(Set.of(0, 3, 4, 5).contains(p.exitValue()), "exit " + p.exitValue() + ": " + err);
    assertFalse(err.contains("\tat ") || err.contains("Exception"), err);
    Map<String, Object> m = Json.parseObject(json);
    assertTrue(
        Set.of("NATIVE", "EMULATED", "NEEDS_VM", "UNSUPPORTED").contains(m.get("verdict")), json);
    @SuppressWarnings("unchecked")
    Map<String, Object> daemon = (Map<String, Object>) m.get("daemon");
    assertEquals(false, daemon.get("reachable"), json);
    // the probes could not be written to the read-only temporary directory, and say so
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> probes =
        (List<Map<String, Object>>) ((Map<String, Object>) m.get("host")).get("execProbes");
    assertFalse(probes.isEmpty(), json);
    for (Map<String, Object> probe : probes) {
      assertEquals("error", probe.get("outcome"), json);
      assertTrue(
          String.valueOf(probe.get("detail")).startsWith("cannot create the probe directory: "),
          json);
    }

    assertEquals(before, snapshot(ro), "the preflight wrote files");
    assertEquals(homeExisted, Files.exists(Path.of(home)), "the preflight created " + home);
  }
}
