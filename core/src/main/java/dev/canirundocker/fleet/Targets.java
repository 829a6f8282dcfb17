package dev.canirundocker.fleet;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.ImageCompatibility;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.platform.Platform;
import java.nio.file.Path;

/** The matrix columns the library can judge without a daemon: bare platforms and image archives. */
public final class Targets {
  /** The error kind of an archive that cannot be read (the check document's error result). */
  public static final String ARCHIVE_UNREADABLE = "archive.unreadable";

  private Targets() {}

  /** A bare platform ({@code check --platform}). */
  public static Matrix.Target platform(String name, Platform p) {
    return Matrix.Target.of(name, "platform", host -> ImageCompatibility.evaluate(host, p));
  }

  /**
   * An image archive, read once here and judged on every host (docker save tarball, OCI layout
   * directory or tar). An archive that cannot be read is a failed column, not a stopped batch.
   */
  public static Matrix.Target archive(String name, Path path) {
    ImageArchive a;
    try {
      a = ImageArchive.read(path);
    } catch (ImageArchiveException e) {
      return Matrix.Target.failed(name, "archive", new CellError(ARCHIVE_UNREADABLE, e.getMessage()));
    }
    return Matrix.Target.of(name, "archive", host -> {
      try {
        return CanIRunDocker.archive(host, a);
      } catch (ImageArchiveException e) {
        throw new Matrix.TargetException(ARCHIVE_UNREADABLE, e.getMessage());
      }
    });
  }
}
