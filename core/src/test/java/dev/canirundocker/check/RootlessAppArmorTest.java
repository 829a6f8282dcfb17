package dev.canirundocker.check;

import static dev.canirundocker.testing.Hosts.linux;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LinuxInfo.RootlessInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rootless Docker on Ubuntu 23.10+ with {@code kernel.apparmor_restrict_unprivileged_userns=1}:
 * rootlesskit needs an AppArmor profile granting {@code userns} (rootlesscontaine.rs
 * getting-started/common/apparmor.md).
 */
class RootlessAppArmorTest {
  static final RootlessInfo READY =
      new RootlessInfo(
          "alice",
          1000,
          "/usr/bin/newuidmap",
          "/usr/bin/newgidmap",
          65536,
          65536,
          "/run/user/1000",
          List.of("cpu", "memory", "pids"));

  static Finding finding(HostProfile h, String id) {
    Evaluation e = EngineReadiness.evaluate(h, null).engine();
    return e.findings().stream().filter(f -> f.id().equals(id)).findFirst().orElse(null);
  }

  @Test
  void restrictedUsernsNeedsAProfileForRootlesskit() {
    HostProfile ubuntu =
        linux().rootless(READY).sysctl("kernel.apparmor_restrict_unprivileged_userns", "1").build();
    Finding f = finding(ubuntu, "rootless.apparmor-userns");
    assertEquals(
        new Finding(
            "rootless.apparmor-userns",
            Severity.WARN,
            "kernel.apparmor_restrict_unprivileged_userns is 1: rootless Docker for alice works only "
                + "where an AppArmor profile lets rootlesskit create user namespaces (Ubuntu's apparmor "
                + "package has one for /usr/bin/rootlesskit; a rootlesskit elsewhere, such as ~/bin from "
                + "the rootless installer, needs its own); whether one is loaded for this user's "
                + "rootlesskit was not checked",
            "Install rootlesskit at /usr/bin (docker-ce-rootless-extras), or add a profile for its path "
                + "with flags=(unconfined) and the userns rule in /etc/apparmor.d and restart "
                + "apparmor.service (rootlesscontaine.rs/getting-started/common/apparmor)"),
        f);
    // the rest of rootless readiness is still judged on its own facts
    assertTrue(finding(ubuntu, "rootless.ready") != null);
  }

  @Test
  void noRestrictionNoFinding() {
    for (String v : new String[] {"0", null}) {
      HostProfile h =
          v == null
              ? linux().rootless(READY).build()
              : linux()
                  .rootless(READY)
                  .sysctl("kernel.apparmor_restrict_unprivileged_userns", v)
                  .build();
      assertEquals(null, finding(h, "rootless.apparmor-userns"), String.valueOf(v));
    }
  }

  @Test
  void rootNeedsNoRootlessAdvice() {
    RootlessInfo root = new RootlessInfo("root", 0, null, null, 0, 0, null, null);
    HostProfile h =
        linux().rootless(root).sysctl("kernel.apparmor_restrict_unprivileged_userns", "1").build();
    assertEquals(null, finding(h, "rootless.apparmor-userns"));
  }
}
