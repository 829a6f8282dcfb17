package dev.canirundocker.daemon;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An Engine API version such as {@code 1.41}: what {@code /_ping}'s {@code API-Version} header and
 * {@code /version}'s {@code ApiVersion} say, and what a versioned path ({@code /v1.41/info}) sends.
 * Ordered numerically (1.9 before 1.10), as moby api/types/versions compares them.
 *
 * @param major the part before the dot
 * @param minor the part after it
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
  private static final Pattern FORM = Pattern.compile("([0-9]{1,4})\\.([0-9]{1,4})");

  /**
   * The highest version this client speaks: 1.51, Docker 28.3 (moby docs/api/version-history.md).
   * Fields of later versions are not read, and an engine that speaks more (Docker 29: 1.52) answers
   * 1.51 requests as documented for 1.51.
   */
  public static final ApiVersion CLIENT_MAX = new ApiVersion(1, 51);

  /**
   * The lowest version this client speaks: 1.24 (Docker 1.12), the docker CLI's fallback when a
   * daemon sends no version (docker/docker client/client.go {@code fallbackAPIVersion}); every call
   * this client makes exists there.
   */
  public static final ApiVersion CLIENT_MIN = new ApiVersion(1, 24);

  /** {@code GET /images/{name}/json?manifests=1} and {@code GET /images/get?platform=}. */
  public static final ApiVersion MANIFESTS = new ApiVersion(1, 48);

  /** {@code GET /images/{name}/json?platform=}. */
  public static final ApiVersion INSPECT_PLATFORM = new ApiVersion(1, 49);

  public ApiVersion {
    if (major < 0 || minor < 0) {
      throw new IllegalArgumentException("negative API version " + major + "." + minor);
    }
  }

  /**
   * Parses {@code MAJOR.MINOR}.
   *
   * @throws IllegalArgumentException naming the text when it is not a version
   */
  public static ApiVersion parse(String s) {
    Matcher m = s == null ? null : FORM.matcher(s.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "not an API version: '" + dev.canirundocker.text.Text.oneLine(String.valueOf(s)) + "'");
    }
    return new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /**
   * The version a client uses with a daemon that says {@code daemonVersion} (docker/docker
   * client/client.go {@code NegotiateAPIVersionPing}): 1.24 when it says none, else the lower of
   * {@link #CLIENT_MAX} and the daemon's.
   *
   * @param endpoint names the daemon in the refusal
   * @throws DaemonApiException (kind {@code api-version}) when the daemon is below {@link
   *     #CLIENT_MIN}
   * @throws IllegalArgumentException when {@code daemonVersion} is not a version
   */
  static ApiVersion negotiate(@Nullable String daemonVersion, String endpoint)
      throws DaemonApiException {
    ApiVersion d =
        daemonVersion == null || daemonVersion.isBlank() ? CLIENT_MIN : parse(daemonVersion);
    if (!d.atLeast(CLIENT_MIN)) {
      throw new DaemonApiException(
          "api-version",
          0,
          "API " + d,
          endpoint
              + ": the daemon speaks"
              + " Engine API "
              + d
              + " at most; this client needs "
              + CLIENT_MIN
              + " or later",
          "Upgrade the Docker engine (API " + CLIENT_MIN + " is Docker 1.12).");
    }
    return min(CLIENT_MAX, d);
  }

  /** Whether this is at least {@code o}. */
  public boolean atLeast(ApiVersion o) {
    return compareTo(o) >= 0;
  }

  @Override
  public int compareTo(ApiVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  /** The lower of the two. */
  public static ApiVersion min(ApiVersion a, ApiVersion b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
