package dev.canirundocker.host;

/**
 * A saved host profile that cannot be read: malformed JSON, wrong shape or unknown schema version.
 */
public class InvalidHostProfileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidHostProfileException(String message, Throwable cause) {
    super(dev.canirundocker.text.Text.oneLine(message), cause);
  }
}
