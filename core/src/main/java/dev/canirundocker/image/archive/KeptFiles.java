package dev.canirundocker.image.archive;

import dev.canirundocker.image.Distribution;
import dev.canirundocker.image.EntrypointResolver;
import dev.canirundocker.image.ImageFileSystem;
import dev.canirundocker.image.ImageFileSystem.LayerEntry;
import dev.canirundocker.image.archive.TarEntry.Type;
import java.util.List;

/**
 * Which files' first bytes the layer indexer keeps while a layer passes, for layers it cannot read
 * again cheaply (a stream passes once; a gzip layer would have to be inflated again).
 *
 * <ul>
 *   <li>every regular file with an execute bit: only such a file can be a container's first process
 *       (execve(2) needs one), so the entrypoint, its symbolic-link targets, script interpreters
 *       and the ELF program interpreter ({@code PT_INTERP}) are among them;
 *   <li>the files in {@link #PATHS}, whatever their mode: facts an image states about itself;
 *   <li>the files {@link #PATTERNS} match, whatever their mode: libraries whose ELF notes the
 *       checks read (CUDA's forward-compatibility libcuda).
 * </ul>
 *
 * A reader that needs another file of every image adds its path here and asks {@code
 * ArchiveImage.readFile}; nothing else changes.
 */
public final class KeptFiles {
  /**
   * Non-executable files kept, by their path in a layer: the image's os-release files ({@link
   * Distribution#FILES}, both, since one is usually a link to the other). Add a path here to have
   * it kept.
   */
  public static final List<String> PATHS = List.copyOf(Distribution.FILES);

  /**
   * Non-executable files kept, by a pattern over their path in a layer: CUDA's
   * forward-compatibility libraries ({@code cuda-compat-X-Y} installs {@code
   * /usr/local/cuda-X.Y/compat/libcuda.so.<driver>}, reached through the {@code /usr/local/cuda}
   * link), whose ELF note names the driver branches they run on.
   */
  public static final List<java.util.regex.Pattern> PATTERNS =
      List.of(
          java.util.regex.Pattern.compile(
              "/usr/local/cuda(?:-\\d+(?:\\.\\d+)*)?/compat/libcuda\\.so\\.\\d+(?:\\.\\d+)+"));

  /** At most this many bytes of each kept file. */
  public static final int MAX_BYTES = EntrypointResolver.HEAD_BYTES;

  private KeptFiles() {}

  /** Whether the head of this layer entry is kept. */
  static boolean kept(ImageFileSystem.LayerEntry e) {
    return e.type() == Type.FILE
        && e.size() > 0
        && ((e.mode() & 0111) != 0
            || PATHS.contains(e.path())
            || PATTERNS.stream().anyMatch(p -> p.matcher(e.path()).matches()));
  }

  /** How many bytes of it are kept. */
  static int bytes(LayerEntry e) {
    return (int) Math.min(e.size(), MAX_BYTES);
  }
}
