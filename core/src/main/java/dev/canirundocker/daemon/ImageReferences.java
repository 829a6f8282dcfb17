package dev.canirundocker.daemon;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks image references before they are sent to a daemon, so that a mistyped or hostile name
 * (spaces, control characters, upper case) is refused locally with a clear message instead of
 * travelling, percent-encoded, into a request path.
 *
 * <p>The grammar is that of the distribution project's {@code reference/regexp.go}, which the
 * daemon parses names with ({@code reference.ParseAnyReference}, daemon/images/image.go): {@code
 * [domain[:port]/]path-component[/path-component...][:tag][@digest]}, a path component being
 * lower-case alphanumerics joined by {@code .}, {@code _}, {@code __} or runs of {@code -}; a tag
 * {@code [\w][\w.-]{0,127}}; a digest {@code algorithm:hex} (32+ hex digits). An image ID ({@code
 * sha256:<64 hex>} or a hex prefix, which is also a valid name) passes as well. Names are at most
 * 255 characters ({@code NameTotalLengthMax}).
 */
public final class ImageReferences {
  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN =
      "(?:"
          + DOMAIN_COMPONENT
          + "(?:\\."
          + DOMAIN_COMPONENT
          + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
  private static final String NAME =
      "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
  private static final Pattern REFERENCE =
      Pattern.compile("(" + NAME + ")(?::" + TAG + ")?(?:@" + DIGEST + ")?");
  private static final Pattern ID = Pattern.compile("(?:sha256:)?[0-9a-f]{64}");
  private static final int NAME_MAX = 255;

  private ImageReferences() {}

  /**
   * Checks a reference as {@code docker image inspect} would take it.
   *
   * @throws InvalidImageReferenceException naming the reference and the problem
   */
  public static void check(String reference) {
    if (reference == null || reference.isEmpty()) {
      throw new InvalidImageReferenceException("invalid image reference '': empty");
    }
    if (ID.matcher(reference).matches()) {
      return;
    }
    // bounded before matching, so the regex never sees a megabyte-long argument
    if (reference.length() > 1024) {
      throw new InvalidImageReferenceException(
          "invalid image reference '"
              + reference.substring(0, 64)
              + "...': longer than 1024 characters");
    }
    var m = REFERENCE.matcher(reference);
    if (!m.matches()) {
      String lower = reference.toLowerCase(Locale.ROOT);
      String why =
          !lower.equals(reference) && REFERENCE.matcher(lower).matches()
              ? "repository name must be lowercase"
              : "invalid reference format";
      throw new InvalidImageReferenceException(
          "invalid image reference '" + reference + "': " + why);
    }
    if (m.group(1).length() > NAME_MAX) {
      throw new InvalidImageReferenceException(
          "invalid image reference '"
              + reference
              + "': repository name must not be more than "
              + NAME_MAX
              + " characters");
    }
  }
}
