package dev.canirundocker.image;

/**
 * A string that is not a valid {@link Digest}; {@link #getInvalidDigest()} is the input as given.
 * The reasons are go-digest's error texts (digest.go {@code ErrDigestInvalidFormat}, {@code
 * ErrDigestInvalidLength}).
 */
public class InvalidDigestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  static final String FORMAT = "invalid checksum digest format";
  static final String LENGTH = "invalid checksum digest length";

  private final String invalidDigest;
  private final String reason;

  InvalidDigestException(String invalidDigest, String reason) {
    super(dev.canirundocker.text.Text.oneLine("invalid digest '" + invalidDigest + "': " + reason));
    this.invalidDigest = invalidDigest;
    this.reason = reason;
  }

  /** The input that did not parse. */
  public String getInvalidDigest() {
    return invalidDigest;
  }

  /** What is wrong with it, in go-digest's words ({@code invalid checksum digest length}). */
  public String reason() {
    return reason;
  }
}
