package dev.canirundocker.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a file a user named, within limits: at most a documented number of bytes ({@code
 * readNBytes(limit + 1)}, so a file that grows while it is read, or reports size 0 as {@code /proc}
 * files do, cannot exhaust memory) and within a bounded wait (a file on a hung network mount cannot
 * stall the command). Anything that is not a regular file (a FIFO, which would block until a writer
 * comes; a device such as {@code /dev/zero}, which never ends; a socket; a directory) is refused
 * before it is opened, with a message saying what the thing is.
 */
public final class BoundedFiles {
  /** The default wait for a whole read. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

  private BoundedFiles() {}

  /**
   * What a path is, as words for a message: {@code a regular file}, {@code a directory}, {@code a
   * FIFO}, {@code a character device}, {@code a block device}, {@code a socket}, {@code something
   * that is not a regular file}; {@code null} when it does not exist. Symbolic links are followed
   * (the reader would follow them).
   */
  public static @Nullable String describe(Path p) {
    if (Files.isRegularFile(p)) {
      return "a regular file";
    }
    if (Files.isDirectory(p)) {
      return "a directory";
    }
    if (!Files.exists(p)) {
      return null;
    }
    // st_mode's file type bits (POSIX <sys/stat.h>: S_IFIFO 010000, S_IFCHR 020000, S_IFBLK 060000,
    // S_IFSOCK 0140000), where the file system view offers them (every Unix JDK does)
    try {
      Object mode = Files.getAttribute(p, "unix:mode");
      if (mode instanceof Integer m) {
        switch (m & 0170000) {
          case 0010000:
            return "a FIFO";
          case 0020000:
            return "a character device";
          case 0060000:
            return "a block device";
          case 0140000:
            return "a socket";
          default:
            break;
        }
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // no unix view (Windows): fall through to the generic words
    }
    return "something that is not a regular file";
  }

  /**
   * The bytes of a regular file of at most {@code limit} bytes, read within {@code wait}.
   *
   * @param file the file
   * @param limit the most bytes accepted
   * @param wait how long the whole read may take
   * @throws BoundedReadException naming what is wrong (no such file, not a regular file, larger
   *     than the limit, no answer within the wait, the I/O error); the message does not repeat the
   *     path, the caller names the input
   */
  public static byte[] read(Path file, int limit, Duration wait) throws BoundedReadException {
    String kind = describe(file);
    if (kind == null) {
      throw new BoundedReadException(BoundedReadException.Reason.NOT_FOUND, "no such file");
    }
    if (!kind.equals("a regular file")) {
      throw new BoundedReadException(
          BoundedReadException.Reason.NOT_A_FILE, "is " + kind + ", not a regular file");
    }
    try {
      // a regular file that says it is too large is refused unread; one that grows, or says 0
      // (/proc), is still cut by readNBytes below
      if (Files.size(file) > limit) {
        throw new BoundedReadException(
            BoundedReadException.Reason.TOO_LARGE, "larger than " + sizeWords(limit));
      }
    } catch (IOException e) {
      if (e instanceof BoundedReadException b) {
        throw b;
      }
      // unreadable attributes: the read below says why
    }
    FutureTask<byte[]> task =
        new FutureTask<>(
            () -> {
              try (InputStream in = Files.newInputStream(file)) {
                return in.readNBytes(limit + 1);
              }
            });
    Thread t = new Thread(task, "cird-file-read");
    t.setDaemon(true);
    t.start();
    byte[] b;
    try {
      b = task.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      throw new BoundedReadException(
          BoundedReadException.Reason.TIMEOUT, "no data within " + wait.toMillis() + " ms");
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new BoundedReadException(BoundedReadException.Reason.IO, "interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw new BoundedReadException(
          c instanceof NoSuchFileException
              ? BoundedReadException.Reason.NOT_FOUND
              : BoundedReadException.Reason.IO,
          c instanceof IOException io ? reason(io) : String.valueOf(c),
          c);
    }
    if (b.length > limit) {
      throw new BoundedReadException(
          BoundedReadException.Reason.TOO_LARGE, "larger than " + sizeWords(limit));
    }
    return b;
  }

  /** {@code 16 MiB}, {@code 4 KiB} or {@code 1000 bytes}: a limit as a person reads it. */
  public static String sizeWords(long bytes) {
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " bytes";
  }

  /**
   * A short reason for a person: {@code permission denied}, {@code no such file}, the file system's
   * reason (its message repeats the path the caller already names), or the exception's text.
   */
  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
  }
}
