package dev.canirundocker.daemon;

/** The daemon did not connect or answer within the configured timeout. */
public class DaemonTimeoutException extends DaemonException {
  private static final long serialVersionUID = 1L;

  /** The remediation given on a timeout. */
  public static final String REMEDIATION =
      "The daemon accepted the connection but did not answer in"
          + " time: it may be starting, overloaded or hung. Check its log (journalctl -u docker, or"
          + " Docker Desktop's troubleshooting page) and restart it if needed.";

  public DaemonTimeoutException(String message, Throwable cause) {
    super("timeout", message, REMEDIATION, cause);
  }
}
