package dev.canirundocker.host.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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

  /** How many names {@link #createPrivateDir} tries before it gives up. */
  private static final int NAME_TRIES = 64;

  /**
   * A fresh directory that only the owner can use ({@code rwx------} where the file system is
   * POSIX), named {@code cird-exec-} and a random suffix, under {@code tempBase} or the system
   * temporary directory.
   *
   * <p>Why not {@code Files.createTempDirectory}: it draws the name from a {@code SecureRandom},
   * whose first use initializes the security providers, some 8 ms of a short run's start-up. The
   * name need not be unguessable: {@code createDirectory} is mkdir(2), which fails on any existing
   * name, a symbolic link included, instead of following it, and creates the directory with its
   * mode, so another user's directory or link of that name only costs another try (as with
   * mkdtemp(3), whose names are no harder to guess).
   */
  static Path createPrivateDir(@Nullable Path tempBase) throws IOException {
    Path base = tempBase != null ? tempBase : Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAlreadyExistsException taken = null;
    for (int i = 0; i < NAME_TRIES; i++) {
      Path dir =
          base.resolve(
              "cird-exec-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
      try {
        return posix
            ? Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
            : Files.createDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        taken = e;
      }
    }
    throw new IOException(
        "no free directory name under " + base + " after " + NAME_TRIES + " tries", taken);
  }

  /** {@code rwx------}. */
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

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

  /** How deep {@link #deleteTree} descends: a probe's directory holds files only. */
  private static final int MAX_DEPTH = 8;

  /**
   * Deletes the probe directory and what is in it: the probes and their stderr files, and whatever
   * a probe's interpreter may have left there (it runs with the directory as its working
   * directory). Symbolic links are deleted, never followed. What cannot be deleted is logged at
   * debug level. A plain directory walk, not {@code Files.walk}: that one's stream pipeline costs a
   * few milliseconds of a short run's start-up.
   */
  static void deleteTree(Path dir) {
    deleteTree(dir, 0);
  }

  private static void deleteTree(Path dir, int depth) {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (depth < MAX_DEPTH && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          deleteTree(p, depth + 1);
        } else {
          delete(p);
        }
      }
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException | DirectoryIteratorException e) {
      LOG.debug("cannot list {}: {}", dir, e.toString());
    }
    delete(dir);
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", p, e.toString());
    }
  }
}
