package dev.canirundocker.check;

import static dev.canirundocker.testing.Hosts.linux;
import static dev.canirundocker.testing.Hosts.qemu;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.host.ArmCpu;
import dev.canirundocker.host.ExecProbeResult.Outcome;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fixture arm hosts (32-bit arm at v5, v6, v7; arm64 with and without AArch32; arm64 levels)
 * against containerd/platforms compare.go: an arm/vN host runs arm/vN..v5 only, an arm64/v8.x host
 * arm64/v8.x..v8, and 32-bit arm on arm64 only where the CPU implements AArch32 at EL0.
 */
class ArmHostsTest {
  /** AWS Graviton2 (Neoverse N1, Armv8.2): /proc/cpuinfo Features of an m6g instance. */
  static final String N1 =
      "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid "
          + "asimdrdm lrcpc dcpop asimddp ssbs";

  /** AWS Graviton4 (Neoverse V2, Armv9.0 with the v8.6 bf16/i8mm): Features of an r8g instance. */
  static final String V2 =
      "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid "
          + "asimdrdm jscvt fcma lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve asimdfhm dit uscat ilrcpc "
          + "flagm ssbs sb paca pacg dcpodp sve2 sveaes svepmull svebitperm svesha3 svesm4 flagm2 frint "
          + "svei8mm svebf16 i8mm bf16 dgh rng bti";

  /** Apple M1 under a Linux VM: Features as the guest kernel shows them. */
  static final String M1 =
      "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid "
          + "asimdrdm jscvt fcma lrcpc dcpop sha3 asimddp sha512 asimdfhm dit uscat ilrcpc flagm ssbs sb "
          + "paca pacg dcpodp flagm2 frint";

  static final HostProfile ARM_V5 = linux().armVariant("v5").build();
  static final HostProfile ARM_V6 = linux().armVariant("v6").build();
  static final HostProfile ARM_V7 = linux().armVariant("v7").build();
  static final HostProfile GRAVITON2 = linux().arm64Cpu("0x41", "0xd0c", N1).build();
  static final HostProfile GRAVITON4 = linux().arm64Cpu("0x41", "0xd4f", V2).build();
  static final HostProfile APPLE_VM = linux().arm64Cpu("0x61", "0x022", M1).build();
  static final HostProfile UNKNOWN_CORE = linux().arm64Cpu("0x51", "0x001", N1).build();
  static final HostProfile NO_CPUINFO = linux().arch("arm64").build();

  static Stream<Arguments> cases() {
    return Stream.of(
        // 32-bit arm hosts: vN runs vN..v5 (compare_test.go TestOnly linux/arm/v5, v6, v7)
        Arguments.of(
            "arm/v5 host, arm/v5", ARM_V5, "linux/arm/v5", Verdict.NATIVE, List.of("arch.native")),
        Arguments.of(
            "arm/v5 host, arm/v6",
            ARM_V5,
            "linux/arm/v6",
            Verdict.UNSUPPORTED,
            List.of("cpu.arm-variant")),
        Arguments.of(
            "arm/v6 host (Raspberry Pi Zero/1), arm/v6",
            ARM_V6,
            "linux/arm/v6",
            Verdict.NATIVE,
            List.of("arch.native")),
        Arguments.of(
            "arm/v6 host, arm/v5", ARM_V6, "linux/arm/v5", Verdict.NATIVE, List.of("arch.native")),
        Arguments.of(
            "arm/v6 host, linux/arm (= arm/v7)",
            ARM_V6,
            "linux/arm",
            Verdict.UNSUPPORTED,
            List.of("cpu.arm-variant")),
        Arguments.of(
            "arm/v6 host, arm/v8",
            ARM_V6,
            "linux/arm/v8",
            Verdict.UNSUPPORTED,
            List.of("cpu.arm-variant")),
        // arm/v4 parses (containerd's TestOnly has an arm/v4 host); an arm/v6 CPU runs older code,
        // so a single arm/v4 image starts (only index selection skips it:
        // ContainerdPlatformsReplayTest)
        Arguments.of(
            "arm/v6 host, arm/v4", ARM_V6, "linux/arm/v4", Verdict.NATIVE, List.of("arch.native")),
        Arguments.of(
            "arm/v7 host, arm/v7", ARM_V7, "linux/arm/v7", Verdict.NATIVE, List.of("arch.native")),
        Arguments.of(
            "arm/v7 host, arm/v5", ARM_V7, "linux/arm/v5", Verdict.NATIVE, List.of("arch.native")),
        Arguments.of(
            "arm/v7 host, arm/v8",
            ARM_V7,
            "linux/arm/v8",
            Verdict.UNSUPPORTED,
            List.of("cpu.arm-variant")),
        // arm64 levels (compare_test.go TestOnly linux/arm64/v8.1, v9)
        Arguments.of(
            "Graviton2 (v8.2), arm64",
            GRAVITON2,
            "linux/arm64",
            Verdict.NATIVE,
            List.of("arch.native")),
        Arguments.of(
            "Graviton2 (v8.2), arm64/v8.2",
            GRAVITON2,
            "linux/arm64/v8.2",
            Verdict.NATIVE,
            List.of("arch.native")),
        Arguments.of(
            "Graviton2 (v8.2), arm64/v8.3",
            GRAVITON2,
            "linux/arm64/v8.3",
            Verdict.UNSUPPORTED,
            List.of("cpu.arm64-level")),
        Arguments.of(
            "Graviton2 (v8.2), arm64/v9",
            GRAVITON2,
            "linux/arm64/v9",
            Verdict.UNSUPPORTED,
            List.of("cpu.arm64-level")),
        Arguments.of(
            "Graviton4 (v9.1 by hwcaps), arm64/v9",
            GRAVITON4,
            "linux/arm64/v9",
            Verdict.NATIVE,
            List.of("arch.native")),
        Arguments.of(
            "Graviton4, arm64/v8.6",
            GRAVITON4,
            "linux/arm64/v8.6",
            Verdict.NATIVE,
            List.of("arch.native")),
        Arguments.of(
            "Graviton4, arm64/v9.2",
            GRAVITON4,
            "linux/arm64/v9.2",
            Verdict.UNSUPPORTED,
            List.of("cpu.arm64-level")),
        Arguments.of(
            "arm64 level unknown, arm64/v8.2",
            NO_CPUINFO,
            "linux/arm64/v8.2",
            Verdict.NATIVE,
            List.of("cpu.arm64-level.unknown", "arch.native")),
        // 32-bit arm on arm64: the CPU decides, then the exec probe, never CONFIG_COMPAT alone
        Arguments.of(
            "Graviton2 (AArch32 at EL0), arm/v7, no probe",
            GRAVITON2,
            "linux/arm/v7",
            Verdict.NATIVE,
            List.of("arch.compat.inferred")),
        Arguments.of(
            "Graviton4 (AArch64 only), arm/v7, CONFIG_COMPAT=y",
            GRAVITON4,
            "linux/arm/v7",
            Verdict.UNSUPPORTED,
            List.of("arch.compat-disabled")),
        Arguments.of(
            "Graviton4, arm/v6, with qemu-arm (F)",
            linux()
                .arm64Cpu("0x41", "0xd4f", V2)
                .binfmt(qemu("qemu-arm", "arm", "PF", true))
                .build(),
            "linux/arm/v6",
            Verdict.EMULATED,
            List.of("arch.compat-disabled", "arch.emulated", "arch.emulated.unverified")),
        Arguments.of(
            "Apple M1 VM, arm/v7",
            APPLE_VM,
            "linux/arm/v7",
            Verdict.UNSUPPORTED,
            List.of("arch.compat-disabled")),
        Arguments.of(
            "unknown core, arm/v7, config y",
            UNKNOWN_CORE,
            "linux/arm/v7",
            Verdict.NATIVE,
            List.of("arch.compat.inferred")),
        Arguments.of(
            "Graviton4, arm/v7, the probe ran",
            linux().arm64Cpu("0x41", "0xd4f", V2).probe("linux/arm", Outcome.RAN, null).build(),
            "linux/arm/v7",
            Verdict.NATIVE,
            List.of("arch.compat")),
        Arguments.of(
            "Graviton2, arm/v7, the probe failed",
            linux()
                .arm64Cpu("0x41", "0xd0c", N1)
                .probe("linux/arm", Outcome.EXEC_FORMAT_ERROR, null)
                .build(),
            "linux/arm/v7",
            Verdict.UNSUPPORTED,
            List.of("arch.compat-disabled")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verdictAndFindings(
      String name, HostProfile host, String platform, Verdict verdict, List<String> ids) {
    Evaluation e = ImageCompatibility.evaluate(host, Platform.parse(platform));
    assertEquals(verdict, e.verdict(), () -> name + ": " + e.findings());
    assertEquals(ids, e.ids(), name);
  }

  @Test
  void armV6HostRefusesTheDefaultArmImage() {
    Evaluation e = ImageCompatibility.evaluate(ARM_V6, Platform.parse("linux/arm"));
    assertEquals(
        new Finding(
            "cpu.arm-variant",
            Severity.FAIL,
            "The image is built for "
                + "linux/arm/v7 but this CPU is arm/v6, which runs arm/v6 down to arm/v5 only (containerd's "
                + "platform matcher); the binary needs ARMv7 instructions",
            "Use the image's linux/arm/v6 "
                + "(or older) build where one exists, or a host with ARMv7"),
        e.findings().get(0));
  }

  @Test
  void arm64LevelNamesTheMissingHwcaps() {
    Evaluation e = ImageCompatibility.evaluate(GRAVITON2, Platform.parse("linux/arm64/v8.4"));
    assertEquals(
        "The image is built for linux/arm64/v8.4 but this CPU shows Armv8.2 (its hwcaps lack "
            + "paca ilrcpc flagm dit uscat); the binary may stop with an illegal instruction",
        e.findings().get(0).message());
  }

  @Test
  void aarch64OnlyCpuSaysWhyWhateverTheConfig() {
    Evaluation e = ImageCompatibility.evaluate(GRAVITON4, Platform.parse("linux/arm/v7"));
    assertEquals(
        "The host cannot run linux/arm/v7 natively: Neoverse V2 (MIDR 0x41 part 0xd4f) "
            + "implements AArch64 only at EL0, whatever the kernel configuration says (no exec probe was "
            + "run)",
        e.findings().get(0).message());
  }

  @Test
  void configOnlyInferenceSaysItIsOne() {
    Evaluation e = ImageCompatibility.evaluate(UNKNOWN_CORE, Platform.parse("linux/arm/v7"));
    assertEquals(Severity.WARN, e.findings().get(0).severity());
    assertEquals(
        "The kernel configuration enables AArch32 (32-bit arm) support; whether the CPU "
            + "implements AArch32 at EL0 is unknown (the configuration says nothing about the CPU), so "
            + "linux/arm/v7 should run natively; inferred, not verified: no exec probe was run",
        e.findings().get(0).message());
    Evaluation n1 = ImageCompatibility.evaluate(GRAVITON2, Platform.parse("linux/arm/v7"));
    assertEquals(
        "The kernel configuration enables AArch32 (32-bit arm) support and Neoverse N1 "
            + "(part 0xd0c) implements AArch32 at EL0, so linux/arm/v7 should run natively; inferred, not "
            + "verified: no exec probe was run",
        n1.findings().get(0).message());
  }

  @Test
  void levelsFromHwcaps() {
    assertEquals("v8.2", ArmCpu.levelOf(Set.of(N1.split(" "))));
    assertEquals("v9.1", ArmCpu.levelOf(Set.of(V2.split(" "))));
    assertEquals("v8.4", ArmCpu.levelOf(Set.of(M1.split(" "))));
    assertEquals("v8", ArmCpu.levelOf(Set.of("fp", "asimd", "evtstrm", "aes", "crc32", "cpuid")));
    assertEquals("v8.2", GRAVITON2.cpu().arm().level());
    assertEquals(false, APPLE_VM.cpu().arm().aarch32El0());
    assertEquals(null, UNKNOWN_CORE.cpu().arm().aarch32El0());
  }

  @Test
  void armFactsRoundTripThroughTheProfile() {
    HostProfile back = HostProfile.parse(dev.canirundocker.json.Json.compact(GRAVITON4.toJson()));
    assertEquals(GRAVITON4.cpu().arm(), back.cpu().arm());
    assertEquals(
        new ArmCpu(
            "0x41",
            List.of("0xd4f"),
            "v9.1",
            false,
            "Neoverse V2 (MIDR 0x41 part 0xd4f) implements AArch64 only at EL0"),
        back.cpu().arm());
  }
}
