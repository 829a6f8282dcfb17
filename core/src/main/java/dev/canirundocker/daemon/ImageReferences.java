package dev.canirundocker.daemon;

import dev.canirundocker.image.Digest;
import dev.canirundocker.image.InvalidDigestException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks image references before they are sent to a daemon, so that a mistyped or hostile name
 * (spaces, control characters, upper case) is refused locally with a clear message instead of
 * travelling, percent-encoded, into a request path.
 *
 * <p>What the daemon takes is distribution/reference normalize.go {@code ParseAnyReference}
 * (daemon/images/image.go): an image ID (64 hex digits, or a {@link Digest} of an algorithm the
 * engine links: sha256, sha384, sha512), else a name parsed and normalized as {@link
 * ImageReference#parse} does. A hex prefix of an ID is also a valid name.
 */
public final class ImageReferences {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");

  private ImageReferences() {}

  /**
   * Checks a reference as {@code docker image inspect} would take it.
   *
   * @throws InvalidImageReferenceException naming the reference and the problem
   */
  public static void check(String reference) {
    parseAny(reference);
  }

  /**
   * Parses a reference as {@code docker image inspect} would take it: empty for an image ID (which
   * the daemon looks up as it is), else the normalized name.
   *
   * @throws InvalidImageReferenceException naming the reference and the problem
   */
  public static Optional<ImageReference> parseAny(String reference) {
    if (reference == null || reference.isEmpty()) {
      throw new InvalidImageReferenceException("", "empty");
    }
    if (imageId(reference).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(ImageReference.parse(reference));
  }

  /**
   * The image ID a reference is, where it is one: 64 hex digits (an implied sha256) or a digest of
   * sha256, sha384 or sha512 with the algorithm's length (normalize.go {@code ParseAnyReference}).
   */
  public static Optional<Digest> imageId(String reference) {
    // the length first: every inspect of a sweep passes here with a "sha256:..." ID, and a matcher
    // costs a short run more than the comparison
    if (reference.length() == 64 && IDENTIFIER.matcher(reference).matches()) {
      return Optional.of(Digest.of("sha256", reference));
    }
    if (reference.length() > ImageReference.MAX_INPUT) {
      return Optional.empty();
    }
    try {
      Digest d = Digest.parse(reference);
      switch (d.algorithm()) {
        case "sha256":
        case "sha384":
        case "sha512":
          return Optional.of(d);
        default:
          return Optional.empty();
      }
    } catch (InvalidDigestException e) {
      return Optional.empty();
    }
  }
}
