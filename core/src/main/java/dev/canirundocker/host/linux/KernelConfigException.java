package dev.canirundocker.host.linux;

import org.jspecify.annotations.Nullable;

/**
 * A kernel configuration could not be found, read or understood. The message is one line naming the
 * file and the problem ({@code /tmp/cfg: not a kernel config (no CONFIG_ lines)}).
 */
public class KernelConfigException extends LinuxReadException {
  private static final long serialVersionUID = 1L;

  /** An exception with a one-line message naming the file and the problem. */
  public KernelConfigException(@Nullable String message) {
    super(message);
  }

  /** Like {@link #KernelConfigException(String)}, keeping the cause for logs. */
  public KernelConfigException(@Nullable String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
