package dev.canirundocker.host.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Bounded reads of small kernel files. /proc files report size 0, so they are read as streams; a
 * bound keeps a hostile or mistaken path (a device, a huge file in a fixture) from exhausting
 * memory.
 */
final class ProcFiles {
  /** Enough for any /proc or /sys text file the readers use (mountinfo of a busy node included). */
  static final int SMALL_FILE_MAX = 4 * 1024 * 1024;

  private ProcFiles() {}

  /**
   * Reads at most {@code max} bytes.
   *
   * @param display the path as the user would find it, for messages
   * @throws NoSuchFileException when the file is absent (so callers can tell absence apart)
   * @throws LinuxReadException for any other problem, naming {@code display}
   */
  static byte[] readBytes(Path file, String display, int max)
      throws NoSuchFileException, LinuxReadException {
    // Only regular files: a directory fails to read, and a FIFO or device could block forever.
    // One stat: a probe reads some hundred files, and each check is a system call and objects.
    try {
      if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
        throw new LinuxReadException(display + ": not a regular file");
      }
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      // unreadable attributes: the open below says why
    }
    try (InputStream in = open(file)) {
      byte[] b = in.readNBytes(max + 1);
      if (b.length > max) {
        throw new LinuxReadException(display + ": larger than " + max + " bytes");
      }
      return b;
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new LinuxReadException(display + ": " + reason(e), e);
    }
  }

  /**
   * Opens a file for reading. A FileInputStream where it can: for the small files of /proc and /sys
   * it reads straight into the array, where Files.newInputStream's channel goes through a direct
   * buffer and interruptible-I/O bookkeeping, about twice the cost per file measured over the
   * binfmt_misc entries. Where that open fails, Files.newInputStream opens it again, for its typed
   * reason (NoSuchFileException, AccessDeniedException); other file systems (a test's) use it
   * directly.
   */
  private static InputStream open(Path file) throws IOException {
    if (file.getFileSystem() == java.nio.file.FileSystems.getDefault()) {
      try {
        return new java.io.FileInputStream(file.toFile());
      } catch (java.io.FileNotFoundException e) {
        // fall through: the NIO open names the reason
      }
    }
    return Files.newInputStream(file);
  }

  /** The file's text (UTF-8, malformed bytes replaced), or null when it does not exist. */
  static @Nullable String readTextOrNull(Path file, String display) throws LinuxReadException {
    try {
      return new String(readBytes(file, display, SMALL_FILE_MAX), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The file's text; absence is an error naming the file. */
  static String readText(Path file, String display) throws LinuxReadException {
    String s = readTextOrNull(file, display);
    if (s == null) {
      throw new LinuxReadException(display + ": not found");
    }
    return s;
  }

  /** The file's lines; absence is an error naming the file. */
  static List<String> readLines(Path file, String display) throws LinuxReadException {
    return lines(readText(file, display));
  }

  /** The file's lines, or null when it does not exist. */
  static @Nullable List<String> readLinesOrNull(Path file, String display)
      throws LinuxReadException {
    String s = readTextOrNull(file, display);
    return s == null ? null : lines(s);
  }

  /** The first line, trimmed; absence is an error. */
  static String readFirstLine(Path file, String display) throws LinuxReadException {
    List<String> l = readLines(file, display);
    return l.isEmpty() ? "" : l.get(0).trim();
  }

  /** The names in a directory, in directory order; null when the directory does not exist. */
  static @Nullable List<String> listOrNull(Path dir, String display) throws LinuxReadException {
    List<String> names = new ArrayList<>();
    try (var ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        names.add(p.getFileName().toString());
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (NotDirectoryException e) {
      throw new LinuxReadException(display + ": not a directory");
    } catch (IOException e) {
      throw new LinuxReadException(display + ": " + reason(e), e);
    } catch (DirectoryIteratorException e) {
      // its constructor refuses a null cause
      throw new LinuxReadException(
          display + ": " + reason(java.util.Objects.requireNonNull(e.getCause(), "cause")), e);
    }
    return names;
  }

  static List<String> lines(String s) {
    List<String> out = new ArrayList<>();
    for (String l : s.split("\n", -1)) {
      out.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
    }
    // a trailing newline is not an extra empty line
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  /** A short reason for a person: "permission denied", "not found", or the exception's text. */
  static String reason(IOException e) {
    // the one wording of I/O failures (io.BoundedFiles), with this reader's word for absence
    return e instanceof NoSuchFileException
        ? "not found"
        : dev.canirundocker.io.BoundedFiles.reason(e);
  }
}
