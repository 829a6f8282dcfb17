package dev.canirundocker.platform;

/**
 * Thrown when a platform names a variant its architecture does not have ({@code linux/amd64/v5},
 * {@code linux/386/x}): a request for a platform that does not exist, which a command line reports
 * as a usage error rather than judging a platform nothing matches.
 */
public class UnknownVariantException extends InvalidPlatformException {
  private static final long serialVersionUID = 1L;

  private final String variant;

  public UnknownVariantException(String message, String variant) {
    super(message);
    this.variant = variant;
  }

  /** The variant as given. */
  public String variant() {
    return variant;
  }
}
