package dev.canirundocker.host;

import java.util.List;

/** The Linux readers' part of a live probe (filled from the readers in host.linux). */
record LinuxProbeParts(String machine, KernelInfo kernel, LinuxInfo linux) {
  static LinuxProbeParts read(ProbeOptions options, List<Unknown> unknowns) {
    unknowns.add(new Unknown("linux", "the Linux readers are not wired in yet"));
    return new LinuxProbeParts(null, null, null);
  }

  static List<ExecProbeResult> execProbes(ProbeOptions options, HostProfile profile) {
    return List.of();
  }
}
