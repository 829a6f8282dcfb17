package dev.canirundocker.check;

import dev.canirundocker.host.LinuxInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Rootless readiness (moby contrib/dockerd-rootless-setuptool.sh): what a non-root user still needs
 * for rootless Docker. Information only: the rootful engine does not need any of it.
 */
final class RootlessReadiness {
  private RootlessReadiness() {}

  /** Rootless readiness (moby contrib/dockerd-rootless-setuptool.sh); information only. */
  static void add(LinuxInfo l, Evaluation.Builder b) {
    LinuxInfo.RootlessInfo r = l.rootless();
    if (r == null || r.uid() == 0) {
      return;
    }
    List<String> gaps = new ArrayList<>();
    if (r.newuidmap() == null || r.newgidmap() == null) {
      gaps.add("newuidmap/newgidmap missing (apt-get install uidmap)");
    }
    if (r.subuidCount() < 65536) {
      gaps.add("/etc/subuid gives " + r.user() + " " + r.subuidCount() + " ids (needs 65536)");
    }
    if (r.subgidCount() < 65536) {
      gaps.add("/etc/subgid gives " + r.user() + " " + r.subgidCount() + " ids (needs 65536)");
    }
    if (r.xdgRuntimeDir() == null) {
      gaps.add("XDG_RUNTIME_DIR is not set");
    }
    String userns = l.sysctl("user.max_user_namespaces");
    if ("0".equals(userns)) {
      gaps.add("user.max_user_namespaces is 0");
    }
    if ("0".equals(l.sysctl("kernel.unprivileged_userns_clone"))) {
      gaps.add("kernel.unprivileged_userns_clone is 0");
    }
    if (gaps.isEmpty()) {
      b.add(Finding.info(FindingIds.ROOTLESS_READY, "Rootless mode is possible for " + r.user()));
    } else {
      b.add(
          Finding.info(
              FindingIds.ROOTLESS_NOT_READY,
              "Rootless mode for " + r.user() + " needs: " + String.join("; ", gaps),
              "See dockerd-rootless-setuptool.sh check"));
    }
    apparmorUserns(l, r, b);
  }

  /**
   * Ubuntu 23.10+ (on by default from 24.04): with {@code
   * kernel.apparmor_restrict_unprivileged_userns=1} an unprivileged process may create a user
   * namespace only under an AppArmor profile that grants {@code userns} (Ubuntu blog "Restricted
   * unprivileged user namespaces in Ubuntu 23.10"), so RootlessKit, which creates the rootless
   * daemon's user namespace, fails with "fork/exec /proc/self/exe: operation not permitted" without
   * one. Ubuntu's apparmor package ships a profile for {@code /usr/bin/rootlesskit}; a RootlessKit
   * anywhere else (the rootless installer puts it in {@code ~/bin}) needs its own
   * (rootlesscontaine.rs getting-started/common/apparmor.md; moby
   * contrib/dockerd-rootless-setuptool.sh runs {@code rootlesskit true} to catch it). Which
   * profiles are loaded is not read, so the finding says what to check rather than a verdict.
   */
  private static void apparmorUserns(LinuxInfo l, LinuxInfo.RootlessInfo r, Evaluation.Builder b) {
    if (!"1".equals(l.sysctl("kernel.apparmor_restrict_unprivileged_userns"))) {
      return;
    }
    b.add(
        Finding.warn(
            FindingIds.ROOTLESS_APPARMOR_USERNS,
            "kernel.apparmor_restrict_unprivileged_userns "
                + "is 1: rootless Docker for "
                + r.user()
                + " works only where an AppArmor profile lets "
                + "rootlesskit create user namespaces (Ubuntu's apparmor package has one for "
                + "/usr/bin/rootlesskit; a rootlesskit elsewhere, such as ~/bin from the rootless "
                + "installer, needs its own); whether one is loaded for this user's rootlesskit was not "
                + "checked",
            "Install rootlesskit at /usr/bin (docker-ce-rootless-extras), or add a profile "
                + "for its path with flags=(unconfined) and the userns rule in /etc/apparmor.d and "
                + "restart apparmor.service (rootlesscontaine.rs/getting-started/common/apparmor)"));
  }
}
