package dev.canirundocker.host;

import org.jspecify.annotations.Nullable;

/**
 * A saved host profile that cannot be read: malformed JSON, wrong shape or unknown schema version.
 */
public class InvalidHostProfileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidHostProfileException(@Nullable String message, Throwable cause) {
    super(dev.canirundocker.text.Text.oneLine(message), cause);
  }
}
