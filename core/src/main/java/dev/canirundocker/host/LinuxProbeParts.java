package dev.canirundocker.host;

import dev.canirundocker.host.exec.ExecProbe;
import dev.canirundocker.host.exec.ProbeBinaries;
import dev.canirundocker.host.linux.LinuxReadResult;
import dev.canirundocker.host.linux.LinuxSysfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The Linux readers' and exec probes' part of a live probe. */
record LinuxProbeParts(
    @Nullable String machine, KernelInfo kernel, LinuxInfo linux, @Nullable GpuInfo gpu) {

  static LinuxProbeParts read(ProbeOptions options, List<Unknown> unknowns) {
    LinuxSysfs sysfs = new LinuxSysfs(options.root());
    LinuxReadResult r = sysfs.readAll(options.env(), null, options.facts());
    unknowns.addAll(r.unknowns());
    return new LinuxProbeParts(machine(options), r.kernel(), r.linux(), r.gpu());
  }

  /**
   * The kernel's machine name ({@code uname -m}): {@code /proc/sys/kernel/arch} (Linux 6.1+). Null
   * where absent; the caller then takes the JVM's os.arch, which matches except for a 32-bit JVM on
   * a 64-bit kernel.
   */
  private static @Nullable String machine(ProbeOptions options) {
    try {
      String s =
          Files.readString(
                  options.root().resolve("proc/sys/kernel/arch"), StandardCharsets.US_ASCII)
              .trim();
      return s.isEmpty() || s.length() > 32 ? null : s;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Executes the tiny ELF of every architecture the tool knows, concurrently: what this kernel
   * (with its binfmt_misc handlers) really runs. Config says what the kernel was built with; this
   * says what it does now. Runs before binfmt_misc is read; {@link #credit} names the handlers
   * afterwards.
   */
  static List<ExecProbeResult> execProbes(ProbeOptions options) {
    ExecProbe probe = ExecProbe.create(List.of()).withTimeout(options.execProbeTimeout());
    if (options.tempDir() != null) {
      probe = probe.withTempBase(options.tempDir());
    }
    java.util.List<dev.canirundocker.platform.Platform> wanted = new java.util.ArrayList<>();
    java.util.Set<String> archs = new java.util.HashSet<>();
    for (dev.canirundocker.platform.Platform p :
        options.probePlatforms() == null
            ? ProbeBinaries.supportedPlatforms()
            : options.probePlatforms()) {
      if (ProbeBinaries.supports(p) && archs.add(p.architecture())) {
        wanted.add(dev.canirundocker.platform.ElfMachine.forPlatform(p).orElseThrow().platform());
      }
    }
    return wanted.isEmpty() ? List.of() : probe.run(wanted);
  }

  /**
   * Names the binfmt_misc handler behind each probe that ran or failed after starting: the first
   * enabled entry whose magic takes the probe's header (binfmt_misc is tried before the kernel's
   * own ELF loader, fs/binfmt_misc.c registers with insert_binfmt). None while binfmt_misc is off
   * globally.
   */
  static List<ExecProbeResult> credit(List<ExecProbeResult> results, HostProfile profile) {
    LinuxInfo.BinfmtInfo info = profile.linux() == null ? null : profile.linux().binfmt();
    if (info == null || Boolean.FALSE.equals(info.enabled())) {
      return results;
    }
    List<ExecProbeResult> out = new java.util.ArrayList<>();
    for (ExecProbeResult r : results) {
      String interp = r.interpreter();
      if (interp == null
          && (r.outcome() == ExecProbeResult.Outcome.RAN
              || r.outcome() == ExecProbeResult.Outcome.ERROR)
          && ProbeBinaries.supports(r.platform())) {
        byte[] head = ProbeBinaries.forPlatform(r.platform());
        for (BinfmtEntry e : info.entries()) {
          if (e.matches(head)) {
            interp = e.interpreter();
            break;
          }
        }
      }
      out.add(
          interp == r.interpreter()
              ? r
              : new ExecProbeResult(r.platform(), r.outcome(), interp, r.detail()));
    }
    return out;
  }
}
