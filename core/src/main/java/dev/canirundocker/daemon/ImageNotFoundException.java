package dev.canirundocker.daemon;

/**
 * The daemon has no image by that name (HTTP 404). The daemon's own text ("No such image: NAME", or
 * on 20.10 "no such image: NAME: No such image: NAME") is kept in {@link #daemonMessage()}; the
 * message is ours, so that it reads the same on every engine.
 */
public class ImageNotFoundException extends DaemonApiException {
  private static final long serialVersionUID = 1L;

  private final String image;

  public ImageNotFoundException(String image, String endpoint, String daemonMessage) {
    super(
        "image-not-found",
        404,
        daemonMessage,
        "image '" + image + "' not found in the daemon at " + endpoint,
        "Pull or build the image first (docker pull " + image + "), or check its name and tag.");
    this.image = image;
  }

  /** The image reference as the caller gave it. */
  public String image() {
    return image;
  }
}
