package dev.canirundocker.daemon;

import org.jspecify.annotations.Nullable;

/**
 * An image name, tag, digest or ID that no daemon would accept; the message names it, and {@link
 * #getInvalidReference()} gives it as it was given.
 */
public class InvalidImageReferenceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String invalidReference;

  /** An exception with this message (which names the reference). */
  public InvalidImageReferenceException(String message) {
    super(dev.canirundocker.text.Text.oneLine(message));
    this.invalidReference = null;
  }

  /**
   * {@code invalid image reference '<reference>': <reason>}.
   *
   * @param reason what is wrong, in the engine's words ({@code invalid reference format})
   */
  public InvalidImageReferenceException(String reference, String reason) {
    super(
        dev.canirundocker.text.Text.oneLine(
            "invalid image reference '" + shown(reference) + "': " + reason));
    this.invalidReference = reference;
  }

  /** A reference longer than 1024 characters is shown by its start. */
  private static String shown(String reference) {
    return reference.length() > 1024 ? reference.substring(0, 64) + "..." : reference;
  }

  /** The reference that did not parse, or null where the message alone was given. */
  public @Nullable String getInvalidReference() {
    return invalidReference;
  }
}
