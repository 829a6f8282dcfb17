package dev.canirundocker.host;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import dev.canirundocker.platform.Platform;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One binfmt_misc handler, as {@code /proc/sys/fs/binfmt_misc/<name>} shows it
 * (linux Documentation/admin-guide/binfmt-misc.rst).
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
public record BinfmtEntry(String name, boolean enabled, String interpreter, String flags, int offset,
    String magic, String mask, String extension, Platform platform) implements JsonValue {

  public BinfmtEntry {
    flags = flags == null ? "" : flags;
  }

  /** Whether the entry has a flag letter ({@code 'F'} fix-binary, {@code 'P'}, {@code 'O'}, {@code 'C'}). */
  public boolean hasFlag(char f) {
    return flags.indexOf(f) >= 0;
  }

  /**
   * Whether the kernel would hand a file starting with {@code header} to this entry: for every magic
   * byte j, {@code ((header[offset+j] ^ magic[j]) & mask[j]) == 0} (fs/binfmt_misc.c check_file).
   * Extension entries and disabled entries never match by content.
   */
  public boolean matches(byte[] header) {
    if (magic == null || !enabled) {
      return false;
    }
    byte[] mg;
    byte[] mk;
    try {
      mg = HexFormat.of().parseHex(magic);
      mk = mask == null ? null : HexFormat.of().parseHex(mask);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (offset < 0 || offset + mg.length > header.length) {
      return false;
    }
    for (int j = 0; j < mg.length; j++) {
      int m = mk == null || j >= mk.length ? 0xff : mk[j] & 0xff;
      if (((header[offset + j] ^ mg[j]) & m) != 0) {
        return false;
      }
    }
    return true;
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
    Integer off = r.intValue("offset");
    String p = r.string("platform");
    return new BinfmtEntry(r.requiredString("name"), en != null && en, r.string("interpreter"),
        r.string("flags"), off == null ? 0 : off, r.string("magic"), r.string("mask"),
        r.string("extension"), p == null ? null : Platform.parse(p));
  }
}
