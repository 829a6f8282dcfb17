package dev.canirundocker.platform;

import java.util.Optional;

/**
 * A Windows version as an image's {@code os.version} or a host states it: major, minor, build and
 * revision (UBR), for example {@code 10.0.20348.2113}. The build changes with each Windows release
 * (14393, 17763, 20348, ...), the revision with each monthly update (MicrosoftDocs
 * Virtualization-Documentation deploy-containers/version-compatibility.md, "Build number").
 *
 * @param major the major version (10)
 * @param minor the minor version (0)
 * @param build the build number
 * @param revision the update build revision, or -1 when the version has only three parts
 */
public record WindowsVersion(int major, int minor, int build, int revision)
    implements Comparable<WindowsVersion> {

  /**
   * Parses {@code major.minor.build[.revision]}; anything else (fewer parts, non-numbers) is empty,
   * as containerd's {@code getWindowsOSVersion} yields the zero version for it.
   */
  public static Optional<WindowsVersion> parse(String osVersion) {
    if (osVersion == null) {
      return Optional.empty();
    }
    String[] p = osVersion.trim().split("\\.");
    if (p.length < 3 || p.length > 4) {
      return Optional.empty();
    }
    try {
      int[] n = new int[4];
      n[3] = -1;
      for (int i = 0; i < p.length; i++) {
        if (!p[i].matches("[0-9]{1,9}")) {
          return Optional.empty();
        }
        n[i] = Integer.parseInt(p[i]);
      }
      return Optional.of(new WindowsVersion(n[0], n[1], n[2], n[3]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether two versions are the same Windows release (major, minor and build equal). */
  public boolean sameBuild(WindowsVersion o) {
    return major == o.major && minor == o.minor && build == o.build;
  }

  /** Numeric order: major, minor, build, then revision (a missing revision sorts first). */
  @Override
  public int compareTo(WindowsVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    if (c == 0) {
      c = Integer.compare(build, o.build);
    }
    return c != 0 ? c : Integer.compare(revision, o.revision);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + build + (revision >= 0 ? "." + revision : "");
  }
}
