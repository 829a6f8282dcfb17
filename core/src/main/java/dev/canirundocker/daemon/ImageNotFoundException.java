package dev.canirundocker.daemon;

/** The daemon has no image by that name (HTTP 404, "No such image: NAME"). */
public class ImageNotFoundException extends DaemonApiException {
  private static final long serialVersionUID = 1L;

  private final String image;

  public ImageNotFoundException(String image, String daemonMessage) {
    super("image-not-found", 404, daemonMessage, "image '" + image + "' not found: " + daemonMessage,
        "Pull or build the image first (docker pull " + image + "), or check its name and tag.");
    this.image = image;
  }

  /** The image reference as the caller gave it. */
  public String image() {
    return image;
  }
}
