package dev.canirundocker.json;

/**
 * Thrown when a JSON document is malformed or has the wrong shape. The message names the problem.
 */
public class JsonException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public JsonException(String message) {
    super(dev.canirundocker.text.Text.oneLine(message));
  }
}
