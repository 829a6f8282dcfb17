package dev.canirundocker.daemon;

import org.jspecify.annotations.Nullable;

/**
 * The endpoint answered, but not with a well-formed Docker Engine API response: not HTTP, a
 * truncated body, a body over the size bound, or JSON of the wrong shape.
 */
public class DaemonProtocolException extends DaemonException {
  private static final long serialVersionUID = 1L;

  /** The remediation given for garbage answers. */
  public static final String REMEDIATION =
      "The endpoint does not answer like a Docker Engine: check"
          + " that DOCKER_HOST, --docker-host or the docker context point at the Docker daemon's socket.";

  public DaemonProtocolException(String message, @Nullable Throwable cause) {
    super("bad-response", message, REMEDIATION, cause);
  }
}
