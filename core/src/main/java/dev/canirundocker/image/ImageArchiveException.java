package dev.canirundocker.image;

import java.io.IOException;

/**
 * An image archive could not be read: it is truncated, malformed, hostile or exceeds a limit of
 * {@link ArchiveLimits}. The message is one line that names the archive and the problem, for
 * example {@code archive /tmp/x.tar: blob sha256:ab12... digest mismatch (content is
 * sha256:cd34...)}.
 */
public class ImageArchiveException extends IOException {
  private static final long serialVersionUID = 1L;

  public ImageArchiveException(String message) {
    super(dev.canirundocker.text.Text.oneLine(message));
  }

  public ImageArchiveException(String message, Throwable cause) {
    super(dev.canirundocker.text.Text.oneLine(message), cause);
  }
}
