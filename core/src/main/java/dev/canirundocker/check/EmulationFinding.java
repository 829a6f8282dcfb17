package dev.canirundocker.check;

import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LinuxInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The preflight's emulation finding: which foreign platforms run in containers here through
 * binfmt_misc (the kernel's Documentation/admin-guide/binfmt-misc.rst; enabled handlers with the F
 * flag), judged by the same rule the image checks use.
 */
final class EmulationFinding {
  private EmulationFinding() {}

  /**
   * Which foreign platforms run in containers here through binfmt_misc (enabled handlers with F),
   * and which of them an exec probe exercised.
   */
  static void add(HostProfile host, Evaluation.Builder b) {
    LinuxInfo l = host.linux();
    if (l == null || l.binfmt() == null) {
      return;
    }
    // the platforms an exec probe ran through their handler, and the others: each word once per
    // line, not once per platform
    List<String> probed = new ArrayList<>();
    List<String> unprobed = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (dev.canirundocker.host.BinfmtEntry e : l.binfmt().entries()) {
      if (e.platform() == null || !e.enabled() || !seen.add(e.platform().architecture())) {
        continue;
      }
      Evaluation ev = ImageCompatibility.evaluate(host, e.platform());
      if (ev.verdict() == Verdict.EMULATED) {
        boolean ran = host.execProbe(e.platform()).map(ExecProbeResult::ran).orElse(false);
        (ran ? probed : unprobed).add(e.platform().toString());
      }
    }
    if (!probed.isEmpty() || !unprobed.isEmpty()) {
      String list =
          probed.isEmpty()
              ? ""
              : String.join(", ", probed)
                  + (unprobed.isEmpty() ? "" : " (exec probes ran); not probed: ");
      if (probed.isEmpty()) {
        list = "not probed: ";
      }
      b.add(
          Finding.info(
              FindingIds.EMULATION_AVAILABLE,
              "Emulated in containers (binfmt_misc handlers with "
                  + "F): "
                  + list
                  + String.join(", ", unprobed)));
    }
  }
}
