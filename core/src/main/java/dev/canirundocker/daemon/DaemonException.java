package dev.canirundocker.daemon;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A failure talking to the Docker daemon. Subclasses say what kind; {@link #kind()} is the stable
 * word used in JSON ({@code unreachable}, {@code permission-denied}, {@code timeout}, {@code
 * bad-response}, {@code api-error}, {@code bad-endpoint}) and {@link #remediation()} what a user
 * can do about it. Messages are one line and name the endpoint.
 */
public class DaemonException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final @Nullable String remediation;

  protected DaemonException(
      String kind, String message, @Nullable String remediation, @Nullable Throwable cause) {
    super(dev.canirundocker.text.Text.oneLine(message), cause);
    this.kind = kind;
    this.remediation = remediation;
  }

  /** The stable kind word, as in {@link DaemonStatus.DaemonError#kind()}. */
  public String kind() {
    return kind;
  }

  /** What a user can do about it, or null when nothing specific helps. */
  public @Nullable String remediation() {
    return remediation;
  }
}
