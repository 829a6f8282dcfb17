package dev.canirundocker.image;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:encoded}, as the OCI image-spec's descriptor.md "Digests"
 * defines it:
 *
 * <pre>
 * digest                ::= algorithm ":" encoded
 * algorithm             ::= algorithm-component (algorithm-separator algorithm-component)*
 * algorithm-component   ::= [a-z0-9]+
 * algorithm-separator   ::= [+._-]
 * encoded               ::= [a-zA-Z0-9=_-]+
 * </pre>
 *
 * <p>A known algorithm fixes its encoding: lower-case hex of the hash's size, {@code sha256} and
 * {@code blake3} 64 digits, {@code sha512} 128 (the image-spec's registered algorithms), and {@code
 * sha384} 96 (registered by default in opencontainers/go-digest algorithm.go, which the Docker
 * engine validates with). An unknown algorithm that fits the grammar is accepted ("implementations
 * SHOULD allow digests with unrecognized algorithms to pass validation"), and says so through
 * {@link #isKnownAlgorithm()}. The checks and their order follow go-digest's {@code
 * Digest.Validate}: the shape, then the algorithm, then the length, then the digits.
 */
public final class Digest {
  private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*");
  private static final Pattern ENCODED = Pattern.compile("[a-zA-Z0-9=_-]+");
  private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");

  /** Hex digits per known algorithm. */
  private static final Map<String, Integer> HEX_LENGTH =
      Map.of("sha256", 64, "sha384", 96, "sha512", 128, "blake3", 64);

  private final String algorithm;
  private final String encoded;

  private Digest(String algorithm, String encoded) {
    this.algorithm = algorithm;
    this.encoded = encoded;
  }

  /**
   * Parses {@code algorithm:encoded}.
   *
   * @throws InvalidDigestException naming the input and what is wrong with it
   */
  public static Digest parse(String digest) {
    Objects.requireNonNull(digest, "digest");
    int colon = digest.indexOf(':');
    if (colon < 0 || colon == digest.length() - 1) {
      throw new InvalidDigestException(digest, InvalidDigestException.FORMAT);
    }
    return of(digest.substring(0, colon), digest.substring(colon + 1), digest);
  }

  /**
   * A digest of its two parts ({@code of("sha256", hex)}).
   *
   * @throws InvalidDigestException when either part is invalid
   */
  public static Digest of(String algorithm, String encoded) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(encoded, "encoded");
    return of(algorithm, encoded, algorithm + ":" + encoded);
  }

  private static Digest of(String algorithm, String encoded, String input) {
    Integer known = HEX_LENGTH.get(algorithm);
    if (known != null && encoded.length() == known && lowerHex(encoded)) {
      // the common case (every image ID and layer): a known algorithm passes ALGORITHM and lower
      // hex passes ENCODED, so the checks below would all pass; skipped, they cost a sweep nothing
      return new Digest(algorithm, encoded);
    }
    if (!ALGORITHM.matcher(algorithm).matches() || !ENCODED.matcher(encoded).matches()) {
      throw new InvalidDigestException(input, InvalidDigestException.FORMAT);
    }
    Integer hex = HEX_LENGTH.get(algorithm);
    if (hex != null) {
      if (encoded.length() != hex) {
        throw new InvalidDigestException(input, InvalidDigestException.LENGTH);
      }
      if (!LOWER_HEX.matcher(encoded).matches()) {
        throw new InvalidDigestException(input, InvalidDigestException.FORMAT);
      }
    }
    return new Digest(algorithm, encoded);
  }

  /** Whether {@code s} is {@code [a-f0-9]+} (LOWER_HEX), without a matcher. */
  private static boolean lowerHex(String s) {
    if (s.isEmpty()) {
      return false;
    }
    // over the bytes, not charAt: an image's digests pass here on every inspect, and until the JIT
    // compiles this loop each charAt is a call chain (a char past Latin-1 becomes '?', not hex)
    for (byte c : s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) {
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} parses, without building the exception. */
  public static boolean isValid(String s) {
    try {
      parse(s);
      return true;
    } catch (InvalidDigestException e) {
      return false;
    }
  }

  /** The sha256 digest of hex digits (either case; kept lower-case). */
  public static Digest sha256(String hex) {
    return of("sha256", hex.toLowerCase(Locale.ROOT));
  }

  /** The algorithm: {@code sha256}. */
  public String algorithm() {
    return algorithm;
  }

  /** The encoded hash: for the known algorithms, lower-case hex. */
  public String encoded() {
    return encoded;
  }

  /** Whether the algorithm is one whose encoding is checked (sha256, sha384, sha512, blake3). */
  public boolean isKnownAlgorithm() {
    return HEX_LENGTH.containsKey(algorithm);
  }

  /**
   * Where an OCI image layout keeps the blob: {@code blobs/<alg>/<encoded>} (image-spec
   * image-layout.md).
   */
  public String blobPath() {
    return "blobs/" + algorithm + "/" + encoded;
  }

  /** {@code algorithm:encoded}. */
  @Override
  public String toString() {
    return algorithm + ":" + encoded;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digest
        && ((Digest) o).algorithm.equals(algorithm)
        && ((Digest) o).encoded.equals(encoded);
  }

  @Override
  public int hashCode() {
    return algorithm.hashCode() * 31 + encoded.hashCode();
  }
}
