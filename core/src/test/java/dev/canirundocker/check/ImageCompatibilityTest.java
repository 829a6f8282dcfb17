package dev.canirundocker.check;

import static dev.canirundocker.testing.Hosts.GIB;
import static dev.canirundocker.testing.Hosts.linux;
import static dev.canirundocker.testing.Hosts.mac;
import static dev.canirundocker.testing.Hosts.qemu;
import static dev.canirundocker.testing.Hosts.windows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.host.ExecProbeResult.Outcome;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.platform.Platform;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every verdict rule, table-driven over fixture hosts: verdict and finding ids. */
class ImageCompatibilityTest {

  static HostProfile amd64(int level) {
    return linux().level(level).build();
  }

  static final HostProfile AMD64_EMU =
      linux()
          .level(3)
          .binfmt(qemu("qemu-aarch64", "arm64", "PF", true))
          .binfmt(qemu("qemu-arm", "arm", "PF", true))
          .binfmt(qemu("qemu-s390x", "s390x", "PF", true))
          .binfmt(qemu("qemu-ppc64le", "ppc64le", "PF", true))
          .probe("linux/amd64", Outcome.RAN, null)
          .probe("linux/386", Outcome.EXEC_FORMAT_ERROR, null)
          .probe("linux/arm64", Outcome.RAN, "/usr/libexec/qemu-binfmt/arm64-binfmt-P")
          .probe("linux/arm", Outcome.RAN, "/usr/libexec/qemu-binfmt/arm-binfmt-P")
          .probe("linux/s390x", Outcome.RAN, "/usr/libexec/qemu-binfmt/s390x-binfmt-P")
          .probe("linux/ppc64le", Outcome.RAN, "/usr/libexec/qemu-binfmt/ppc64le-binfmt-P")
          .build();

  static Stream<Arguments> cases() {
    return Stream.of(
        // amd64 levels
        Arguments.of(
            "amd64 v2 host, amd64",
            amd64(2),
            "linux/amd64",
            Verdict.NATIVE,
            List.of("arch.native")),
        Arguments.of(
            "amd64 v2 host, amd64/v3",
            amd64(2),
            "linux/amd64/v3",
            Verdict.UNSUPPORTED,
            List.of("cpu.amd64-level")),
        Arguments.of(
            "amd64 v3 host, amd64/v3",
            amd64(3),
            "linux/amd64/v3",
            Verdict.NATIVE,
            List.of("arch.native")),
        Arguments.of(
            "amd64 v3 host, amd64/v4",
            amd64(3),
            "linux/amd64/v4",
            Verdict.UNSUPPORTED,
            List.of("cpu.amd64-level")),
        Arguments.of(
            "amd64 v4 host, amd64/v4",
            amd64(4),
            "linux/amd64/v4",
            Verdict.NATIVE,
            List.of("arch.native")),
        // 386 on amd64: the probe decides
        Arguments.of(
            "386, IA32 on (probe ran)",
            linux().probe("linux/386", Outcome.RAN, null).build(),
            "linux/386",
            Verdict.NATIVE,
            List.of("arch.compat")),
        Arguments.of(
            "386, IA32 off at boot (probe failed) although configured",
            linux().probe("linux/386", Outcome.EXEC_FORMAT_ERROR, null).build(),
            "linux/386",
            Verdict.UNSUPPORTED,
            List.of("arch.compat-disabled")),
        Arguments.of(
            "386, no probe, config y",
            linux().build(),
            "linux/386",
            Verdict.NATIVE,
            List.of("arch.compat.inferred")),
        Arguments.of(
            "386, no probe, ia32_emulation=0",
            linux().cmdline("quiet ia32_emulation=0").build(),
            "linux/386",
            Verdict.UNSUPPORTED,
            List.of("arch.compat-disabled")),
        Arguments.of(
            "386, no probe, default-disabled without ia32_emulation=1",
            linux().config("CONFIG_IA32_EMULATION_DEFAULT_DISABLED", "y").build(),
            "linux/386",
            Verdict.UNSUPPORTED,
            List.of("arch.compat-disabled")),
        Arguments.of(
            "386, no probe, no config",
            linux().noConfig().build(),
            "linux/386",
            Verdict.UNSUPPORTED,
            List.of("arch.compat.unknown")),
        // emulation
        Arguments.of(
            "arm64 on amd64 with qemu F",
            AMD64_EMU,
            "linux/arm64",
            Verdict.EMULATED,
            List.of("arch.emulated")),
        Arguments.of(
            "arm/v7 on amd64 with qemu F",
            AMD64_EMU,
            "linux/arm/v7",
            Verdict.EMULATED,
            List.of("arch.emulated")),
        Arguments.of(
            "s390x on amd64 with qemu F",
            AMD64_EMU,
            "linux/s390x",
            Verdict.EMULATED,
            List.of("arch.emulated")),
        Arguments.of(
            "ppc64le on amd64 with qemu F",
            AMD64_EMU,
            "linux/ppc64le",
            Verdict.EMULATED,
            List.of("arch.emulated")),
        Arguments.of(
            "riscv64 on amd64 without handler",
            AMD64_EMU,
            "linux/riscv64",
            Verdict.UNSUPPORTED,
            List.of("arch.unsupported")),
        Arguments.of(
            "arm64 with handler without F",
            linux().binfmt(qemu("qemu-aarch64", "arm64", "P", true)).build(),
            "linux/arm64",
            Verdict.UNSUPPORTED,
            List.of("binfmt.no-fix-binary")),
        Arguments.of(
            "arm64 with F handler disabled, one without F enabled",
            linux()
                .binfmt(qemu("qemu-aarch64", "arm64", "PF", false))
                .binfmt(qemu("aarch64-noF", "arm64", "", true))
                .build(),
            "linux/arm64",
            Verdict.UNSUPPORTED,
            List.of("binfmt.no-fix-binary")),
        Arguments.of(
            "arm64 handler disabled",
            linux().binfmt(qemu("qemu-aarch64", "arm64", "PF", false)).build(),
            "linux/arm64",
            Verdict.UNSUPPORTED,
            List.of("binfmt.entry-disabled")),
        Arguments.of(
            "arm64, binfmt_misc off globally",
            linux().binfmtEnabled(false).binfmt(qemu("qemu-aarch64", "arm64", "PF", true)).build(),
            "linux/arm64",
            Verdict.UNSUPPORTED,
            List.of("binfmt.disabled")),
        Arguments.of(
            "arm64, binfmt_misc not mounted",
            linux().binfmtMounted(false).build(),
            "linux/arm64",
            Verdict.UNSUPPORTED,
            List.of("binfmt.not-mounted")),
        Arguments.of(
            "arm64, handler F but probe fails",
            linux()
                .binfmt(qemu("qemu-aarch64", "arm64", "F", true))
                .probe("linux/arm64", Outcome.ERROR, null)
                .build(),
            "linux/arm64",
            Verdict.UNSUPPORTED,
            List.of("binfmt.broken")),
        Arguments.of(
            "arm64, handler F, no probe",
            linux().binfmt(qemu("qemu-aarch64", "arm64", "F", true)).build(),
            "linux/arm64",
            Verdict.EMULATED,
            List.of("arch.emulated", "arch.emulated.unverified")),
        // arm64 hosts
        Arguments.of(
            "arm64 host, arm64",
            linux().arch("arm64").build(),
            "linux/arm64/v8",
            Verdict.NATIVE,
            List.of("arch.native")),
        Arguments.of(
            "arm64 with AArch32, arm/v7",
            linux().arch("arm64").probe("linux/arm/v7", Outcome.RAN, null).build(),
            "linux/arm/v7",
            Verdict.NATIVE,
            List.of("arch.compat")),
        Arguments.of(
            "arm64 without AArch32, arm/v7",
            linux().arch("arm64").probe("linux/arm/v7", Outcome.EXEC_FORMAT_ERROR, null).build(),
            "linux/arm/v7",
            Verdict.UNSUPPORTED,
            List.of("arch.compat-disabled")),
        Arguments.of(
            "arm64 without AArch32 but qemu-arm F, arm/v7 (probe ran through qemu)",
            linux()
                .arch("arm64")
                .binfmt(qemu("qemu-arm", "arm", "F", true))
                .probe("linux/arm/v7", Outcome.RAN, "/usr/libexec/qemu-binfmt/arm-binfmt-P")
                .build(),
            "linux/arm/v7",
            Verdict.EMULATED,
            List.of("arch.emulated")),
        Arguments.of(
            "arm64, no CONFIG_COMPAT, qemu-arm F, no probe",
            linux()
                .arch("arm64")
                .config("CONFIG_COMPAT", null)
                .binfmt(qemu("qemu-arm", "arm", "F", true))
                .build(),
            "linux/arm/v7",
            Verdict.EMULATED,
            List.of("arch.emulated", "arch.emulated.unverified")),
        Arguments.of(
            "arm64 host, amd64 without emulator",
            linux().arch("arm64").build(),
            "linux/amd64",
            Verdict.UNSUPPORTED,
            List.of("arch.unsupported")),
        // arm/v7 host
        Arguments.of(
            "arm/v7 host, arm/v6",
            linux().arch("arm").build(),
            "linux/arm/v6",
            Verdict.NATIVE,
            List.of("arch.native")),
        Arguments.of(
            "arm/v7 host, arm64",
            linux().arch("arm").build(),
            "linux/arm64",
            Verdict.UNSUPPORTED,
            List.of("arch.unsupported")),
        // old kernels, WSL
        Arguments.of(
            "Linux 2.6.32, amd64",
            linux().release("2.6.32-754.el6.x86_64").build(),
            "linux/amd64",
            Verdict.NATIVE,
            List.of("arch.native")),
        Arguments.of(
            "WSL 1",
            linux().release("4.4.0-19041-Microsoft").wsl("wsl1").build(),
            "linux/amd64",
            Verdict.NEEDS_VM,
            List.of("wsl.version1")),
        Arguments.of(
            "WSL 2",
            linux().release("5.15.153.1-microsoft-standard-WSL2").wsl("wsl2").build(),
            "linux/amd64",
            Verdict.NATIVE,
            List.of("wsl.version2", "arch.native")),
        // macOS
        Arguments.of(
            "macOS Apple silicon, arm64",
            mac("arm64", "26.1", 16 * GIB),
            "linux/arm64",
            Verdict.NEEDS_VM,
            List.of("vm.route", "desktop.macos.supported", "desktop.installed")),
        Arguments.of(
            "macOS Apple silicon, amd64",
            mac("arm64", "15.1", 16 * GIB),
            "linux/amd64",
            Verdict.NEEDS_VM,
            List.of(
                "vm.route",
                "desktop.macos.supported",
                "desktop.installed",
                "desktop.emulated-arch")),
        Arguments.of(
            "macOS Intel, amd64",
            mac("amd64", "14.5", 16 * GIB),
            "linux/amd64",
            Verdict.NEEDS_VM,
            List.of("vm.route", "desktop.macos.supported", "desktop.installed")),
        Arguments.of(
            "macOS 13, below the three supported majors",
            mac("arm64", "13.6", 8 * GIB),
            "linux/arm64",
            Verdict.UNSUPPORTED,
            List.of("vm.route", "desktop.macos.too-old", "desktop.installed")),
        Arguments.of(
            "macOS too old (10.12, Toolbox era)",
            mac("amd64", "10.12.6", 8 * GIB),
            "linux/amd64",
            Verdict.UNSUPPORTED,
            List.of("vm.route", "desktop.macos.too-old", "desktop.installed")),
        Arguments.of(
            "macOS with 2 GB",
            mac("amd64", "15.0", 2 * GIB),
            "linux/amd64",
            Verdict.UNSUPPORTED,
            List.of("vm.route", "desktop.macos.supported", "desktop.installed", "host.memory.low")),
        Arguments.of(
            "macOS, windows image",
            mac("arm64", "15.1", 16 * GIB),
            "windows/amd64",
            Verdict.UNSUPPORTED,
            List.of("os.windows-image")),
        // Windows
        Arguments.of(
            "Windows 10 22H2, linux image",
            windows("Windows 10 Pro", "Professional", 19045, true, true, "2.1.5.0", true),
            "linux/amd64",
            Verdict.NEEDS_VM,
            List.of("vm.route")),
        Arguments.of(
            "Windows 10 1909, linux image",
            windows("Windows 10 Pro", "Professional", 18363, true, true, null, true),
            "linux/amd64",
            Verdict.UNSUPPORTED,
            List.of("vm.route", "desktop.windows.too-old")),
        Arguments.of(
            "Windows 11 21H2, linux image",
            windows("Windows 11 Pro", "Professional", 22000, true, true, "2.1.5.0", true),
            "linux/amd64",
            Verdict.UNSUPPORTED,
            List.of("vm.route", "desktop.windows.too-old")),
        Arguments.of(
            "Windows 11 23H2 Home, linux image",
            windows("Windows 11 Home", "Core", 22631, true, true, "2.1.5.0", false),
            "linux/amd64",
            Verdict.NEEDS_VM,
            List.of("vm.route", "desktop.windows.home")),
        Arguments.of(
            "Windows, virtualization off",
            windows("Windows 11 Pro", "Professional", 22631, false, true, "2.1.5.0", true),
            "linux/amd64",
            Verdict.UNSUPPORTED,
            List.of("vm.route", "virtualization.firmware.disabled")),
        Arguments.of(
            "Windows, no SLAT",
            windows("Windows 10 Pro", "Professional", 19045, true, false, "2.1.5.0", true),
            "linux/amd64",
            Verdict.UNSUPPORTED,
            List.of("vm.route", "virtualization.slat.missing")),
        Arguments.of(
            "Windows Server 2022, linux image",
            windows("Windows Server 2022", "ServerStandard", 20348, true, true, null, true),
            "linux/amd64",
            Verdict.UNSUPPORTED,
            List.of("vm.route", "desktop.windows.server")),
        Arguments.of(
            "Windows 7 (Toolbox era)",
            windows("Windows 7 Professional", "Professional", 7601, true, true, null, null),
            "linux/amd64",
            Verdict.UNSUPPORTED,
            List.of("vm.route", "desktop.windows.too-old", "desktop.backend.unknown")),
        // Windows images
        Arguments.of(
            "WS2019 image on WS2019",
            windows("Windows Server 2019", "ServerStandard", 17763, true, true, null, true),
            "windows(10.0.17763.5820)/amd64",
            Verdict.NATIVE,
            List.of("windows.isolation.process")),
        Arguments.of(
            "WS2019 image on WS2022",
            windows("Windows Server 2022", "ServerStandard", 20348, true, true, null, true),
            "windows(10.0.17763.5820)/amd64",
            Verdict.NEEDS_VM,
            List.of("windows.isolation.hyperv")),
        Arguments.of(
            "WS2022 image on WS2019",
            windows("Windows Server 2019", "ServerStandard", 17763, true, true, null, true),
            "windows(10.0.20348.2113)/amd64",
            Verdict.UNSUPPORTED,
            List.of("windows.image-newer")),
        Arguments.of(
            "WS2022 image on WS2025",
            windows("Windows Server 2025", "ServerStandard", 26100, true, true, null, true),
            "windows(10.0.20348.2113)/amd64",
            Verdict.NATIVE,
            List.of("windows.isolation.process")),
        Arguments.of(
            "WS2022 image on Windows 11",
            windows("Windows 11 Pro", "Professional", 22631, true, true, null, true),
            "windows(10.0.20348.2113)/amd64",
            Verdict.NATIVE,
            List.of("windows.isolation.process")),
        Arguments.of(
            "WS2019 image on Windows 10 22H2",
            windows("Windows 10 Pro", "Professional", 19045, true, true, null, true),
            "windows(10.0.17763.5820)/amd64",
            Verdict.NEEDS_VM,
            List.of("windows.isolation.hyperv")),
        Arguments.of(
            "WS2019 image on Windows 10 22H2 without Hyper-V",
            windows("Windows 10 Pro", "Professional", 19045, true, true, null, false),
            "windows(10.0.17763.5820)/amd64",
            Verdict.UNSUPPORTED,
            List.of("windows.isolation.hyperv", "windows.hyperv.missing")),
        Arguments.of(
            "Windows image on Windows Home",
            windows("Windows 11 Home", "Core", 22631, true, true, "2.1.5.0", false),
            "windows(10.0.22631.1)/amd64",
            Verdict.UNSUPPORTED,
            List.of("windows.edition.home")),
        Arguments.of(
            "windows/arm64 image on amd64 Windows",
            windows("Windows 11 Pro", "Professional", 22631, true, true, null, true),
            "windows(10.0.22631.1)/arm64",
            Verdict.UNSUPPORTED,
            List.of("arch.unsupported")),
        Arguments.of(
            "WS2016 image, other revision",
            windows("Windows Server 2016", "ServerStandard", 14393, true, true, null, true),
            "windows(10.0.14393.999)/amd64",
            Verdict.NEEDS_VM,
            List.of("windows.isolation.hyperv")),
        Arguments.of(
            "Windows image on Linux",
            amd64(3),
            "windows/amd64",
            Verdict.UNSUPPORTED,
            List.of("os.windows-image")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verdictAndFindings(
      String name, HostProfile host, String platform, Verdict verdict, List<String> ids) {
    Evaluation e = ImageCompatibility.evaluate(host, Platform.parse(platform));
    assertEquals(verdict, e.verdict(), () -> name + ": " + e.findings());
    assertEquals(ids, e.ids(), name);
  }

  @org.junit.jupiter.api.Test
  void binaryOverridesMislabeledPlatform() {
    BinaryFacts arm = new BinaryFacts("/probe", Platform.of("linux", "arm64", ""), null, null, 0);
    Evaluation e = ImageCompatibility.evaluate(AMD64_EMU, Platform.parse("linux/amd64"), arm);
    assertEquals(Verdict.EMULATED, e.verdict());
    assertEquals(List.of("image.mislabeled", "arch.emulated"), e.ids());
    assertEquals(
        "The image declares linux/amd64 but its entrypoint /probe is a linux/arm64 binary; "
            + "judging the binary",
        e.findings().get(0).message());
    assertEquals("linux/arm64", e.platform().toString());

    BinaryFacts amd = new BinaryFacts("/probe", Platform.of("linux", "amd64", ""), null, null, 0);
    Evaluation r = ImageCompatibility.evaluate(AMD64_EMU, Platform.parse("linux/arm64"), amd);
    assertEquals(Verdict.NATIVE, r.verdict());
    assertEquals(List.of("image.mislabeled", "arch.native"), r.ids());
  }

  @org.junit.jupiter.api.Test
  void abiTagNewerThanKernelIsUnsupported() {
    HostProfile old = linux().release("3.10.0-1160.el7.x86_64").build();
    BinaryFacts b =
        new BinaryFacts(
            "/bin/app",
            Platform.of("linux", "amd64", ""),
            "/lib64/ld-linux-x86-64.so.2",
            KernelVersion.of(4, 4, 0),
            1);
    Evaluation e = ImageCompatibility.evaluate(old, Platform.parse("linux/amd64"), b);
    assertEquals(Verdict.UNSUPPORTED, e.verdict());
    assertEquals(List.of("arch.native", "kernel.too-old-for-image"), e.ids());
    assertEquals(
        "The entrypoint /bin/app needs Linux 4.4.0 or newer (its NT_GNU_ABI_TAG) but the host "
            + "kernel is 3.10.0; glibc aborts with \"FATAL: kernel too old\"",
        e.findings().get(1).message());
  }

  @org.junit.jupiter.api.Test
  void binaryIsaLevelAboveCpu() {
    BinaryFacts b = new BinaryFacts("/bin/app", Platform.of("linux", "amd64", ""), null, null, 4);
    Evaluation e = ImageCompatibility.evaluate(amd64(3), Platform.parse("linux/amd64"), b);
    assertEquals(Verdict.UNSUPPORTED, e.verdict());
    assertEquals(List.of("arch.native", "cpu.amd64-level"), e.ids());
  }
}
