package dev.canirundocker.fleet;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.ImageCompatibility;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.report.CheckResult.Source;
import dev.canirundocker.report.TargetError;
import dev.canirundocker.text.Text;
import java.nio.file.Path;

/** The matrix columns the library can judge without a daemon: bare platforms and image archives. */
public final class Targets {
  private Targets() {}

  /** A bare platform ({@code check --platform}). */
  public static Matrix.Target platform(String name, Platform p) {
    return Matrix.Target.of(name, Source.PLATFORM, host -> ImageCompatibility.evaluate(host, p));
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
      return Matrix.Target.failed(
          name, Source.ARCHIVE, new TargetError(TargetError.ARCHIVE_UNREADABLE, Text.message(e)));
    }
    return Matrix.Target.of(
        name,
        Source.ARCHIVE,
        host -> {
          try {
            return CanIRunDocker.archive(host, a);
          } catch (ImageArchiveException e) {
            throw new Matrix.TargetException(TargetError.ARCHIVE_UNREADABLE, Text.message(e));
          }
        });
  }
}
