package dev.canirundocker.check;

import static dev.canirundocker.testing.Hosts.linux;
import static dev.canirundocker.testing.Hosts.qemuRegistered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.host.BinfmtEntry;
import dev.canirundocker.host.ExecProbeResult.Outcome;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.exec.ProbeBinaries;
import dev.canirundocker.platform.ElfMachine;
import dev.canirundocker.platform.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one binfmt_misc matcher, over the whole offset + magic length the kernel compares (linux
 * fs/binfmt_misc.c, BINPRM_BUF_SIZE), as the verdict rules and the preflight use it: qemu-mips'
 * 40-byte and qemu-mipsel's 37-byte magics take 32-bit MIPS images.
 */
class EmulationMatchTest {
  static final HostProfile MIPS_HANDLERS =
      linux()
          .level(3)
          .binfmt(qemuRegistered("qemu-mips"))
          .binfmt(qemuRegistered("qemu-mipsel"))
          .binfmt(qemuRegistered("qemu-mipsn32"))
          .binfmt(qemuRegistered("qemu-mipsn32el"))
          .probe("linux/mips", Outcome.RAN, "/usr/libexec/qemu-binfmt/mips-binfmt-P")
          .probe("linux/mipsle", Outcome.RAN, "/usr/libexec/qemu-binfmt/mipsel-binfmt-P")
          .build();

  @Test
  void qemuMipsTakesLinuxMips() {
    Evaluation e = ImageCompatibility.evaluate(MIPS_HANDLERS, Platform.parse("linux/mips"));
    assertEquals(Verdict.EMULATED, e.verdict(), e.findings().toString());
    assertEquals(List.of("arch.emulated"), e.ids());
    assertEquals(
        "The host (linux/amd64) runs linux/mips only through user-mode emulation: qemu-mips "
            + "(/usr/libexec/qemu-binfmt/mips-binfmt-P, flags PF); expect it to be much slower than "
            + "native",
        e.findings().get(0).message());
  }

  @Test
  void qemuMipselTakesLinuxMipsle() {
    Evaluation e = ImageCompatibility.evaluate(MIPS_HANDLERS, Platform.parse("linux/mipsle"));
    assertEquals(Verdict.EMULATED, e.verdict(), e.findings().toString());
    assertEquals(
        "The host (linux/amd64) runs linux/mipsle only through user-mode emulation: "
            + "qemu-mipsel (/usr/libexec/qemu-binfmt/mipsel-binfmt-P, flags PF); expect it to be much "
            + "slower than native",
        e.findings().get(0).message());
  }

  @Test
  void theN32HandlersAloneDoNotTakeO32Images() {
    HostProfile n32 =
        linux()
            .level(3)
            .binfmt(qemuRegistered("qemu-mipsn32"))
            .binfmt(qemuRegistered("qemu-mipsn32el"))
            .build();
    for (String p : List.of("linux/mips", "linux/mipsle")) {
      Evaluation e = ImageCompatibility.evaluate(n32, Platform.parse(p));
      assertEquals(Verdict.UNSUPPORTED, e.verdict(), p);
      assertEquals(List.of("arch.unsupported"), e.ids(), p);
    }
  }

  @Test
  void preflightEmulationSummaryNamesMipsAndMipsle() {
    Evaluation e = EngineReadiness.evaluate(MIPS_HANDLERS, null).engine();
    Finding f =
        e.findings().stream()
            .filter(x -> x.id().equals("emulation.available"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(e.findings().toString()));
    assertEquals(
        "Emulated in containers (binfmt_misc handlers with F): linux/mips, linux/mipsle",
        f.message());
  }

  @Test
  void theRegisteredMipsEntriesNameTheirPlatforms() {
    assertEquals(Platform.parse("linux/mips"), qemuRegistered("qemu-mips").platform());
    assertEquals(Platform.parse("linux/mipsle"), qemuRegistered("qemu-mipsel").platform());
    // n32 is not an OCI platform: its handler takes no canonical header
    assertEquals(null, qemuRegistered("qemu-mipsn32").platform());
  }

  @Test
  void theProbeOfEachMipsPlatformIsTakenByItsHandlerOnly() {
    byte[] mips = ProbeBinaries.forPlatform(Platform.parse("linux/mips"));
    byte[] mipsle = ProbeBinaries.forPlatform(Platform.parse("linux/mipsle"));
    assertTrue(qemuRegistered("qemu-mips").matches(mips));
    assertFalse(qemuRegistered("qemu-mipsn32").matches(mips));
    assertFalse(qemuRegistered("qemu-mipsel").matches(mips));
    assertTrue(qemuRegistered("qemu-mipsel").matches(mipsle));
    assertFalse(qemuRegistered("qemu-mipsn32el").matches(mipsle));
  }

  /** fs/binfmt_misc.c compares over bprm->buf, which fs/exec.c zero-fills past a short file. */
  @Test
  void bytesPastTheFileCompareAsZero() {
    BinfmtEntry zeroAt200 = entry(200, "00", "ff");
    assertTrue(zeroAt200.matches(new byte[] {0x7f, 'E', 'L', 'F'}));
    BinfmtEntry oneAt200 = entry(200, "01", "ff");
    assertFalse(oneAt200.matches(new byte[] {0x7f, 'E', 'L', 'F'}));
    byte[] longFile = new byte[300];
    longFile[200] = 1;
    assertTrue(oneAt200.matches(longFile));
    // the last byte of the buffer counts, the first past it does not exist
    assertTrue(entry(255, "00", null).matches(new byte[0]));
    assertFalse(entry(255, "0000", null).matches(new byte[0]));
  }

  @Test
  void aMagicReachingPastTheKernelsBufferNeverMatches() {
    // create_entry refuses offset + size > BINPRM_BUF_SIZE; such an entry takes nothing
    BinfmtEntry e = entry(250, "00".repeat(7), null);
    assertFalse(e.matches(new byte[256]));
    assertFalse(e.magicMatches(new byte[512]));
  }

  @Test
  void offsetsOutsideTheBufferAreRefused() {
    assertEquals(
        "binfmt_misc entry 'x': offset 2147483647 is outside 0..255",
        assertThrows(IllegalArgumentException.class, () -> entry(Integer.MAX_VALUE, "00", null))
            .getMessage());
    assertEquals(
        "binfmt_misc entry 'x': offset -1 is outside 0..255",
        assertThrows(IllegalArgumentException.class, () -> entry(-1, "00", null)).getMessage());
  }

  /** issue 16: an offset from a profile is checked before any arithmetic. */
  @Test
  void profileWithAnOverflowingOffsetIsABadProfile() {
    String json =
        dev.canirundocker.json.Json.compact(
                linux().binfmt(entry(0, "7f454c46", null)).build().toJson())
            .replace("\"offset\":0", "\"offset\":2147483647");
    dev.canirundocker.host.InvalidHostProfileException x =
        assertThrows(
            dev.canirundocker.host.InvalidHostProfileException.class,
            () -> HostProfile.parse(json));
    assertTrue(
        x.getMessage()
            .endsWith(".offset: 2147483647 is outside 0..255 (linux " + "BINPRM_BUF_SIZE is 256)"),
        x.getMessage());
    String far =
        json.replace("\"offset\":2147483647", "\"offset\":250")
            .replace("\"magic\":\"7f454c46\"", "\"magic\":\"7f454c46000000\"");
    dev.canirundocker.host.InvalidHostProfileException y =
        assertThrows(
            dev.canirundocker.host.InvalidHostProfileException.class, () -> HostProfile.parse(far));
    assertTrue(
        y.getMessage()
            .endsWith(
                ".magic: 7 bytes at offset 250 reach past the 256 bytes the " + "kernel compares"),
        y.getMessage());
  }

  @Test
  void everyElfMachineHeaderIsTakenByItsOwnQemuHandlerAsRegistered() {
    for (String name : List.of("qemu-mips", "qemu-mipsel")) {
      BinfmtEntry e = qemuRegistered(name);
      long takers = ElfMachine.ALL.stream().filter(m -> e.matches(m.header())).count();
      assertEquals(1, takers, name);
    }
  }

  private static BinfmtEntry entry(int offset, String magic, String mask) {
    return new BinfmtEntry("x", true, "/bin/x", "F", offset, magic, mask, null, null);
  }
}
