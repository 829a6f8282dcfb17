package dev.canirundocker.check;

import dev.canirundocker.host.BinfmtEntry;
import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.platform.ElfMachine;
import dev.canirundocker.platform.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Linux image the host can only run through a binfmt_misc emulator (qemu-user, box64, FEX): the
 * entries whose magic and mask take the image's ELF header (linux fs/binfmt_misc.c), whether they
 * are enabled and fixed ({@code F}), and what the exec probes saw. Split out of {@link
 * LinuxImageRules}, which calls it for a foreign architecture, as {@link CompatModeRules} does
 * where a compatibility mode is off.
 */
final class EmulationRules {
  private EmulationRules() {}

  /** The enabled binfmt_misc entries whose magic/mask take this architecture's ELF header. */
  static List<BinfmtEntry> matchingEntries(HostProfile host, Platform target, boolean enabledOnly) {
    List<BinfmtEntry> out = new ArrayList<>();
    LinuxInfo l = host.linux();
    Optional<ElfMachine> m = ElfMachine.forPlatform(target);
    if (l == null || l.binfmt() == null || m.isEmpty()) {
      return out;
    }
    byte[] header = m.get().header();
    for (BinfmtEntry e : l.binfmt().entries()) {
      if (enabledOnly ? e.matches(header) : e.magicMatches(header)) {
        out.add(e);
      }
    }
    return out;
  }

  static boolean emulationAvailable(HostProfile host, Platform target) {
    LinuxInfo l = host.linux();
    return l != null
        && l.binfmt() != null
        && l.binfmt().mounted()
        && !Boolean.FALSE.equals(l.binfmt().enabled())
        && matchingEntries(host, target, true).stream().anyMatch(e -> e.hasFlag('F'));
  }

  /**
   * Emulation through binfmt_misc (linux fs/binfmt_misc.c;
   * Documentation/admin-guide/binfmt-misc.rst). A container can use a handler only when it was
   * registered with F (fix binary): the kernel then opens the interpreter at registration,
   * otherwise it looks the path up inside the container's root, where it does not exist
   * (docker/docs content/manuals/build/building/multi-platform.md).
   */
  static void emulation(HostProfile host, Platform target, Evaluation.Builder b) {
    LinuxInfo l = host.linux();
    String fix =
        "Install user-mode emulation with the F flag: apt-get install qemu-user-static "
            + "binfmt-support (Debian/Ubuntu), or docker run --privileged --rm tonistiigi/binfmt --install "
            + target.architecture();
    if (ElfMachine.forPlatform(target).isEmpty()) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.ARCH_UNKNOWN,
              "The architecture of " + target + " is not one this tool can match against emulators",
              null));
      return;
    }
    if (l == null || l.binfmt() == null) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.warn(
              FindingIds.BINFMT_UNKNOWN,
              "The host cannot run "
                  + target
                  + " natively, and whether binfmt_misc emulation is available is unknown",
              fix));
      return;
    }
    if (!l.binfmt().mounted()) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.BINFMT_NOT_MOUNTED,
              "The host cannot run "
                  + target
                  + " natively and binfmt_misc is not mounted, so no emulator can take it",
              "mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc; then " + fix));
      return;
    }
    if (Boolean.FALSE.equals(l.binfmt().enabled())) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.BINFMT_DISABLED,
              "The host cannot run "
                  + target
                  + " natively and binfmt_misc is switched off globally",
              "echo 1 > /proc/sys/fs/binfmt_misc/status"));
      return;
    }
    List<BinfmtEntry> enabled = matchingEntries(host, target, true);
    if (enabled.isEmpty()) {
      List<BinfmtEntry> all = matchingEntries(host, target, false);
      if (!all.isEmpty()) {
        BinfmtEntry e = all.get(0);
        b.add(
            Verdict.UNSUPPORTED,
            Finding.fail(
                FindingIds.BINFMT_ENTRY_DISABLED,
                "The host cannot run "
                    + target
                    + " natively; the emulator "
                    + e.name()
                    + " is registered but disabled",
                "echo 1 > /proc/sys/fs/binfmt_misc/" + e.name()));
      } else {
        b.add(
            Verdict.UNSUPPORTED,
            Finding.fail(
                FindingIds.ARCH_UNSUPPORTED,
                "The host ("
                    + host.platform()
                    + ") cannot run "
                    + target
                    + " natively and no binfmt_misc emulator is registered for it",
                fix));
      }
      return;
    }
    List<BinfmtEntry> withF = new ArrayList<>();
    List<BinfmtEntry> withoutF = new ArrayList<>();
    for (BinfmtEntry e : enabled) {
      (e.hasFlag('F') ? withF : withoutF).add(e);
    }
    if (withF.isEmpty()) {
      BinfmtEntry e = withoutF.get(0);
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.BINFMT_NO_FIX_BINARY,
              "The emulator "
                  + e.name()
                  + " for "
                  + target
                  + " is registered without the F flag: the host can run such binaries, "
                  + "but inside a container the kernel looks for "
                  + e.interpreter()
                  + " in the container's filesystem and the run fails with \"no such file or directory\"",
              "Re-register "
                  + e.name()
                  + " with the F (fix binary) flag, e.g. apt-get install "
                  + "qemu-user-static (Debian registers with F) or docker run --privileged --rm "
                  + "tonistiigi/binfmt --install "
                  + target.architecture()));
      return;
    }
    BinfmtEntry e = withF.get(0);
    Optional<ExecProbeResult> probe = host.execProbe(target);
    if (probe.isPresent()
        && (probe.get().outcome() == ExecProbeResult.Outcome.EXEC_FORMAT_ERROR
            || probe.get().outcome() == ExecProbeResult.Outcome.ERROR)) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.BINFMT_BROKEN,
              "The emulator "
                  + e.name()
                  + " for "
                  + target
                  + " is registered, but the exec probe failed: "
                  + (probe.get().detail() == null
                      ? probe.get().outcome().json()
                      : probe.get().detail()),
              "Check that " + e.interpreter() + " exists and runs, or reinstall qemu-user-static"));
      return;
    }
    if (!withoutF.isEmpty()) {
      b.add(
          Finding.warn(
              FindingIds.BINFMT_AMBIGUOUS,
              "Both "
                  + e.name()
                  + " (with F) and "
                  + withoutF.get(0).name()
                  + " (without F) take "
                  + target
                  + " binaries; the one registered last wins, and inside containers only one with F works",
              "Disable the handler without F: echo 0 > /proc/sys/fs/binfmt_misc/"
                  + withoutF.get(0).name()));
    }
    b.add(
        Verdict.EMULATED,
        Finding.warn(
            FindingIds.ARCH_EMULATED,
            "The host ("
                + host.platform()
                + ") runs "
                + target
                + " only through user-mode emulation: "
                + e.name()
                + " ("
                + e.interpreter()
                + ", flags "
                + e.flags()
                + "); expect it to be much slower than native",
            "Use a " + host.platform() + " build of the image where one exists"));
    if (probe.isEmpty() || !probe.get().conclusive()) {
      b.add(
          Finding.warn(
              FindingIds.ARCH_EMULATED_UNVERIFIED,
              "The emulator for " + target + " was not exercised by an exec probe",
              null));
    }
  }
}
