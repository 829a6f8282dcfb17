package dev.canirundocker.io;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** A bounded read refused or failed; {@link #reason()} says which way, the message in words. */
public class BoundedReadException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why the read gave no bytes. */
  public enum Reason {
    /** The path does not exist. */
    NOT_FOUND,
    /** A directory, FIFO, device or socket. */
    NOT_A_FILE,
    /** More bytes than the limit. */
    TOO_LARGE,
    /** No complete answer within the wait. */
    TIMEOUT,
    /** Any other I/O error. */
    IO
  }

  private final Reason reason;

  public BoundedReadException(Reason reason, String message) {
    this(reason, message, null);
  }

  public BoundedReadException(Reason reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
