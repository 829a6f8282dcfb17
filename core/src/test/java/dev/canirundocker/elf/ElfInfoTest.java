package dev.canirundocker.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.host.exec.ProbeBinaries;
import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ElfInfoTest {
  private static final Path LS = Path.of("/bin/ls");
  private static final int X86_ISA_NEEDED = 0xc0008002;

  private static boolean amd64Host() {
    return System.getProperty("os.arch").equals("amd64") && Files.isRegularFile(LS);
  }

  @Test
  void probeBinariesRoundTrip() {
    long e64 = 0x400000 + 64 + 2 * 56;
    long e32 = 0x400000 + 52 + 2 * 32;
    List<ElfInfo> expected =
        List.of(
            probe(64, false, 62, 0, e64, "linux/amd64"),
            probe(32, false, 3, 0, e32, "linux/386"),
            probe(64, false, 183, 0, e64, "linux/arm64"),
            new ElfInfo(
                32,
                false,
                0,
                ElfInfo.Type.EXEC,
                40,
                0x05000000,
                e32,
                new Platform("linux", "arm", "", "", List.of()),
                null,
                null,
                0,
                true),
            probe(64, false, 21, 2, e64, "linux/ppc64le"),
            probe(64, true, 22, 0, e64, "linux/s390x"),
            probe(64, false, 243, 0, e64, "linux/riscv64"),
            probe(64, false, 8, 0x60000000, e64, "linux/mips64le"),
            probe(64, true, 8, 0x60000000, e64, "linux/mips64"),
            probe(32, true, 8, 0x50001000, e32, "linux/mips"),
            probe(32, false, 8, 0x50001000, e32, "linux/mipsle"),
            probe(64, true, 21, 2, e64, "linux/ppc64"),
            probe(64, false, 258, 0x43, e64, "linux/loong64"));
    List<Platform> platforms = ProbeBinaries.supportedPlatforms();
    assertEquals(expected.size(), platforms.size());
    for (int i = 0; i < platforms.size(); i++) {
      ElfInfo info = ElfInfo.parse(ProbeBinaries.forPlatform(platforms.get(i)));
      assertEquals(expected.get(i), info);
      assertEquals(platforms.get(i), info.platform());
    }
  }

  private static ElfInfo probe(
      int cls, boolean big, int machine, int flags, long entry, String platform) {
    return new ElfInfo(
        cls,
        big,
        0,
        ElfInfo.Type.EXEC,
        machine,
        flags,
        entry,
        Platform.parse(platform),
        null,
        null,
        0,
        true);
  }

  @Test
  void binLsOfThisMachine() throws IOException {
    // `file /bin/ls` on the development machine (Debian 12): ELF 64-bit LSB pie executable, x86-64,
    // interpreter /lib64/ld-linux-x86-64.so.2, for GNU/Linux 3.2.0; readelf -n: x86-64-baseline
    assumeTrue(amd64Host(), "needs an amd64 /bin/ls");
    ElfInfo info = ElfInfo.read(LS);
    assertEquals(
        new ElfInfo(
            64,
            false,
            0,
            ElfInfo.Type.DYN,
            62,
            0,
            info.entry(),
            Platform.parse("linux/amd64"),
            "/lib64/ld-linux-x86-64.so.2",
            KernelVersion.of(3, 2, 0),
            1,
            true),
        info);
    assertTrue(info.dynamic());
  }

  @Test
  void qemuStaticBinariesAreStaticAmd64() throws IOException {
    Path q = Path.of("/usr/bin/qemu-aarch64-static");
    assumeTrue(
        System.getProperty("os.arch").equals("amd64") && Files.isRegularFile(q),
        "needs Debian's amd64 qemu-user-static");
    ElfInfo info = ElfInfo.read(q);
    // static-pie: DYN without PT_INTERP; GNU/Linux 3.2.0 (file(1)); x86-64-baseline (readelf -n)
    assertEquals(
        new ElfInfo(
            64,
            false,
            3,
            ElfInfo.Type.DYN,
            62,
            0,
            info.entry(),
            Platform.parse("linux/amd64"),
            null,
            KernelVersion.of(3, 2, 0),
            1,
            true),
        info);
    assertFalse(info.dynamic());
  }

  @Test
  void notesAndInterpreterOfSynthetic64BitFile() {
    TestElf t = new TestElf(true, false, 62);
    byte[] elf =
        t.interp("/lib/ld-musl-x86_64.so.1")
            .notes(4, 4, t.note("GNU", 1, 4, t.words(0, 4, 19, 7)))
            .notes(0x6474e553, 8, t.note("GNU", 5, 8, t.property(X86_ISA_NEEDED, 0x1 | 0x2 | 0x4)))
            .build();
    assertEquals(
        new ElfInfo(
            64,
            false,
            0,
            ElfInfo.Type.DYN,
            62,
            0,
            0x1000,
            Platform.parse("linux/amd64"),
            "/lib/ld-musl-x86_64.so.1",
            KernelVersion.of(4, 19, 7),
            3,
            true),
        ElfInfo.parse(elf));
  }

  @Test
  void isaLevelV4AndBigEndian32BitFile() {
    TestElf t = new TestElf(true, false, 62);
    byte[] v4 = t.notes(4, 8, t.note("GNU", 5, 8, t.property(X86_ISA_NEEDED, 0x8))).build();
    assertEquals(4, ElfInfo.parse(v4).x86IsaLevel());

    TestElf m = new TestElf(false, true, 8);
    byte[] mips =
        m.type(2)
            .interp("/lib/ld.so.1")
            .notes(4, 4, m.note("GNU", 1, 4, m.words(0, 3, 2, 0)))
            .build();
    assertEquals(
        new ElfInfo(
            32,
            true,
            0,
            ElfInfo.Type.EXEC,
            8,
            0,
            0x1000,
            Platform.parse("linux/mips"),
            "/lib/ld.so.1",
            KernelVersion.of(3, 2, 0),
            0,
            true),
        ElfInfo.parse(mips));
  }

  @Test
  void x86PropertyIsIgnoredOnOtherMachinesAndOtherOwners() {
    // 0xc0008002 is processor-specific: on AArch64 the range means something else
    TestElf a = new TestElf(true, false, 183);
    byte[] arm = a.notes(4, 8, a.note("GNU", 5, 8, a.property(X86_ISA_NEEDED, 0x4))).build();
    assertEquals(0, ElfInfo.parse(arm).x86IsaLevel());
    TestElf x = new TestElf(true, false, 62);
    byte[] other =
        x.notes(
                4,
                4,
                x.note("XYZ", 1, 4, x.words(0, 9, 9, 9)),
                x.note("GNU", 1, 4, x.words(1, 0, 5, 0)))
            .build(); // os 1 = Hurd: no Linux minimum
    assertNull(ElfInfo.parse(other).abiTagMinKernel());
  }

  @Test
  void unknownMachineHasNoPlatform() {
    ElfInfo info = ElfInfo.parse(new TestElf(true, false, 0x1234).build());
    assertNull(info.platform());
    assertEquals(0x1234, info.machine());
  }

  @Test
  void truncatedAtEveryLengthOfTheHeaders() throws IOException {
    TestElf t = new TestElf(true, false, 62);
    byte[] full =
        t.interp("/lib64/ld-linux-x86-64.so.2")
            .notes(4, 4, t.note("GNU", 1, 4, t.words(0, 3, 2, 0)))
            .build();
    ElfInfo whole = ElfInfo.parse(full);
    assertTrue(whole.complete());
    for (int n = 0; n < full.length; n++) {
      byte[] head = Arrays.copyOf(full, n);
      if (n < 16) {
        ElfException e = assertThrows(ElfException.class, () -> ElfInfo.parse(head, "f"));
        assertEquals(
            "f: truncated ELF header: " + n + " of at least 16 bytes (e_ident)", e.getMessage());
      } else if (n < 64) {
        ElfException e = assertThrows(ElfException.class, () -> ElfInfo.parse(head, "f"));
        assertEquals("f: truncated ELF header: " + n + " of 64 bytes", e.getMessage());
      } else {
        ElfInfo part = ElfInfo.parse(head);
        assertEquals(Platform.parse("linux/amd64"), part.platform(), "length " + n);
        assertFalse(part.complete(), "length " + n);
        // what was read is right; what was not is null
        assertTrue(
            part.interpreter() == null || part.interpreter().equals("/lib64/ld-linux-x86-64.so.2"),
            "length " + n);
      }
    }
  }

  @Test
  void hugeProgramHeaderCountIsBoundedByTheBytes() {
    byte[] elf = new TestElf(true, false, 62).build();
    elf = Arrays.copyOf(elf, 4096);
    ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort(56, (short) 0xfffe); // e_phnum; the zero-filled headers are PT_NULL
    ElfInfo info = ElfInfo.parse(elf);
    assertFalse(info.complete());
    assertNull(info.interpreter());

    // PN_XNUM: the count is sh_info of section header 0, here 0xffffffff
    b.putShort(56, (short) 0xffff);
    b.putLong(40, 1024); // e_shoff
    b.putShort(58, (short) 64); // e_shentsize
    b.putInt(1024 + 44, 0xffffffff);
    assertFalse(ElfInfo.parse(elf).complete());
  }

  @Test
  void offsetsPastTheEndAndHugeNoteSizes() {
    TestElf t = new TestElf(true, false, 62);
    byte[] elf = t.interp("/x").notes(4, 4, t.note("GNU", 1, 4, t.words(0, 3, 2, 0))).build();
    ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
    byte[] farInterp = elf.clone();
    ByteBuffer.wrap(farInterp).order(ByteOrder.LITTLE_ENDIAN).putLong(64 + 8, -1L); // p_offset
    ElfInfo i1 = ElfInfo.parse(farInterp);
    assertNull(i1.interpreter());
    assertFalse(i1.complete());
    byte[] hugeSize = elf.clone();
    ByteBuffer.wrap(hugeSize).order(ByteOrder.LITTLE_ENDIAN).putLong(64 + 32, Long.MAX_VALUE);
    assertFalse(ElfInfo.parse(hugeSize).complete());

    // the note's namesz and descsz claim 4 GiB each
    int noteOff = (int) b.getLong(64 + 56 + 8);
    byte[] hugeNote = elf.clone();
    ByteBuffer h = ByteBuffer.wrap(hugeNote).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(noteOff, 0xffffffff);
    h.putInt(noteOff + 4, 0xffffffff);
    ElfInfo i2 = ElfInfo.parse(hugeNote);
    assertNull(i2.abiTagMinKernel());
    assertEquals("/x", i2.interpreter());

    // the phoff itself points past the end
    byte[] farPh = elf.clone();
    ByteBuffer.wrap(farPh).order(ByteOrder.LITTLE_ENDIAN).putLong(32, 0x7fffffff_ffffff00L);
    assertFalse(ElfInfo.parse(farPh).complete());
  }

  @Test
  void manyEmptyNotesEnd() {
    TestElf t = new TestElf(true, false, 62);
    byte[] zeros = new byte[60_000]; // 5000 notes with namesz = descsz = 0
    ElfInfo info = ElfInfo.parse(t.notes(4, 4, zeros).build());
    assertTrue(info.complete());
    assertNull(info.abiTagMinKernel());
  }

  @Test
  void invalidIdentAndHeaderFields() {
    byte[] elf = new TestElf(true, false, 62).build();
    byte[] data3 = elf.clone();
    data3[5] = 3;
    assertEquals(
        "ELF data: invalid ELF byte order 3 (EI_DATA must be 1 or 2)",
        assertThrows(ElfException.class, () -> ElfInfo.parse(data3)).getMessage());
    byte[] class0 = elf.clone();
    class0[4] = 0;
    assertEquals(
        "a.out: invalid ELF class 0 (EI_CLASS must be 1 or 2)",
        assertThrows(ElfException.class, () -> ElfInfo.parse(class0, "a.out")).getMessage());
    byte[] script = "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.US_ASCII);
    assertEquals(
        "run.sh: not an ELF file: starts with 23 21 2f 62",
        assertThrows(ElfException.class, () -> ElfInfo.parse(script, "run.sh")).getMessage());
    byte[] smallPhent = new TestElf(true, false, 62).interp("/x").build();
    ByteBuffer.wrap(smallPhent).order(ByteOrder.LITTLE_ENDIAN).putShort(54, (short) 8);
    assertEquals(
        "ELF data: invalid e_phentsize 8 (a program header is 56 bytes)",
        assertThrows(ElfException.class, () -> ElfInfo.parse(smallPhent)).getMessage());
  }

  @Test
  void wrongEndiannessByteReadsGarbageSafely() {
    // an LSB file marked MSB: every field is byte-swapped, offsets land far away
    TestElf t = new TestElf(true, false, 62);
    byte[] elf =
        t.interp("/lib64/ld-linux-x86-64.so.2")
            .notes(4, 4, t.note("GNU", 1, 4, t.words(0, 3, 2, 0)))
            .build();
    elf[5] = 2;
    ElfInfo info = ElfInfo.parse(elf);
    assertEquals(0x3e00, info.machine());
    assertNull(info.platform());
    assertNull(info.interpreter());
    assertFalse(info.complete());
  }

  @Test
  void randomCorruptionNeverEscapesAsAnotherException() throws IOException {
    List<byte[]> seeds = new java.util.ArrayList<>();
    for (Platform p : ProbeBinaries.supportedPlatforms()) {
      seeds.add(ProbeBinaries.forPlatform(p));
    }
    TestElf t = new TestElf(true, false, 62);
    seeds.add(
        t.interp("/lib/ld.so")
            .notes(4, 4, t.note("GNU", 1, 4, t.words(0, 3, 2, 0)))
            .notes(0x6474e553, 8, t.note("GNU", 5, 8, t.property(X86_ISA_NEEDED, 2)))
            .build());
    if (amd64Host()) {
      seeds.add(Arrays.copyOf(Files.readAllBytes(LS), 4096));
    }
    Random r = new Random(42);
    for (int round = 0; round < 20_000; round++) {
      byte[] s = seeds.get(r.nextInt(seeds.size())).clone();
      int flips = 1 + r.nextInt(8);
      for (int f = 0; f < flips; f++) {
        int at = r.nextInt(Math.min(s.length, r.nextBoolean() ? 64 : s.length));
        s[at] = (byte) r.nextInt(256);
      }
      byte[] head = Arrays.copyOf(s, r.nextInt(s.length + 1));
      try {
        ElfInfo.parse(head);
      } catch (ElfException expected) {
        assertFalse(expected.getMessage().contains("\n"));
      }
    }
  }

  @Test
  void isElf() {
    assertTrue(ElfInfo.isElf(new byte[] {0x7f, 'E', 'L', 'F'}));
    assertFalse(ElfInfo.isElf(new byte[] {0x7f, 'E', 'L'}));
    assertFalse(ElfInfo.isElf("#!/bin/sh".getBytes(StandardCharsets.US_ASCII)));
    assertFalse(ElfInfo.isElf(null));
  }

  @Test
  void typeValues() {
    assertArrayEquals(
        new ElfInfo.Type[] {
          ElfInfo.Type.NONE,
          ElfInfo.Type.REL,
          ElfInfo.Type.EXEC,
          ElfInfo.Type.DYN,
          ElfInfo.Type.CORE,
          ElfInfo.Type.OTHER,
          ElfInfo.Type.OTHER
        },
        new ElfInfo.Type[] {
          ElfInfo.Type.of(0),
          ElfInfo.Type.of(1),
          ElfInfo.Type.of(2),
          ElfInfo.Type.of(3),
          ElfInfo.Type.of(4),
          ElfInfo.Type.of(5),
          ElfInfo.Type.of(0xfe00)
        });
  }
}
