package dev.canirundocker.image;

/**
 * One path of an image's merged file system, as the index pass saw it (no contents).
 *
 * @param path absolute, cleaned path inside the image ({@code /usr/bin/app})
 * @param kind what it is
 * @param linkTarget symbolic link target as stored, or the missing target of a broken hard link;
 *     else empty
 * @param size file size in bytes (0 for non-files)
 * @param mode permission bits ({@code 0755})
 * @param layer index of the layer that holds the data, bottom layer 0; -1 for implied directories
 * @param dataOffset offset of the data in that layer's uncompressed tar stream
 */
public record FileNode(
    String path, Kind kind, String linkTarget, long size, int mode, int layer, long dataOffset) {

  /** Node kinds. {@link #BROKEN_HARDLINK} is a hard link whose target the layers never held. */
  public enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK,
    OTHER,
    BROKEN_HARDLINK
  }

  /** Whether any execute bit is set: without one execve(2) fails with EACCES, even for root. */
  public boolean executable() {
    return (mode & 0111) != 0;
  }
}
