package dev.canirundocker.daemon;

import org.jspecify.annotations.Nullable;

/**
 * Nothing answers at the endpoint: no socket file, connection refused, unknown host, or an endpoint
 * scheme this client cannot dial.
 */
public class DaemonUnreachableException extends DaemonException {
  private static final long serialVersionUID = 1L;

  /** The remediation given when no daemon answers. */
  public static final String REMEDIATION =
      "Start the Docker daemon (sudo systemctl start docker, or"
          + " start Docker Desktop / colima / Rancher Desktop / OrbStack), or point DOCKER_HOST or"
          + " --docker-host at a running daemon.";

  public DaemonUnreachableException(String message, Throwable cause) {
    super("unreachable", message, REMEDIATION, cause);
  }

  DaemonUnreachableException(String message, String remediation, @Nullable Throwable cause) {
    super("unreachable", message, remediation, cause);
  }
}
