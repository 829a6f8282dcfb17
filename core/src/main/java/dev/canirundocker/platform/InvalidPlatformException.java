package dev.canirundocker.platform;

/** Thrown when a platform string cannot be parsed; the message quotes it and says what is wrong. */
public class InvalidPlatformException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidPlatformException(String message) {
    super(dev.canirundocker.text.Text.oneLine(message));
  }
}
