package dev.canirundocker.host;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Linux kernel version {@code major.minor.patch}, comparable. Parses the leading numbers of a
 * release string such as {@code 5.15.0-91-generic} or {@code 4.4.0-19041-Microsoft}.
 */
public record KernelVersion(int major, int minor, int patch) implements Comparable<KernelVersion> {
  private static final Pattern LEADING = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  /** A version from its numbers. */
  public static KernelVersion of(int major, int minor, int patch) {
    return new KernelVersion(major, minor, patch);
  }

  /**
   * Parses the leading {@code major.minor[.patch]} of a release string.
   *
   * @throws IllegalArgumentException naming the input when it does not start with a version
   */
  public static KernelVersion parse(String release) {
    KernelVersion v = parseOrNull(release);
    if (v == null) {
      throw new IllegalArgumentException(
          "invalid kernel version '" + release + "': expected major.minor[.patch]");
    }
    return v;
  }

  /** Like {@link #parse} but null when the string holds no version. */
  public static @Nullable KernelVersion parseOrNull(@Nullable String release) {
    if (release == null) {
      return null;
    }
    Matcher m = LEADING.matcher(release.trim());
    if (!m.find()) {
      return null;
    }
    try {
      return new KernelVersion(
          Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(2)),
          m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public int compareTo(KernelVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c == 0 ? Integer.compare(patch, o.patch) : c;
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
