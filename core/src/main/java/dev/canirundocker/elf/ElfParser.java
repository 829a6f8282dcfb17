package dev.canirundocker.elf;

import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.platform.ElfMachine;
import dev.canirundocker.platform.Platform;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The byte reader behind {@link ElfInfo#parse}: the ELF header, program headers, {@code PT_INTERP}
 * and the GNU notes of a file's prefix, each offset checked against the prefix before use (layouts
 * and constants of glibc {@code elf/elf.h}). One instance reads one prefix once.
 */
final class ElfParser {
  // glibc elf/elf.h
  private static final int PT_INTERP = 3;
  private static final int PT_NOTE = 4;
  private static final int PT_GNU_PROPERTY = 0x6474e553;
  private static final int PN_XNUM = 0xffff;
  private static final int NT_GNU_ABI_TAG = 1;
  private static final int NT_GNU_PROPERTY_TYPE_0 = 5;
  private static final int ELF_NOTE_OS_LINUX = 0;
  private static final long GNU_PROPERTY_X86_ISA_1_NEEDED = 0xc0008002L;
  private static final int EM_386 = 3;
  private static final int EM_X86_64 = 62;

  private final byte[] b;
  private final @Nullable String name;
  private boolean big;
  private boolean is64;
  private boolean complete = true;
  private @Nullable String interpreter;
  private @Nullable KernelVersion abiTag;
  private int isaLevel;

  ElfParser(byte[] b, @Nullable String name) {
    this.b = b;
    this.name = name;
  }

  private ElfException fail(String problem) {
    return new ElfException(name + ": " + problem);
  }

  ElfInfo parse() {
    int n = b.length;
    // a prefix of the magic is a cut-off ELF file; anything else is not ELF at all
    int m = Math.min(n, ElfInfo.MAGIC.length);
    for (int i = 0; i < m; i++) {
      if (b[i] != ElfInfo.MAGIC[i]) {
        throw fail(
            "not an ELF file: starts with "
                + HexFormat.ofDelimiter(" ").formatHex(b, 0, Math.min(n, 4)));
      }
    }
    if (n < 16) {
      throw fail("truncated ELF header: " + n + " of at least 16 bytes (e_ident)");
    }
    int cls = b[4] & 0xff;
    if (cls != 1 && cls != 2) {
      throw fail("invalid ELF class " + cls + " (EI_CLASS must be 1 or 2)");
    }
    int data = b[5] & 0xff;
    if (data != 1 && data != 2) {
      throw fail("invalid ELF byte order " + data + " (EI_DATA must be 1 or 2)");
    }
    is64 = cls == 2;
    big = data == 2;
    int ehsize = is64 ? 64 : 52;
    if (n < ehsize) {
      throw fail("truncated ELF header: " + n + " of " + ehsize + " bytes");
    }
    int eType = u16(16);
    int machine = u16(18);
    long entry = word(24);
    long phoff = is64 ? u64(32) : u32(28);
    long shoff = is64 ? u64(40) : u32(32);
    int flags = (int) u32(is64 ? 48 : 36);
    int phentsize = u16(is64 ? 54 : 42);
    long phnum = u16(is64 ? 56 : 44);
    int shentsize = u16(is64 ? 58 : 46);
    int minPhent = is64 ? 56 : 32;
    if (phnum == PN_XNUM) {
      // more than 0xfffe program headers: the count is sh_info of section header 0 (elf.h
      // PN_XNUM)
      int shMin = is64 ? 64 : 40;
      int infoOff = is64 ? 44 : 28;
      if (shentsize >= shMin && fits(shoff, shMin)) {
        phnum = u32(shoff + infoOff);
      } else {
        complete = false;
        phnum = 0;
      }
    }
    if (phnum > 0 && phentsize < minPhent) {
      throw fail(
          "invalid e_phentsize " + phentsize + " (a program header is " + minPhent + " bytes)");
    }
    readProgramHeaders(phoff, phentsize, phnum, machine);
    Platform platform = ElfMachine.forElf(cls, big, machine).map(ElfMachine::platform).orElse(null);
    return new ElfInfo(
        is64 ? 64 : 32,
        big,
        b[7] & 0xff,
        ElfInfo.Type.of(eType),
        machine,
        flags,
        entry,
        platform,
        interpreter,
        abiTag,
        isaLevel,
        complete);
  }

  private void readProgramHeaders(long phoff, int phentsize, long phnum, int machine) {
    boolean x86 = machine == EM_X86_64 || machine == EM_386;
    // phnum * phentsize is at most 2^32 * 2^16: no overflow in long
    for (long i = 0; i < phnum; i++) {
      long off = phoff + i * phentsize;
      if (!fits(off, is64 ? 56 : 32)) {
        complete = false;
        return;
      }
      long type = u32(off);
      long pOffset;
      long pFilesz;
      long pAlign;
      if (is64) {
        pOffset = u64(off + 8);
        pFilesz = u64(off + 32);
        pAlign = u64(off + 48);
      } else {
        pOffset = u32(off + 4);
        pFilesz = u32(off + 16);
        pAlign = u32(off + 28);
      }
      if (type == PT_INTERP && interpreter == null) {
        readInterpreter(pOffset, pFilesz);
      } else if (type == PT_NOTE || type == PT_GNU_PROPERTY) {
        readNotes(pOffset, pFilesz, pAlign, x86);
      }
    }
  }

  private void readInterpreter(long off, long size) {
    // fs/binfmt_elf.c load_elf_binary reads p_filesz bytes and requires a NUL-terminated string
    if (!fits(off, size) || size == 0) {
      complete = false;
      return;
    }
    int start = (int) off;
    int end = start;
    int limit = (int) (off + size);
    while (end < limit && b[end] != 0) {
      end++;
    }
    interpreter = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
  }

  private void readNotes(long off, long size, long pAlign, boolean x86) {
    // glibc elf/dl-load.c and the gABI: notes are 4-aligned, or 8-aligned for 64-bit property
    // notes (p_align 8); a note segment of any other alignment is ignored as glibc does
    int align;
    if (pAlign == 8) {
      align = 8;
    } else if (pAlign >= 0 && pAlign <= 4) {
      align = 4;
    } else {
      return;
    }
    if (off < 0 || off > b.length) {
      complete = false;
      return;
    }
    long end = off + size;
    if (size < 0 || end > b.length) {
      complete = false;
      end = b.length;
    }
    long pos = off;
    while (pos + 12 <= end) {
      long namesz = u32(pos);
      long descsz = u32(pos + 4);
      long type = u32(pos + 8);
      long nameOff = pos + 12;
      long descOff = alignUp(nameOff + namesz, align);
      long descEnd = descOff + descsz;
      if (descEnd > end) {
        return;
      }
      if (namesz == 4
          && b[(int) nameOff] == 'G'
          && b[(int) nameOff + 1] == 'N'
          && b[(int) nameOff + 2] == 'U'
          && b[(int) nameOff + 3] == 0) {
        if (type == NT_GNU_ABI_TAG && descsz >= 16) {
          readAbiTag(descOff);
        } else if (type == NT_GNU_PROPERTY_TYPE_0 && x86) {
          readProperties(descOff, descEnd);
        }
      }
      // advances by at least 12 bytes: the loop ends within size/12 rounds
      pos = alignUp(descEnd, align);
    }
  }

  private void readAbiTag(long desc) {
    // NT_GNU_ABI_TAG: words [os, major, minor, patch]; os 0 is ELF_NOTE_OS_LINUX (elf.h)
    long os = u32(desc);
    long major = u32(desc + 4);
    long minor = u32(desc + 8);
    long patch = u32(desc + 12);
    if (os == ELF_NOTE_OS_LINUX
        && major <= Integer.MAX_VALUE
        && minor <= Integer.MAX_VALUE
        && patch <= Integer.MAX_VALUE
        && abiTag == null) {
      abiTag = KernelVersion.of((int) major, (int) minor, (int) patch);
    }
  }

  private void readProperties(long desc, long descEnd) {
    // NT_GNU_PROPERTY_TYPE_0: an array of {pr_type, pr_datasz, data}, each padded to 8 bytes in
    // ELFCLASS64 and 4 in ELFCLASS32 (linux-abi / binutils include/elf/common.h)
    int propAlign = is64 ? 8 : 4;
    long p = desc;
    while (p + 8 <= descEnd) {
      long prType = u32(p);
      long datasz = u32(p + 4);
      long data = p + 8;
      if (data + datasz > descEnd) {
        return;
      }
      if (prType == GNU_PROPERTY_X86_ISA_1_NEEDED && datasz == 4) {
        // bits: 1 baseline, 2 v2, 4 v3, 8 v4 (elf.h GNU_PROPERTY_X86_ISA_1_*); the highest wins
        int bits = (int) (u32(data) & 0xf);
        int level = bits == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(bits);
        isaLevel = Math.max(isaLevel, level);
      }
      p = alignUp(data + datasz, propAlign);
    }
  }

  private static long alignUp(long v, int a) {
    return (v + a - 1) & -(long) a;
  }

  /** Whether {@code len} bytes at {@code off} lie inside the prefix (off and len unsigned-safe). */
  private boolean fits(long off, long len) {
    return off >= 0 && len >= 0 && off <= b.length && len <= b.length - off;
  }

  private int u8(long off) {
    return b[(int) off] & 0xff;
  }

  private int u16(long off) {
    return big ? (u8(off) << 8) | u8(off + 1) : u8(off) | (u8(off + 1) << 8);
  }

  private long u32(long off) {
    long v = 0;
    for (int i = 0; i < 4; i++) {
      int shift = big ? (3 - i) * 8 : i * 8;
      v |= (long) u8(off + i) << shift;
    }
    return v;
  }

  /**
   * A 64-bit unsigned field; values above {@code Long.MAX_VALUE} come back negative, which every
   * bounds check treats as out of range.
   */
  private long u64(long off) {
    long lo = u32(big ? off + 4 : off);
    long hi = u32(big ? off : off + 4);
    return (hi << 32) | lo;
  }

  private long word(long off) {
    return is64 ? u64(off) : u32(off);
  }
}
