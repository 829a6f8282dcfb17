package dev.canirundocker.image.archive;

/** What a member is, told by its first bytes: the stream consumer cannot wait for a manifest. */
final class Sniff {
  private Sniff() {}

  /** gzip's magic (RFC 1952 section 2.3.1: ID1 0x1f, ID2 0x8b). */
  static boolean gzip(byte[] m) {
    return m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b;
  }

  /** zstd's frame magic 0xFD2FB528, little-endian (RFC 8878 section 3.1.1). */
  static boolean zstd(byte[] m) {
    return m.length >= 4
        && (m[0] & 0xff) == 0x28
        && (m[1] & 0xff) == 0xb5
        && (m[2] & 0xff) == 0x2f
        && (m[3] & 0xff) == 0xfd;
  }

  /** A JSON object or array: the first byte after JSON whitespace (RFC 8259 section 2). */
  static boolean json(byte[] p) {
    for (byte b : p) {
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        continue;
      }
      return b == '{' || b == '[';
    }
    return false;
  }

  /** A layer blob: compressed, or a tar whose first block is a ustar header or the end marker. */
  static boolean layer(byte[] p) {
    if (gzip(p) || zstd(p)) {
      return true;
    }
    if (p.length == 512) {
      boolean zero = true;
      for (byte b : p) {
        zero &= b == 0;
      }
      return zero
          || (p[257] == 'u' && p[258] == 's' && p[259] == 't' && p[260] == 'a' && p[261] == 'r');
    }
    return false;
  }
}
