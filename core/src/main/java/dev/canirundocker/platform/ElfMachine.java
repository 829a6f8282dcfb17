package dev.canirundocker.platform;

import java.util.List;
import java.util.Optional;

/**
 * The ELF identity of each Linux architecture Docker images are built for: class, byte order and
 * {@code e_machine} (glibc {@code elf/elf.h}), and the canonical header that binfmt_misc handlers
 * are matched against.
 *
 * @param platform the Linux platform ({@code linux/arm64}); arm carries no variant here
 * @param elfClass 1 for 32-bit, 2 for 64-bit
 * @param bigEndian byte order ({@code EI_DATA} 2)
 * @param machine the {@code e_machine} value
 */
public record ElfMachine(Platform platform, int elfClass, boolean bigEndian, int machine) {

  /** Every architecture the tool knows by its ELF identity, in a stable order. */
  public static final List<ElfMachine> ALL =
      List.of(
          new ElfMachine(Platform.of("linux", "amd64", ""), 2, false, 62),
          new ElfMachine(Platform.of("linux", "386", ""), 1, false, 3),
          new ElfMachine(Platform.of("linux", "arm64", ""), 2, false, 183),
          new ElfMachine(new Platform("linux", "arm", "", "", List.of()), 1, false, 40),
          new ElfMachine(Platform.of("linux", "ppc64le", ""), 2, false, 21),
          new ElfMachine(Platform.of("linux", "ppc64", ""), 2, true, 21),
          new ElfMachine(Platform.of("linux", "s390x", ""), 2, true, 22),
          new ElfMachine(Platform.of("linux", "riscv64", ""), 2, false, 243),
          new ElfMachine(Platform.of("linux", "mips64le", ""), 2, false, 8),
          new ElfMachine(Platform.of("linux", "mips64", ""), 2, true, 8),
          new ElfMachine(Platform.of("linux", "mipsle", ""), 1, false, 8),
          new ElfMachine(Platform.of("linux", "mips", ""), 1, true, 8),
          new ElfMachine(Platform.of("linux", "loong64", ""), 2, false, 258));

  /** The entry for an architecture ({@code arm/v7} finds {@code arm}). */
  public static Optional<ElfMachine> forPlatform(Platform p) {
    for (ElfMachine m : ALL) {
      if (m.platform.architecture().equals(p.architecture())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The entry for an ELF identity, if the tool knows it. */
  public static Optional<ElfMachine> forElf(int elfClass, boolean bigEndian, int machine) {
    for (ElfMachine m : ALL) {
      if (m.elfClass == elfClass && m.bigEndian == bigEndian && m.machine == machine) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * The first 20 bytes of a static executable of this architecture ({@code e_ident}, {@code e_type}
   * EXEC, {@code e_machine}): what the kernel's binfmt_misc compares magic/mask against, and what
   * qemu's registrations (qemu scripts/qemu-binfmt-conf.sh) are written for.
   */
  public byte[] header() {
    byte[] h = new byte[20];
    h[0] = 0x7f;
    h[1] = 'E';
    h[2] = 'L';
    h[3] = 'F';
    h[4] = (byte) elfClass;
    h[5] = (byte) (bigEndian ? 2 : 1);
    h[6] = 1; // EI_VERSION
    // EI_OSABI 0 (SYSV), padding zero
    put16(h, 16, 2); // ET_EXEC
    put16(h, 18, machine);
    return h;
  }

  private void put16(byte[] b, int off, int v) {
    if (bigEndian) {
      b[off] = (byte) (v >>> 8);
      b[off + 1] = (byte) v;
    } else {
      b[off] = (byte) v;
      b[off + 1] = (byte) (v >>> 8);
    }
  }
}
