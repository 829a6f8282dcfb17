package dev.canirundocker.elf;

import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.platform.ElfMachine;
import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the first bytes of an ELF file say about running it: class, byte order, type, machine, the
 * dynamic loader it asks for, the oldest kernel its C library accepts, and the x86-64 ISA level it
 * needs.
 *
 * <p>Layouts and constants are those of glibc {@code elf/elf.h}. The reader works on a prefix of
 * the file ({@code head}, normally {@link #MAX_HEAD} bytes): what lies beyond it is not read, and
 * {@link #complete()} says whether everything the reader looked for was inside the prefix. It is
 * safe on hostile input: every offset and size is checked against the prefix in {@code long}
 * arithmetic before use, loops are bounded by the prefix length, and nothing is allocated by a size
 * read from the file. The byte-level reading is {@link ElfParser}.
 *
 * @param elfClass 32 or 64 ({@code EI_CLASS} 1 or 2)
 * @param bigEndian whether the file is big-endian ({@code EI_DATA} 2)
 * @param osAbi {@code EI_OSABI} (0 System V, 3 GNU/Linux, ...)
 * @param type {@code e_type}
 * @param machine {@code e_machine} ({@code 62} x86-64, {@code 183} AArch64, ...)
 * @param flags {@code e_flags} (processor-specific: ARM EABI version, MIPS ABI, ppc64 ELF ABI, ...)
 * @param entry {@code e_entry}
 * @param platform the Linux platform of this class, byte order and machine ({@link
 *     ElfMachine#forElf}), or null for a machine the tool does not know
 * @param interpreter the {@code PT_INTERP} path (the dynamic loader), or null when there is none (a
 *     static executable) or it lies beyond the bytes read (then {@code complete} is false)
 * @param abiTagMinKernel the minimum Linux kernel of the {@code NT_GNU_ABI_TAG} note, or null when
 *     the file has no such note for Linux
 * @param x86IsaLevel the x86-64 micro-architecture level the {@code GNU_PROPERTY_X86_ISA_1_NEEDED}
 *     property asks for (1 baseline, 2 v2, 3 v3, 4 v4), or 0 when the file does not say (x86 only)
 * @param complete false when part of what the reader looked for (program headers, the interpreter
 *     string, note segments) lay beyond the bytes given, so null/0 above may mean "not read"
 */
public record ElfInfo(
    int elfClass,
    boolean bigEndian,
    int osAbi,
    Type type,
    int machine,
    int flags,
    long entry,
    @Nullable Platform platform,
    @Nullable String interpreter,
    @Nullable KernelVersion abiTagMinKernel,
    int x86IsaLevel,
    boolean complete) {

  /**
   * How many bytes {@link #read(Path)} reads: enough for the headers and notes of real binaries.
   */
  public static final int MAX_HEAD = 64 * 1024;

  static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};

  /** {@code e_type} (glibc elf/elf.h {@code ET_*}). */
  public enum Type {
    /** ET_NONE. */
    NONE,
    /** ET_REL: an object file. */
    REL,
    /** ET_EXEC: a fixed-address executable. */
    EXEC,
    /** ET_DYN: a shared object or a position-independent executable. */
    DYN,
    /** ET_CORE: a core dump. */
    CORE,
    /** An OS- or processor-specific or unknown value. */
    OTHER;

    /** The type for an {@code e_type} value. */
    public static Type of(int eType) {
      return eType >= 0 && eType <= 4 ? values()[eType] : OTHER;
    }
  }

  public ElfInfo {
    Objects.requireNonNull(type, "type");
  }

  /** Whether {@code head} starts with the ELF magic {@code 7f 45 4c 46}. */
  public static boolean isElf(byte[] head) {
    if (head == null || head.length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (head[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the first {@link #MAX_HEAD} bytes of a file and parses them.
   *
   * @throws IOException when the file cannot be read
   * @throws ElfException naming the file when it is not an ELF file this reader understands
   */
  public static ElfInfo read(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(MAX_HEAD);
    }
    return parse(head, file.toString());
  }

  /**
   * Parses a prefix of an ELF file.
   *
   * @throws ElfException when the bytes are not an ELF file or its header is cut short or invalid
   */
  public static ElfInfo parse(byte[] head) {
    return parse(head, "ELF data");
  }

  /**
   * Parses a prefix of an ELF file; {@code name} (a path, an image layer entry) goes into error
   * messages.
   *
   * @throws ElfException naming {@code name} when the bytes are not an ELF file or its header is
   *     cut short or invalid
   */
  public static ElfInfo parse(byte[] head, @Nullable String name) {
    Objects.requireNonNull(head, "head");
    return new ElfParser(head, name == null ? "ELF data" : name).parse();
  }

  /** Whether the file names a dynamic loader (is dynamically linked). */
  public boolean dynamic() {
    return interpreter != null;
  }
}
