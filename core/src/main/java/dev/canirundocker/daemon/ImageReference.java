package dev.canirundocker.daemon;

import dev.canirundocker.image.Digest;
import dev.canirundocker.image.InvalidDigestException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An image name with its optional tag and digest, parsed and normalized as the Docker engine does
 * it (distribution/reference normalize.go {@code ParseNormalizedNamed}): {@code ubuntu} is {@code
 * docker.io/library/ubuntu}, {@code index.docker.io/x} is {@code docker.io/x}, {@code localhost/x}
 * and a first component with a {@code .} or a {@code :port} (or upper-case letters) name a
 * registry.
 *
 * <p>The grammar is distribution/reference regexp.go: {@code [domain[:port]/]path[:tag][@digest]};
 * a path component is lower-case alphanumerics joined by {@code .}, {@code _}, {@code __} or runs
 * of {@code -}; a domain is DNS-like components or an IPv6 address in brackets (no zone), with an
 * optional port; a tag {@code [\w][\w.-]{0,127}}; a digest {@code algorithm:hex} with at least 32
 * hex digits, then validated as go-digest does (known algorithm, its length, lower-case hex). The
 * repository path is at most 255 characters (reference.go {@code RepositoryNameTotalLengthMax},
 * counted after normalization, as {@code ParseNormalizedNamed} does). A 64-digit hex string is an
 * image ID, never a name.
 *
 * <p>Where the input breaks the grammar and would only pass in lower case, the reason is
 * "repository name must be lowercase" (reference.go {@code Parse}); both parses of the engine are
 * applied, the verbatim one first, so that {@code UPPER CASE} is an invalid format, not a case
 * problem.
 */
public final class ImageReference {
  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String REMOTE_NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
  private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
  private static final String DOMAIN_AND_PORT =
      "(?:" + DOMAIN_NAME + "|" + IPV6 + ")" + "(?::[0-9]+)?";
  private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + REMOTE_NAME;
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";

  /** reference.go {@code referencePat}: name, tag and digest captured. */
  private static final Pattern REFERENCE =
      Pattern.compile("(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");

  /** reference.go {@code anchoredNamePat}: domain and path captured. */
  private static final Pattern ANCHORED_NAME =
      Pattern.compile("(?:(" + DOMAIN_AND_PORT + ")/)?(" + REMOTE_NAME + ")");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");

  /** The longest input looked at: a name, a 128-character tag and a sha512 digest fit. */
  static final int MAX_INPUT = 1024;

  /** reference.go {@code RepositoryNameTotalLengthMax}. */
  public static final int NAME_MAX = 255;

  static final String DEFAULT_DOMAIN = "docker.io";
  private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
  private static final String OFFICIAL_PREFIX = "library/";
  private static final String DEFAULT_TAG = "latest";

  private final String registry;
  private final String repository;
  private final @Nullable String tag;
  private final @Nullable Digest digest;

  private ImageReference(
      String registry, String repository, @Nullable String tag, @Nullable Digest digest) {
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }

  /**
   * Parses a reference as {@code docker pull} and {@code docker image inspect} take it, normalized.
   *
   * @throws InvalidImageReferenceException naming the reference and the problem
   */
  public static ImageReference parse(String reference) {
    Objects.requireNonNull(reference, "reference");
    // the verbatim grammar first (reference.go Parse): its reasons are the engine's
    Matcher m = grammar(reference);
    if (IDENTIFIER.matcher(reference).matches()) {
      throw new InvalidImageReferenceException(
          reference, "cannot specify 64-byte hexadecimal strings as a repository name");
    }
    String[] split = splitDockerDomain(m.group(1));
    // normalize.go: the remote name (before any tag) must be lower case
    if (!split[1].toLowerCase(Locale.ROOT).equals(split[1])) {
      throw new InvalidImageReferenceException(reference, "repository name must be lowercase");
    }
    checkLength(reference, split[1]);
    Digest d = null;
    if (m.group(3) != null) {
      d = digestOf(reference, m.group(3));
    }
    return new ImageReference(split[0], split[1], m.group(2), d);
  }

  /**
   * reference.go {@code Parse}: the grammar only, nothing normalized; the registry is empty where
   * the name has no domain part ({@code test.com:5000} is the repository {@code test.com} with the
   * tag {@code 5000}). {@code name()} and {@code toString()} then read as the input does.
   *
   * @throws InvalidImageReferenceException naming the reference and the problem
   */
  static ImageReference parseVerbatim(String reference) {
    Matcher m = grammar(reference);
    Matcher n = ANCHORED_NAME.matcher(m.group(1));
    String domain = n.matches() && n.group(1) != null ? n.group(1) : "";
    String path = n.matches() ? n.group(2) : m.group(1);
    checkLength(reference, path);
    Digest d = m.group(3) == null ? null : digestOf(reference, m.group(3));
    return new ImageReference(domain, path, m.group(2), d);
  }

  /**
   * A reference of its parts, each checked ({@code of("docker.io", "library/ubuntu", "22.04",
   * null)}); the registry and repository are kept as given (not normalized).
   *
   * @param tag the tag, or null
   * @param digest the digest, or null
   * @throws InvalidImageReferenceException when a part is invalid
   */
  public static ImageReference of(
      String registry, String repository, @Nullable String tag, @Nullable Digest digest) {
    String s =
        registry
            + "/"
            + repository
            + (tag == null ? "" : ":" + tag)
            + (digest == null ? "" : "@" + digest);
    Matcher m = grammar(s);
    Matcher n = ANCHORED_NAME.matcher(m.group(1));
    if (!n.matches()
        || !registry.equals(n.group(1))
        || !repository.equals(n.group(2))
        || !Objects.equals(tag, m.group(2))) {
      throw new InvalidImageReferenceException(s, "invalid reference format");
    }
    checkLength(s, repository);
    return new ImageReference(registry, repository, tag, digest);
  }

  /** reference.go {@code ErrNameTooLong}: the repository path, after normalizing, is bounded. */
  private static void checkLength(String reference, String path) {
    if (path.length() > NAME_MAX) {
      throw new InvalidImageReferenceException(
          reference, "repository name must not be more than " + NAME_MAX + " characters");
    }
  }

  /** The verbatim match of reference.go's {@code ReferenceRegexp}, or the engine's reason. */
  private static Matcher grammar(String reference) {
    if (reference.isEmpty()) {
      throw new InvalidImageReferenceException(reference, "empty");
    }
    // bounded before matching, so the regex never sees a megabyte-long argument
    if (reference.length() > MAX_INPUT) {
      throw new InvalidImageReferenceException(
          reference, "longer than " + MAX_INPUT + " characters");
    }
    Matcher m = REFERENCE.matcher(reference);
    if (!m.matches()) {
      String lower = reference.toLowerCase(Locale.ROOT);
      String why =
          !lower.equals(reference) && REFERENCE.matcher(lower).matches()
              ? "repository name must be lowercase"
              : "invalid reference format";
      throw new InvalidImageReferenceException(reference, why);
    }
    return m;
  }

  /**
   * The digest of a reference as go-digest {@code Parse} validates it; the engine links sha256,
   * sha384 and sha512 only (go-digest registers those by default), so any other algorithm is
   * "unsupported digest algorithm" (digest.go {@code ErrDigestUnsupported}).
   */
  private static Digest digestOf(String reference, String digest) {
    int colon = digest.indexOf(':');
    String alg = digest.substring(0, colon);
    if (!alg.equals("sha256") && !alg.equals("sha384") && !alg.equals("sha512")) {
      throw new InvalidImageReferenceException(reference, "unsupported digest algorithm");
    }
    try {
      return Digest.parse(digest);
    } catch (InvalidDigestException e) {
      throw new InvalidImageReferenceException(reference, e.reason());
    }
  }

  /**
   * normalize.go {@code splitDockerDomain}: the registry and the repository path of a name, with
   * Docker Hub's defaults.
   */
  private static String[] splitDockerDomain(String name) {
    int slash = name.indexOf('/');
    if (slash < 0) {
      return new String[] {DEFAULT_DOMAIN, OFFICIAL_PREFIX + name};
    }
    String maybeDomain = name.substring(0, slash);
    String rest = name.substring(slash + 1);
    String domain;
    String remote;
    if (maybeDomain.equals("localhost")) {
      domain = maybeDomain;
      remote = rest;
    } else if (maybeDomain.equals(LEGACY_DEFAULT_DOMAIN)) {
      domain = DEFAULT_DOMAIN;
      remote = rest;
    } else if (maybeDomain.indexOf('.') >= 0 || maybeDomain.indexOf(':') >= 0) {
      domain = maybeDomain;
      remote = rest;
    } else if (!maybeDomain.toLowerCase(Locale.ROOT).equals(maybeDomain)) {
      // upper case is not allowed in a path, so an upper-case first component is a domain
      domain = maybeDomain;
      remote = rest;
    } else {
      domain = DEFAULT_DOMAIN;
      remote = name;
    }
    if (domain.equals(DEFAULT_DOMAIN) && remote.indexOf('/') < 0) {
      remote = OFFICIAL_PREFIX + remote;
    }
    return new String[] {domain, remote};
  }

  /** The registry: {@code docker.io} where the name gives none. */
  public String registry() {
    return registry;
  }

  /** The repository path in the registry: {@code library/ubuntu}. */
  public String repository() {
    return repository;
  }

  /** The tag, where one is given. */
  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  /** The digest, where one is given. */
  public Optional<Digest> digest() {
    return Optional.ofNullable(digest);
  }

  /** The full name without tag or digest: {@code docker.io/library/ubuntu}. */
  public String name() {
    return registry.isEmpty() ? repository : registry + "/" + repository;
  }

  /**
   * The name as the docker CLI shows it (helpers.go {@code FamiliarName}): Docker Hub's domain and
   * an official image's {@code library/} left out ({@code ubuntu}, {@code dmcgowan/myapp}).
   */
  public String familiarName() {
    if (!registry.equals(DEFAULT_DOMAIN)) {
      return name();
    }
    if (repository.startsWith(OFFICIAL_PREFIX)
        && repository.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
      return repository.substring(OFFICIAL_PREFIX.length());
    }
    return repository;
  }

  /** The reference as the docker CLI shows it: {@link #familiarName()} with tag and digest. */
  public String familiar() {
    return familiarName() + suffix();
  }

  /**
   * The reference the engine pulls (normalize.go {@code ParseDockerRef}): {@code latest} where
   * neither tag nor digest is given, the digest alone where both are.
   */
  public ImageReference dockerRef() {
    if (digest != null) {
      return tag == null ? this : new ImageReference(registry, repository, null, digest);
    }
    return tag != null ? this : new ImageReference(registry, repository, DEFAULT_TAG, null);
  }

  private String suffix() {
    return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  /** The full reference: {@code docker.io/library/ubuntu:22.04}. */
  @Override
  public String toString() {
    return name() + suffix();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ImageReference)) {
      return false;
    }
    ImageReference r = (ImageReference) o;
    return r.registry.equals(registry)
        && r.repository.equals(repository)
        && Objects.equals(r.tag, tag)
        && Objects.equals(r.digest, digest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(registry, repository, tag, digest);
  }
}
