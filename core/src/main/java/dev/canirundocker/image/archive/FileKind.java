package dev.canirundocker.image.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a path is, as stat(2)'s {@code st_mode} file type says (inode(7) "The file type and mode"):
 * an archive is a regular file, a directory (OCI layout) or a FIFO ({@code --archive <(docker save
 * x)}); anything else is refused with what it is, never read (a device like {@code /dev/zero} never
 * ends).
 */
enum FileKind {
  REGULAR("a regular file"),
  DIRECTORY("a directory"),
  FIFO("a FIFO (named pipe)"),
  CHARACTER_DEVICE("a character device"),
  BLOCK_DEVICE("a block device"),
  SOCKET("a socket"),
  OTHER("not a regular file");

  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFIFO = 0010000;

  private final String words;

  FileKind(String words) {
    this.words = words;
  }

  /** How a message names it ("a FIFO (named pipe)"). */
  String words() {
    return words;
  }

  /** The kind of an existing path, symbolic links followed. */
  static FileKind of(Path p) throws IOException {
    Object mode;
    try {
      mode = Files.getAttribute(p, "unix:mode");
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // no unix view (Windows): the basic attributes tell files and directories from the rest
      return Files.isDirectory(p) ? DIRECTORY : Files.isRegularFile(p) ? REGULAR : OTHER;
    }
    return ofMode((Integer) mode);
  }

  /** The kind a {@code st_mode} value names. */
  static FileKind ofMode(int mode) {
    switch (mode & S_IFMT) {
      case S_IFREG:
        return REGULAR;
      case S_IFDIR:
        return DIRECTORY;
      case S_IFIFO:
        return FIFO;
      case S_IFCHR:
        return CHARACTER_DEVICE;
      case S_IFBLK:
        return BLOCK_DEVICE;
      case S_IFSOCK:
        return SOCKET;
      default:
        return OTHER;
    }
  }
}
