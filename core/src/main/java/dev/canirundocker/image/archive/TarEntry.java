package dev.canirundocker.image.archive;

/**
 * One member of a tar stream, as {@link TarReader} returns it: the name and link target with GNU
 * long-name and PAX records already applied.
 *
 * @param name the entry name as stored (not yet cleaned)
 * @param type what the entry is
 * @param linkName the target of a symbolic or hard link, else empty
 * @param size data size in bytes
 * @param mode permission bits
 * @param dataOffset where the data starts, counted from the start of the tar stream
 */
public record TarEntry(
    String name, Type type, String linkName, long size, int mode, long dataOffset) {

  /** Entry kinds; the rest (devices, FIFOs, sparse files, unknown types) are {@link #OTHER}. */
  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    OTHER
  }
}
