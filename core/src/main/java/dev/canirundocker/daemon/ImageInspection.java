package dev.canirundocker.daemon;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the daemon answered to one image's inspect within {@link DaemonClient#inspectImages}: the
 * image, or the failure {@link DaemonClient#inspectImage(String)} would have thrown for that name.
 *
 * @param name the name as asked
 * @param image the image; null exactly when {@code error} is set
 * @param error why the inspect failed ({@link ImageNotFoundException}, a timeout, ...); null
 *     exactly when {@code image} is set
 */
public record ImageInspection(
    String name, @Nullable DaemonImage image, @Nullable DaemonException error) {

  public ImageInspection {
    Objects.requireNonNull(name, "name");
    if ((image == null) == (error == null)) {
      throw new IllegalArgumentException("an inspection has an image or an error, not both");
    }
  }

  /** An inspect that answered {@code image}. */
  public static ImageInspection of(String name, DaemonImage image) {
    return new ImageInspection(name, Objects.requireNonNull(image, "image"), null);
  }

  /** An inspect that failed with {@code error}. */
  public static ImageInspection failed(String name, DaemonException error) {
    return new ImageInspection(name, null, Objects.requireNonNull(error, "error"));
  }

  /**
   * The image.
   *
   * @throws DaemonException the inspect's failure, when it failed
   */
  public DaemonImage get() throws DaemonException {
    if (image == null) {
      throw Objects.requireNonNull(error, "an inspection without an image has an error");
    }
    return image;
  }
}
