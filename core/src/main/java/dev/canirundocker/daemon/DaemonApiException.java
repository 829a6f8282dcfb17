package dev.canirundocker.daemon;

import org.jspecify.annotations.Nullable;

/**
 * The daemon answered a request with an HTTP error status; the message carries the daemon's own
 * error text (the {@code message} field of its JSON error body, moby api/server/httputils).
 */
public class DaemonApiException extends DaemonException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String daemonMessage;

  public DaemonApiException(int statusCode, String daemonMessage, String message) {
    this("api-error", statusCode, daemonMessage, message, remediationFor(daemonMessage));
  }

  DaemonApiException(
      String kind,
      int statusCode,
      String daemonMessage,
      String message,
      @Nullable String remediation) {
    super(kind, message, remediation, null);
    this.statusCode = statusCode;
    this.daemonMessage = daemonMessage;
  }

  private static @Nullable String remediationFor(String daemonMessage) {
    // moby api/server/middleware/version.go answers "client version X is too old. Minimum
    // supported API version is Y, please upgrade your client to a newer version" (400) for a
    // versioned path below its minimum, and "... is too new" above its maximum.
    if (daemonMessage != null && daemonMessage.contains("too old")) {
      return "The daemon no longer supports this API version: upgrade the client or use"
          + " unversioned requests.";
    }
    if (daemonMessage != null && daemonMessage.contains("too new")) {
      return "The Docker engine is older than this client expects: upgrade the Docker engine.";
    }
    return null;
  }

  /** The HTTP status code, such as 400, 404 or 500. */
  public int statusCode() {
    return statusCode;
  }

  /** The daemon's error text, or the start of a non-JSON body; never null. */
  public String daemonMessage() {
    return daemonMessage;
  }
}
