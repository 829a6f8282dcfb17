package dev.canirundocker.host.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file and process side of the exec probes: the owner-only probe directory, the probes'
 * permissions and stderr files, killing a probe with what it started, the shutdown hook, and the
 * cleanup. Kept apart from {@link ExecProbe}'s start-then-wait loop and the pure {@link
 * ProbeOutcomes}.
 */
final class ProbeFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeFiles.class);

  /** The most stderr read from one probe. */
  private static final int MAX_STDERR = 4096;

  private ProbeFiles() {}

  static Path createPrivateDir(@Nullable Path tempBase) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (posix) {
      var attr = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
      return tempBase == null
          ? Files.createTempDirectory("cird-exec-", attr)
          : Files.createTempDirectory(tempBase, "cird-exec-", attr);
    }
    return tempBase == null
        ? Files.createTempDirectory("cird-exec-")
        : Files.createTempDirectory(tempBase, "cird-exec-");
  }

  static void setPermissions(Path file, String perms) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException e) {
      if (!file.toFile().setExecutable(true, true)) {
        throw new IOException("cannot make " + file + " executable");
      }
    }
  }

  static java.io.File devNull() {
    return new java.io.File("/dev/null");
  }

  static void kill(Process p) {
    // a probe may have children (a script, an interpreter's helper): take them down too
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String readStderr(Path f) {
    try (InputStream in = Files.newInputStream(f)) {
      return new String(in.readNBytes(MAX_STDERR), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  static boolean addHook(Thread t) {
    try {
      Runtime.getRuntime().addShutdownHook(t);
      return true;
    } catch (IllegalStateException e) {
      return false; // already shutting down: the finally block still cleans up
    }
  }

  static void removeHook(Thread t) {
    try {
      Runtime.getRuntime().removeShutdownHook(t);
    } catch (IllegalStateException e) {
      // shutdown in progress: the hook runs, deleting an already deleted directory
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  LOG.debug("cannot delete {}: {}", p, e.toString());
                }
              });
    } catch (IOException e) {
      LOG.debug("cannot walk {}: {}", dir, e.toString());
    }
  }
}
