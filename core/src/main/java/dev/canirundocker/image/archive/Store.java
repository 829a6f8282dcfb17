package dev.canirundocker.image.archive;

import dev.canirundocker.image.ImageArchiveException;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Access to an archive's members, whatever holds them: a tar file ({@link TarStore}), an OCI layout
 * directory ({@link DirStore}), or what a single pass over a stream kept ({@link MemoryStore}).
 */
interface Store {
  /** The member of that name, or null when the archive has none. */
  @Nullable Member member(String name) throws ImageArchiveException;

  /** The member's data as stored; the caller closes it. */
  InputStream open(Member m) throws IOException;

  /** A layer already indexed while the archive was read (stream mode), else null. */
  default @Nullable LayerIndex preIndexed(String name) {
    return null;
  }
}
