package dev.canirundocker.host;

import dev.canirundocker.host.exec.ExecProbe;
import dev.canirundocker.host.exec.ProbeBinaries;
import dev.canirundocker.host.linux.LinuxReadResult;
import dev.canirundocker.host.linux.LinuxSysfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/** The Linux readers' and exec probes' part of a live probe. */
record LinuxProbeParts(String machine, KernelInfo kernel, LinuxInfo linux) {

  static LinuxProbeParts read(ProbeOptions options, List<Unknown> unknowns) {
    LinuxSysfs sysfs = new LinuxSysfs(options.root());
    LinuxReadResult r = sysfs.readAll(options.env());
    unknowns.addAll(r.unknowns());
    return new LinuxProbeParts(machine(options), r.kernel(), r.linux());
  }

  /**
   * The kernel's machine name ({@code uname -m}): {@code /proc/sys/kernel/arch} (Linux 6.1+). Null
   * where absent; the caller then takes the JVM's os.arch, which matches except for a 32-bit JVM on
   * a 64-bit kernel.
   */
  private static String machine(ProbeOptions options) {
    try {
      String s = Files.readString(options.root().resolve("proc/sys/kernel/arch"),
          StandardCharsets.US_ASCII).trim();
      return s.isEmpty() || s.length() > 32 ? null : s;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Executes the tiny ELF of every architecture the tool knows, concurrently: what this kernel (with
   * its binfmt_misc handlers) really runs. Config says what the kernel was built with; this says what
   * it does now.
   */
  static List<ExecProbeResult> execProbes(ProbeOptions options, HostProfile profile) {
    // with binfmt_misc switched off globally no entry takes a binary, so none may be credited
    LinuxInfo.BinfmtInfo info = profile.linux() == null ? null : profile.linux().binfmt();
    List<BinfmtEntry> binfmt = info == null || Boolean.FALSE.equals(info.enabled())
        ? List.of() : info.entries();
    ExecProbe probe = ExecProbe.create(binfmt).withTimeout(options.execProbeTimeout());
    if (options.tempDir() != null) {
      probe = probe.withTempBase(options.tempDir());
    }
    return probe.run(ProbeBinaries.supportedPlatforms());
  }
}
