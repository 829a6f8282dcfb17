package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.json.Json;
import dev.canirundocker.testing.DockerAvailable;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A socket the user may not open gives a permission-denied status with the docker-group fix. Root
 * bypasses file permissions, so the probe runs in a child JVM as {@code nobody} through util-linux
 * {@code setpriv}; the test is skipped where that is impossible (not root, no setpriv).
 */
class PermissionDeniedTest {
  @Test
  void socketWithoutPermissionIsPermissionDenied() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/setpriv")),
        "needs /usr/bin/setpriv to run the probe as another user");
    Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    Assumptions.assumeTrue(
        Integer.valueOf(0).equals(uid),
        "needs root to switch to the user nobody (running as uid " + uid + ")");
    Path dir = Files.createTempDirectory("cird-perm");
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path sock = dir.resolve("docker.sock");
      try (FakeDaemon d =
          new FakeDaemon(sock, FakeDaemon.answer(FakeDaemon.ok("text/plain", "OK")))) {
        // as moby creates it: owner and group may connect, others may not
        Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-rw----"));
        String cp = classDir(PermissionProbe.class) + File.pathSeparator + classDir(Json.class);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        DockerAvailable.Result r =
            DockerAvailable.run(
                Duration.ofSeconds(60),
                "/usr/bin/setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                java,
                "-cp",
                cp,
                PermissionProbe.class.getName(),
                d.endpoint().uri());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(
            Map.of(
                "kind",
                "permission-denied",
                "message",
                "permission denied connecting to " + d.endpoint().uri(),
                "remediation",
                DaemonPermissionDeniedException.REMEDIATION),
            Json.parseObject(r.stdout().trim()));
      }
    } finally {
      Files.deleteIfExists(dir.resolve("docker.sock"));
      Files.deleteIfExists(dir);
    }
  }

  private static String classDir(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
