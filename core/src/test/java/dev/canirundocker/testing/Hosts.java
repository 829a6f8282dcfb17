package dev.canirundocker.testing;

import dev.canirundocker.host.BinfmtEntry;
import dev.canirundocker.host.CpuInfo;
import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.host.ExecProbeResult.Outcome;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.KernelInfo;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.host.OsInfo;
import dev.canirundocker.host.Virtualization;
import dev.canirundocker.host.VmSupport;
import dev.canirundocker.platform.Platform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fixture host profiles for hosts this machine is not. */
public final class Hosts {
  private Hosts() {}

  public static final long GIB = 1024L * 1024 * 1024;

  /** The qemu handlers as Debian's qemu-user-static registers them (flags PF). */
  public static BinfmtEntry qemu(String name, String arch, String flags, boolean enabled) {
    Platform p = Platform.of("linux", arch, "");
    byte[] h = dev.canirundocker.platform.ElfMachine.forPlatform(p).orElseThrow().header();
    StringBuilder magic = new StringBuilder();
    StringBuilder mask = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      magic.append(String.format("%02x", h[i] & 0xff));
      // qemu-binfmt-conf.sh masks out EI_OSABI and the low bit of e_type (EXEC or DYN)
      boolean free = i == 7;
      mask.append(
          free
              ? "00"
              : i == 16
                  ? (p.architecture().equals("s390x") || p.architecture().equals("ppc64")
                      ? "ff"
                      : "fe")
                  : i == 17
                      ? (p.architecture().equals("s390x") || p.architecture().equals("ppc64")
                          ? "fe"
                          : "ff")
                      : "ff");
    }
    return new BinfmtEntry(
        name,
        enabled,
        "/usr/libexec/qemu-binfmt/" + arch + "-binfmt-P",
        flags,
        0,
        magic.toString(),
        mask.toString(),
        null,
        p.architecture().equals("arm") ? Platform.of("linux", "arm", "v7") : p);
  }

  /**
   * A handler with the magic and mask exactly as qemu's scripts/qemu-binfmt-conf.sh registers it
   * (Debian qemu-user-static 7.2, flags PF; read back from this machine's
   * /proc/sys/fs/binfmt_misc), for the entries whose magic reaches past the 20-byte ELF header:
   * qemu-mips and qemu-mipsn32 (40 bytes), qemu-mipsel and qemu-mipsn32el (37 bytes), told apart by
   * the EF_MIPS_ABI2 bit of e_flags.
   */
  public static BinfmtEntry qemuRegistered(String name) {
    String[] mm;
    switch (name) {
      case "qemu-mips":
        mm =
            new String[] {
              "7f454c46010201000000000000000000000200080000000000000000000000000000000000000000",
              "ffffffffffffff00fefffffffffffffffffeffff0000000000000000000000000000000000000020"
            };
        break;
      case "qemu-mipsn32":
        mm =
            new String[] {
              "7f454c46010201000000000000000000000200080000000000000000000000000000000000000020",
              "ffffffffffffff00fefffffffffffffffffeffff0000000000000000000000000000000000000020"
            };
        break;
      case "qemu-mipsel":
        mm =
            new String[] {
              "7f454c46010101000000000000000000020008000000000000000000000000000000000000",
              "ffffffffffffff00fefffffffffffffffeffffff0000000000000000000000000000000020"
            };
        break;
      case "qemu-mipsn32el":
        mm =
            new String[] {
              "7f454c46010101000000000000000000020008000000000000000000000000000000000020",
              "ffffffffffffff00fefffffffffffffffeffffff0000000000000000000000000000000020"
            };
        break;
      default:
        throw new IllegalArgumentException("no registration recorded for " + name);
    }
    BinfmtEntry e =
        new BinfmtEntry(
            name,
            true,
            "/usr/libexec/qemu-binfmt/" + name.substring("qemu-".length()) + "-binfmt-P",
            "PF",
            0,
            mm[0],
            mm[1],
            null,
            null);
    return new BinfmtEntry(
        e.name(),
        true,
        e.interpreter(),
        e.flags(),
        0,
        e.magic(),
        e.mask(),
        null,
        dev.canirundocker.host.linux.Binfmt.platformOf(e));
  }

  /** A builder for Linux hosts. */
  public static final class Linux {
    String arch = "amd64";
    int level = 3;
    String release = "6.1.0-18-amd64";
    String cmdline = "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet";
    Map<String, String> config =
        new HashMap<>(
            Map.of("CONFIG_IA32_EMULATION", "y", "CONFIG_COMPAT", "y", "CONFIG_NAMESPACES", "y"));
    List<BinfmtEntry> binfmt = new ArrayList<>();
    boolean binfmtMounted = true;
    Boolean binfmtEnabled = true;
    List<ExecProbeResult> probes = new ArrayList<>();
    String wsl = "none";
    boolean configKnown = true;
    Map<String, String> sysctls = new HashMap<>();
    LinuxInfo.RootlessInfo rootless;

    /** A sysctl as /proc/sys shows it ({@code kernel.apparmor_restrict_unprivileged_userns}). */
    public Linux sysctl(String name, String value) {
      sysctls.put(name, value);
      return this;
    }

    /** The rootless facts of the user the tool runs as. */
    public Linux rootless(LinuxInfo.RootlessInfo r) {
      rootless = r;
      return this;
    }

    String armVariant = "v7";
    List<String> cpuinfo;

    /** A 32-bit arm host at a variant ({@code v5}, {@code v6}, {@code v7}). */
    public Linux armVariant(String v) {
      arch("arm");
      armVariant = v;
      return this;
    }

    /**
     * An arm64 host whose /proc/cpuinfo names these cores (MIDR implementer and part) and hwcaps,
     * as arch/arm64/kernel/cpuinfo.c prints them.
     */
    public Linux arm64Cpu(String implementer, String part, String features) {
      arch("arm64");
      cpuinfo =
          List.of(
              "processor\t: 0",
              "BogoMIPS\t: 50.00",
              "Features\t: " + features,
              "CPU implementer\t: " + implementer,
              "CPU architecture: 8",
              "CPU variant\t: 0x0",
              "CPU part\t: " + part,
              "CPU revision\t: 1");
      return this;
    }

    public Linux arch(String a) {
      arch = a;
      if (!a.equals("amd64")) {
        level = 0;
      }
      return this;
    }

    public Linux level(int l) {
      level = l;
      return this;
    }

    public Linux release(String r) {
      release = r;
      return this;
    }

    public Linux cmdline(String c) {
      cmdline = c;
      return this;
    }

    public Linux config(String k, String v) {
      if (v == null) {
        config.remove(k);
      } else {
        config.put(k, v);
      }
      return this;
    }

    public Linux noConfig() {
      configKnown = false;
      return this;
    }

    public Linux binfmt(BinfmtEntry e) {
      binfmt.add(e);
      return this;
    }

    public Linux binfmtMounted(boolean m) {
      binfmtMounted = m;
      return this;
    }

    public Linux binfmtEnabled(Boolean e) {
      binfmtEnabled = e;
      return this;
    }

    public Linux wsl(String w) {
      wsl = w;
      return this;
    }

    public Linux probe(String platform, Outcome o, String interpreter) {
      probes.add(
          new ExecProbeResult(
              Platform.parse(platform),
              o,
              interpreter,
              o == Outcome.EXEC_FORMAT_ERROR ? "Exec format error" : null));
      return this;
    }

    public HostProfile build() {
      Set<String> flags = new LinkedHashSet<>();
      if (arch.equals("amd64")) {
        flags.add("lm");
        for (int n = 2; n <= level; n++) {
          flags.addAll(CpuInfo.flagsOfLevel(n));
        }
      }
      dev.canirundocker.host.ArmCpu armCpu = null;
      if (cpuinfo != null) {
        armCpu = dev.canirundocker.host.ArmCpu.parse(cpuinfo);
        flags.addAll(
            List.of(cpuinfo.get(2).substring(cpuinfo.get(2).indexOf(':') + 1).trim().split(" ")));
      }
      CpuInfo cpu =
          new CpuInfo(
              arch.equals("amd64") ? "GenuineIntel" : "ARM",
              "Test CPU",
              null,
              4,
              4,
              flags,
              arch.equals("amd64") ? Math.max(level, 1) : 0,
              armCpu);
      LinuxInfo linux =
          new LinuxInfo(
              configKnown ? new LinuxInfo.KernelConfigInfo("/proc/config.gz", null, config) : null,
              new LinuxInfo.CgroupInfo(
                  dev.canirundocker.host.CgroupMode.V2,
                  "/sys/fs/cgroup",
                  List.of("cpu", "memory", "pids")),
              List.of("cgroup", "ipc", "mnt", "net", "pid", "user", "uts"),
              List.of("overlay", "ext4"),
              new LinuxInfo.SecurityInfo(
                  "filter",
                  true,
                  true,
                  "disabled",
                  new LinuxInfo.SeccompSupport(
                      true,
                      List.of("kill_process", "errno", "allow"),
                      "/proc/sys/kernel/seccomp/actions_avail lists kill_process errno allow")),
              new LinuxInfo.BinfmtInfo(binfmtMounted, binfmtEnabled, binfmt),
              Map.copyOf(sysctls),
              dev.canirundocker.host.WslKind.parse(wsl),
              new LinuxInfo.ContainerInfo(false, List.of()),
              rootless);
      String ver = release.replaceAll("^(\\d+\\.\\d+(\\.\\d+)?).*", "$1");
      return new HostProfile(
          1,
          Platform.of("linux", arch, arch.equals("arm") ? armVariant : ""),
          new OsInfo("linux", "Debian GNU/Linux", "12", null, null, arch.equals("arm") ? 32 : 64),
          new KernelInfo(release, ver, "#1 SMP", cmdline),
          cpu,
          16 * GIB,
          new Virtualization(false, null, true, true, true),
          VmSupport.UNKNOWN,
          linux,
          probes,
          List.of());
    }
  }

  public static Linux linux() {
    return new Linux();
  }

  public static HostProfile mac(String arch, String version, long ram) {
    return new HostProfile(
        1,
        Platform.of("darwin", arch, ""),
        new OsInfo("macos", "macOS " + version, version, "23E224", null, 64),
        new KernelInfo("23.4.0", "23.4.0", null, null),
        new CpuInfo(
            arch.equals("arm64") ? "Apple" : "GenuineIntel",
            arch.equals("arm64") ? "Apple M2" : "Intel Core i7",
            null,
            8,
            8,
            Set.of(),
            0),
        ram,
        new Virtualization(false, null, null, null, null),
        new VmSupport(null, null, null, arch.equals("arm64") ? Boolean.TRUE : null, Boolean.TRUE),
        null,
        List.of(),
        List.of());
  }

  public static HostProfile windows(
      String name,
      String edition,
      int build,
      boolean firmware,
      boolean slat,
      String wsl,
      Boolean hyperV) {
    return windows(name, edition, build, firmware, slat, wsl, hyperV, "amd64");
  }

  public static HostProfile windows(
      String name,
      String edition,
      int build,
      boolean firmware,
      boolean slat,
      String wsl,
      Boolean hyperV,
      String arch) {
    Set<String> flags = new LinkedHashSet<>(List.of("PF_NX_ENABLED"));
    if (firmware) {
      flags.add("PF_VIRT_FIRMWARE_ENABLED");
    }
    if (slat) {
      flags.add("PF_SECOND_LEVEL_ADDRESS_TRANSLATION");
    }
    return new HostProfile(
        1,
        Platform.of("windows", arch, "").withOsVersion("10.0." + build + ".1"),
        new OsInfo(
            "windows",
            name,
            build >= 22000 && !name.contains("Server") ? "11" : "10",
            String.valueOf(build),
            edition,
            64),
        new KernelInfo("10.0." + build, "10.0." + build, null, null),
        new CpuInfo("GenuineIntel", "Intel Core i7", null, 8, 4, flags, 0),
        16 * GIB,
        new Virtualization(false, null, firmware, slat, null),
        new VmSupport(wsl, hyperV, hyperV, null, null),
        null,
        List.of(),
        List.of());
  }

  /**
   * A Windows host as the live probe records one. Under a running hypervisor (Hyper-V, WSL 2, VBS)
   * Windows reports HypervisorPresent and hides PF_VIRT_FIRMWARE_ENABLED and
   * PF_SECOND_LEVEL_ADDRESS_ TRANSLATION, so {@link #hypervisorRunning()} clears both flags as a
   * real such host shows them.
   */
  public static final class Win {
    String name = "Windows 11 Pro";
    String edition = "Professional";
    String displayVersion = "23H2";
    int build = 22631;
    int revision = 4169;
    String arch = "amd64";
    Boolean hypervisor = false;
    Boolean guest = false;
    String vendor;
    Boolean firmware = true;
    Boolean slat = true;
    String wsl = "2.3.26.0";
    Boolean hyperV = true;
    Boolean desktop = true;
    long ram = 16 * GIB;

    public Win name(String n, String e) {
      name = n;
      edition = e;
      return this;
    }

    public Win build(int b, int rev) {
      build = b;
      revision = rev;
      return this;
    }

    public Win arch(String a) {
      arch = a;
      return this;
    }

    /** Hyper-V / WSL 2 / VBS running beneath this Windows: the firmware and SLAT flags hidden. */
    public Win hypervisorRunning() {
      hypervisor = true;
      guest = false;
      firmware = false;
      slat = false;
      return this;
    }

    /** Virtualization really off: no hypervisor, PF_VIRT_FIRMWARE_ENABLED false. */
    public Win virtualizationOff() {
      hypervisor = false;
      firmware = false;
      return this;
    }

    public Win guestOf(String v) {
      hypervisor = true;
      guest = true;
      vendor = v;
      firmware = false;
      return this;
    }

    public Win wsl(String w) {
      wsl = w;
      return this;
    }

    public Win hyperV(Boolean h) {
      hyperV = h;
      return this;
    }

    public Win desktop(Boolean d) {
      desktop = d;
      return this;
    }

    public HostProfile build() {
      Set<String> flags = new LinkedHashSet<>(List.of("PF_NX_ENABLED"));
      if (Boolean.TRUE.equals(firmware)) {
        flags.add("PF_VIRT_FIRMWARE_ENABLED");
      }
      if (Boolean.TRUE.equals(slat)) {
        flags.add("PF_SECOND_LEVEL_ADDRESS_TRANSLATION");
      }
      return new HostProfile(
          1,
          Platform.of("windows", arch, "").withOsVersion("10.0." + build + "." + revision),
          new OsInfo("windows", name, displayVersion, String.valueOf(build), edition, 64),
          new KernelInfo("10.0." + build, "10.0." + build, null, null),
          new CpuInfo(
              arch.equals("arm64") ? "Qualcomm" : "GenuineIntel",
              arch.equals("arm64") ? "Snapdragon X Elite" : "Intel Core i7",
              null,
              8,
              4,
              flags,
              0),
          ram,
          new Virtualization(hypervisor, vendor, firmware, slat, null, guest),
          new VmSupport(wsl, hyperV, hyperV, null, desktop),
          null,
          List.of(),
          List.of());
    }
  }

  public static Win win() {
    return new Win();
  }
}
