package dev.canirundocker.daemon;

import org.jspecify.annotations.Nullable;

/**
 * The daemon's address cannot be worked out: a malformed DOCKER_HOST or --docker-host, a docker
 * context that does not exist, or an unreadable context store.
 */
public class DaemonEndpointException extends DaemonException {
  private static final long serialVersionUID = 1L;

  public DaemonEndpointException(String message, @Nullable Throwable cause) {
    super(
        "bad-endpoint",
        message,
        "Fix DOCKER_HOST, --docker-host or the docker context"
            + " (docker context ls; docker context use default).",
        cause);
  }
}
