package dev.canirundocker.host.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.host.BinfmtEntry;
import dev.canirundocker.platform.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinfmtTest {

  // Lines as this kernel's fs/binfmt_misc.c writes them for Debian's qemu-user-static.
  private static List<String> qemu(String state, String flags, String magic, String mask) {
    return List.of(
        state,
        "interpreter /usr/libexec/qemu-binfmt/x-binfmt-P",
        "flags: " + flags,
        "offset 0",
        "magic " + magic,
        "mask " + mask);
  }

  private static final String MASK = "ffffffffffffff00fffffffffffffffffeffffff";

  @Test
  void qemuAarch64WithFixBinaryMapsToArm64() throws Exception {
    BinfmtEntry e =
        Binfmt.parseBinfmtEntry(
            "qemu-aarch64",
            qemu("enabled", "PF", "7f454c460201010000000000000000000200b700", MASK));
    assertEquals(
        new BinfmtEntry(
            "qemu-aarch64",
            true,
            "/usr/libexec/qemu-binfmt/x-binfmt-P",
            "PF",
            0,
            "7f454c460201010000000000000000000200b700",
            MASK,
            null,
            Platform.of("linux", "arm64", "")),
        e);
    assertTrue(e.hasFlag('F'));
  }

  @Test
  void qemuArmWithoutFixBinaryMapsToArmV7() throws Exception {
    BinfmtEntry e =
        Binfmt.parseBinfmtEntry(
            "qemu-arm", qemu("enabled", "OC", "7f454c4601010100000000000000000002002800", MASK));
    assertEquals("linux/arm/v7", e.platform().toString());
    assertEquals("OC", e.flags());
    assertFalse(e.hasFlag('F'));
  }

  @Test
  void disabledEntryStillNamesItsPlatform() throws Exception {
    BinfmtEntry e =
        Binfmt.parseBinfmtEntry(
            "qemu-riscv64",
            qemu("disabled", "PF", "7f454c460201010000000000000000000200f300", MASK));
    assertFalse(e.enabled());
    assertEquals(Platform.of("linux", "riscv64", ""), e.platform());
  }

  @Test
  void qemuMipsAndMipsn32AreToldApartByTheAbi2Bit() throws Exception {
    // qemu scripts/qemu-binfmt-conf.sh: 40-byte magics that test EF_MIPS_ABI2 in e_flags
    String mipsMask =
        "ffffffffffffff00fefffffffffffffffffeffff0000000000000000000000000000000000000020";
    BinfmtEntry mips =
        Binfmt.parseBinfmtEntry(
            "qemu-mips",
            qemu(
                "enabled",
                "PF",
                "7f454c46010201000000000000000000000200080000000000000000000000000000000000000000",
                mipsMask));
    BinfmtEntry n32 =
        Binfmt.parseBinfmtEntry(
            "qemu-mipsn32",
            qemu(
                "enabled",
                "PF",
                "7f454c46010201000000000000000000000200080000000000000000000000000000000000000020",
                mipsMask));
    assertEquals(Platform.of("linux", "mips", ""), mips.platform());
    assertNull(n32.platform());
  }

  @Test
  void ppc64leMaskIgnoringAbiVersionStillMatches() throws Exception {
    BinfmtEntry e =
        Binfmt.parseBinfmtEntry(
            "qemu-ppc64le",
            qemu(
                "enabled",
                "PF",
                "7f454c4602010100000000000000000002001500",
                "fffffffffffffffcfffffffffffffffffeffff00"));
    assertEquals(Platform.of("linux", "ppc64le", ""), e.platform());
  }

  @Test
  void architectureTheToolDoesNotKnowHasNoPlatform() throws Exception {
    BinfmtEntry e =
        Binfmt.parseBinfmtEntry(
            "qemu-armeb",
            qemu(
                "enabled",
                "PF",
                "7f454c4601020100000000000000000000020028",
                "ffffffffffffff00fffffffffffffffffffeffff"));
    assertNull(e.platform());
  }

  @Test
  void genericElfHandlerMatchingEveryArchitectureHasNoPlatform() throws Exception {
    BinfmtEntry e =
        Binfmt.parseBinfmtEntry(
            "any-elf",
            List.of(
                "enabled",
                "interpreter /usr/bin/elfwrap",
                "flags: ",
                "offset 0",
                "magic 7f454c46"));
    assertNull(e.platform());
    assertNull(e.mask());
    assertEquals("", e.flags());
  }

  @Test
  void extensionEntry() throws Exception {
    BinfmtEntry e =
        Binfmt.parseBinfmtEntry(
            "DOSWin", List.of("enabled", "interpreter /usr/bin/wine", "flags: ", "extension .exe"));
    assertEquals(
        new BinfmtEntry("DOSWin", true, "/usr/bin/wine", "", 0, null, null, ".exe", null), e);
  }

  @Test
  void unknownFlagLettersAreKeptAsWritten() throws Exception {
    BinfmtEntry e =
        Binfmt.parseBinfmtEntry(
            "future", qemu("enabled", "POCFXZ", "7f454c460201010000000000000000000200b700", MASK));
    assertEquals("POCFXZ", e.flags());
    assertTrue(e.hasFlag('Z'));
  }

  @Test
  void oddMagicLengthIsKeptAndMatchesNothing() throws Exception {
    BinfmtEntry e =
        Binfmt.parseBinfmtEntry(
            "odd",
            List.of(
                "enabled",
                "interpreter /bin/odd",
                "flags: F",
                "offset 0",
                "magic 7f454c4",
                "mask fff"));
    assertEquals(new BinfmtEntry("odd", true, "/bin/odd", "F", 0, "7f454c4", "fff", null, null), e);
    assertFalse(e.matches(new byte[] {0x7f, 'E', 'L', 'F'}));
  }

  @Test
  void entryWithoutInterpreterHasOnlyItsState() throws Exception {
    // entry_status writes only the state when the interpreter is empty
    assertEquals(
        new BinfmtEntry("bare", false, null, "", 0, null, null, null, null),
        Binfmt.parseBinfmtEntry("bare", List.of("disabled")));
  }

  @Test
  void linesANewerKernelMayAddAreIgnored() throws Exception {
    BinfmtEntry e =
        Binfmt.parseBinfmtEntry(
            "qemu-s390x",
            List.of(
                "enabled",
                "interpreter /usr/bin/qemu-s390x",
                "flags: F",
                "owner 0",
                "offset 0",
                "magic 7f454c46020201000000000000000000000200160000"));
    assertEquals(Platform.of("linux", "s390x", ""), e.platform());
  }

  @Test
  void garbageFirstLineIsRejectedNamingTheEntry() {
    LinuxReadException x =
        assertThrows(
            LinuxReadException.class,
            () -> Binfmt.parseBinfmtEntry("junk", List.of("hello", "world")));
    assertEquals(
        "binfmt_misc entry 'junk' line 1: expected 'enabled' or 'disabled', got 'hello'",
        x.getMessage());
  }

  @Test
  void emptyFileIsRejected() {
    LinuxReadException x =
        assertThrows(LinuxReadException.class, () -> Binfmt.parseBinfmtEntry("empty", List.of()));
    assertEquals("binfmt_misc entry 'empty': empty", x.getMessage());
  }

  @Test
  void nonNumericOffsetIsRejected() {
    LinuxReadException x =
        assertThrows(
            LinuxReadException.class,
            () ->
                Binfmt.parseBinfmtEntry(
                    "bad",
                    List.of("enabled", "interpreter /x", "flags: ", "offset twelve", "magic 00")));
    assertEquals("binfmt_misc entry 'bad' line 4: offset 'twelve' is not a number", x.getMessage());
  }

  @Test
  void nonHexMagicIsRejected() {
    LinuxReadException x =
        assertThrows(
            LinuxReadException.class,
            () ->
                Binfmt.parseBinfmtEntry(
                    "bad",
                    List.of("enabled", "interpreter /x", "flags: ", "offset 0", "magic ELF!")));
    assertEquals("binfmt_misc entry 'bad' line 5: magic 'ELF!' is not hex", x.getMessage());
  }
}
