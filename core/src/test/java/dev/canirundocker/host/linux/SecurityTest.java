package dev.canirundocker.host.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import dev.canirundocker.host.LinuxInfo.SeccompSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seccomp as Docker needs it (issue: "seccomp disabled" came from this JVM's own
 * /proc/self/status). The evidence order: actions_avail (kernel/seccomp.c), the Seccomp line's
 * absence (fs/proc/array.c prints it only with CONFIG_SECCOMP), then the kernel config.
 */
class SecurityTest {
  private static final KernelConfigInfo BOTH =
      new KernelConfigInfo(
          "/proc/config.gz", null, Map.of("CONFIG_SECCOMP", "y", "CONFIG_SECCOMP_FILTER", "y"));
  private static final KernelConfigInfo NO_FILTER =
      new KernelConfigInfo("/boot/config-5.4", null, Map.of("CONFIG_SECCOMP", "y"));

  @Test
  void actionsAvailIsTheRuntimeProofWhateverThisProcessMode() throws Exception {
    List<String> a =
        Security.parseActionsAvail(
            "kill_process kill_thread trap errno user_notif " + "trace log allow\n");
    assertEquals(
        new SeccompSupport(
            true,
            a,
            "/proc/sys/kernel/seccomp/actions_avail lists "
                + "kill_process kill_thread trap errno user_notif trace log allow"),
        Security.seccompSupport(a, "disabled", NO_FILTER));
  }

  @Test
  void noSeccompLineMeansNoConfigSeccomp() {
    assertEquals(
        new SeccompSupport(
            false,
            null,
            "/proc/self/status has no Seccomp line: the kernel "
                + "was built without CONFIG_SECCOMP"),
        Security.seccompSupport(null, "unsupported", BOTH));
  }

  @Test
  void configDecidesWhereTheKernelShowsNothing() {
    assertEquals(
        new SeccompSupport(
            true, null, "CONFIG_SECCOMP and CONFIG_SECCOMP_FILTER are set " + "in /proc/config.gz"),
        Security.seccompSupport(null, "disabled", BOTH));
    assertEquals(
        new SeccompSupport(
            false, null, "CONFIG_SECCOMP_FILTER is not set in " + "/boot/config-5.4"),
        Security.seccompSupport(null, "disabled", NO_FILTER));
    assertNull(Security.seccompSupport(null, "disabled", null));
    assertNull(Security.seccompSupport(null, null, null));
  }

  @Test
  void garbageActionsAvailNamesTheFile() {
    LinuxReadException x =
        assertThrows(
            LinuxReadException.class, () -> Security.parseActionsAvail("kill\u001b[2J allow"));
    assertEquals(
        "/proc/sys/kernel/seccomp/actions_avail: 'kill?[2J allow' is not a list of "
            + "action names",
        x.getMessage());
  }
}
