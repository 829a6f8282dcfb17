package dev.canirundocker.fleet;

import org.jspecify.annotations.Nullable;

/**
 * A Kubernetes node list that cannot be read: not JSON, not a {@code NodeList} (or {@code List} of
 * {@code Node}s, or one {@code Node}), or a node without the facts every node reports. The message
 * names the field ({@code items[2].status.nodeInfo.architecture: missing}).
 */
public class InvalidNodeListException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidNodeListException(@Nullable String message, @Nullable Throwable cause) {
    super(dev.canirundocker.text.Text.oneLine(message), cause);
  }

  public InvalidNodeListException(String message) {
    this(message, null);
  }
}
