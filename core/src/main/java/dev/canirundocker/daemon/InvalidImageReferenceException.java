package dev.canirundocker.daemon;

/** An image name, tag, digest or ID that no daemon would accept; the message names it. */
public class InvalidImageReferenceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidImageReferenceException(String message) {
    super(dev.canirundocker.text.Text.oneLine(message));
  }
}
