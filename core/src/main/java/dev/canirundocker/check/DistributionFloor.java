package dev.canirundocker.check;

import dev.canirundocker.image.Distribution;
import org.jspecify.annotations.Nullable;

/**
 * The x86-64 level a distribution states its amd64 build needs, from the distribution's own
 * documents:
 *
 * <ul>
 *   <li>Red Hat Enterprise Linux 9 is built for x86-64-v2 ("Building Red Hat Enterprise Linux 9 for
 *       the x86-64-v2 microarchitecture level", Red Hat Developers, 2021-01-05,
 *       https://developers.redhat.com/blog/2021/01/05/building-red-hat-enterprise-linux-9-for-the-x86-64-v2-microarchitecture-level),
 *       and so are its rebuilds that keep its packages' compiler flags: CentOS Stream 9, AlmaLinux
 *       9, Rocky Linux 9, Oracle Linux 9, UBI 9 (each says {@code ID_LIKE} {@code rhel} in
 *       os-release);
 *   <li>Red Hat Enterprise Linux 10 and CentOS Stream 10 are built for x86-64-v3 ("Exploring
 *       x86-64-v3 for Red Hat Enterprise Linux 10", Red Hat Developers, 2024-01-02,
 *       https://developers.redhat.com/articles/2024/01/02/exploring-x86-64-v3-red-hat-enterprise-linux-10).
 *       AlmaLinux 10 also ships an x86-64-v2 build, so its os-release alone does not tell: no
 *       floor.
 * </ul>
 *
 * Other distributions (Debian, Ubuntu, Alpine, Fedora, SUSE) build amd64 for the baseline.
 */
final class DistributionFloor {
  private DistributionFloor() {}

  /** The level (2..4), or 1 where the distribution states no floor above the baseline. */
  static int of(@Nullable Distribution d) {
    if (d == null) {
      return 1;
    }
    int major = d.majorVersion();
    boolean redHat = d.id().equals("rhel") || d.id().equals("centos");
    if (major == 9 && (redHat || d.isLike("rhel"))) {
      return 2;
    }
    if (major >= 10 && redHat) {
      return 3;
    }
    return 1;
  }

  /** What to use instead. */
  static String remedy(Distribution d) {
    return of(d) >= 3
        ? "UBI 9 / RHEL 9 is built for x86-64-v2, UBI 8 / RHEL 8 for the baseline"
        : "UBI 8 / RHEL 8 is built for the x86-64 baseline";
  }
}
