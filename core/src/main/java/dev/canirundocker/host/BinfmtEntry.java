package dev.canirundocker.host;

import dev.canirundocker.json.JsonException;
import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import dev.canirundocker.platform.Platform;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One binfmt_misc handler, as {@code /proc/sys/fs/binfmt_misc/<name>} shows it (linux
 * Documentation/admin-guide/binfmt-misc.rst).
 *
 * @param name the entry's file name ({@code qemu-aarch64})
 * @param enabled the entry's own switch
 * @param interpreter the interpreter path
 * @param flags the flag letters ({@code POCF} subset), possibly empty
 * @param offset where the magic starts in the file (magic entries)
 * @param magic the magic bytes in hex (magic entries), else null
 * @param mask the mask in hex, or null (all ones)
 * @param extension the file extension (extension entries), else null
 * @param platform the OCI platform whose ELF header this entry's magic/mask matches, or null
 */
public record BinfmtEntry(
    String name,
    boolean enabled,
    @Nullable String interpreter,
    String flags,
    int offset,
    @Nullable String magic,
    @Nullable String mask,
    @Nullable String extension,
    @Nullable Platform platform)
    implements JsonValue {

  /**
   * The bytes of a file the kernel reads before choosing a binary format, and so the most that
   * {@code offset} plus the magic's length may span: linux include/linux/binfmts.h {@code
   * BINPRM_BUF_SIZE} (256 since Linux 5.1, 128 before). fs/binfmt_misc.c {@code create_entry}
   * refuses to register an entry with {@code offset + size > BINPRM_BUF_SIZE}, and fs/exec.c {@code
   * prepare_binprm} zero-fills the buffer, so a shorter file compares as zero bytes past its end.
   */
  public static final int BINPRM_BUF_SIZE = 256;

  /**
   * @throws IllegalArgumentException when the offset is outside the buffer the kernel compares (a
   *     number no kernel registers, e.g. from a hand-edited profile)
   */
  public BinfmtEntry(
      String name,
      boolean enabled,
      @Nullable String interpreter,
      @Nullable String flags,
      int offset,
      @Nullable String magic,
      @Nullable String mask,
      @Nullable String extension,
      @Nullable Platform platform) {
    // canonical, not compact: a null argument gets the default below, no component is null
    this.flags = flags == null ? "" : flags;
    if (offset < 0 || offset >= BINPRM_BUF_SIZE) {
      throw new IllegalArgumentException(
          "binfmt_misc entry '"
              + name
              + "': offset "
              + offset
              + " is outside 0.."
              + (BINPRM_BUF_SIZE - 1));
    }
    this.name = name;
    this.enabled = enabled;
    this.interpreter = interpreter;
    this.offset = offset;
    this.magic = magic;
    this.mask = mask;
    this.extension = extension;
    this.platform = platform;
  }

  /**
   * Whether the entry has a flag letter ({@code 'F'} fix-binary, {@code 'P'}, {@code 'O'}, {@code
   * 'C'}).
   */
  public boolean hasFlag(char f) {
    return flags.indexOf(f) >= 0;
  }

  /**
   * Whether the kernel would hand a file starting with {@code fileStart} to this entry: the entry
   * is enabled and {@link #magicMatches} says its magic takes the file.
   */
  public boolean matches(byte[] fileStart) {
    return enabled && magicMatches(fileStart);
  }

  /**
   * Whether this entry's magic and mask take a file starting with {@code fileStart}, whether or not
   * the entry is enabled: the one binfmt_misc matcher of the tool (exec probes, the verdict rules
   * and the preflight's emulation summary all call it). As linux fs/binfmt_misc.c {@code
   * search_binfmt_handler} does, it compares {@code ((buf[offset+j] ^ magic[j]) & mask[j])} for
   * every byte j of the magic, over the {@link #BINPRM_BUF_SIZE}-byte buffer the kernel reads: the
   * file's first bytes, zero past its end. So qemu-mips' 40-byte magic (qemu
   * scripts/qemu-binfmt-conf.sh, which tests the EF_MIPS_ABI2 bit of {@code e_flags}) is compared
   * in full against a 20-byte ELF header, whose {@code e_flags} then reads as zero. Extension
   * entries, and magics that are not hex or reach past the buffer (no kernel registers those),
   * never match.
   */
  public boolean magicMatches(byte[] fileStart) {
    Magic m = decodedMagic();
    return m != null && m.matches(fileStart);
  }

  /**
   * This entry's magic and mask decoded, for matching many files (or a table of headers) without
   * decoding the hex each time; null for extension entries and magics that are not hex or reach
   * past the buffer the kernel compares, which never match.
   */
  public @Nullable Magic decodedMagic() {
    if (magic == null) {
      return null;
    }
    byte[] mg;
    byte[] mk;
    try {
      mg = HexFormat.of().parseHex(magic);
      mk = mask == null ? null : HexFormat.of().parseHex(mask);
    } catch (IllegalArgumentException e) {
      return null;
    }
    // subtraction, not offset + length: both are bounded here, and nothing can overflow
    if (mg.length == 0 || mg.length > BINPRM_BUF_SIZE - offset) {
      return null;
    }
    return new Magic(offset, mg, mk);
  }

  /** A decoded magic and mask at an offset: {@link #magicMatches}'s comparison. */
  public static final class Magic {
    private final int offset;
    private final byte[] magic;
    private final byte @Nullable [] mask;

    private Magic(int offset, byte[] magic, byte @Nullable [] mask) {
      this.offset = offset;
      this.magic = magic;
      this.mask = mask;
    }

    /** Whether a file starting with {@code fileStart} matches (see {@link #magicMatches}). */
    public boolean matches(byte[] fileStart) {
      for (int j = 0; j < magic.length; j++) {
        int at = offset + j;
        int b = at < fileStart.length ? fileStart[at] : 0;
        int m = mask == null || j >= mask.length ? 0xff : mask[j] & 0xff;
        if (((b ^ magic[j]) & m) != 0) {
          return false;
        }
      }
      return true;
    }
  }

  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("enabled", enabled);
    m.put("interpreter", interpreter);
    m.put("flags", flags);
    m.put("offset", offset);
    m.put("magic", magic);
    m.put("mask", mask);
    m.put("extension", extension);
    m.put("platform", platform == null ? null : platform.toString());
    return m;
  }

  static BinfmtEntry fromJson(JsonReader r) {
    Boolean en = r.bool("enabled");
    Long off = r.longValue("offset");
    String name = r.requiredString("name");
    String magic = r.string("magic");
    // numbers from a profile are checked before any arithmetic (the kernel's own bounds)
    if (off != null && (off < 0 || off >= BINPRM_BUF_SIZE)) {
      throw new JsonException(
          r.path()
              + ".offset: "
              + off
              + " is outside 0.."
              + (BINPRM_BUF_SIZE - 1)
              + " (linux BINPRM_BUF_SIZE is "
              + BINPRM_BUF_SIZE
              + ")");
    }
    int offset = off == null ? 0 : off.intValue();
    for (String k : new String[] {"magic", "mask"}) {
      String hex = r.string(k);
      if (hex != null && hex.length() > 2L * (BINPRM_BUF_SIZE - offset)) {
        throw new JsonException(
            r.path()
                + "."
                + k
                + ": "
                + hex.length() / 2
                + " bytes at offset "
                + offset
                + " reach past the "
                + BINPRM_BUF_SIZE
                + " bytes the kernel compares");
      }
    }
    String p = r.string("platform");
    return new BinfmtEntry(
        name,
        en != null && en,
        r.string("interpreter"),
        r.string("flags"),
        offset,
        magic,
        r.string("mask"),
        r.string("extension"),
        p == null ? null : Platform.parse(p));
  }
}
