package dev.canirundocker.host.linux;

import org.jspecify.annotations.Nullable;

/**
 * A /proc or /sys fact could not be read or did not have the expected form. The message is one line
 * that names the file (as the user would find it, {@code /proc/self/mountinfo}) and the problem.
 */
public class LinuxReadException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception whose message is {@code message}: one line naming the input and the problem. */
  public LinuxReadException(@Nullable String message) {
    super(dev.canirundocker.text.Text.oneLine(message));
  }

  /** Like {@link #LinuxReadException(String)}, keeping the I/O cause for logs. */
  public LinuxReadException(@Nullable String message, @Nullable Throwable cause) {
    super(dev.canirundocker.text.Text.oneLine(message), cause);
  }
}
