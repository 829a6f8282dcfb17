package dev.canirundocker.image.archive;

import dev.canirundocker.image.ImageArchiveException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The pure half of {@link TarReader}: the fields of one 512-byte tar header (POSIX ustar names with
 * their prefix, GNU's "ustar " form, octal and GNU base-256 numbers) and POSIX.1-2001 pax records,
 * as Go's archive/tar reader.go reads them; every problem an {@link ImageArchiveException} naming
 * the archive and the header's offset.
 */
final class TarHeader {
  /** The largest pax extended header read (Go archive/tar: maxSpecialFileSize, 1 MiB). */
  static final int MAX_PAX = 1 << 20;

  private TarHeader() {}

  static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  static String ustarName(byte[] header) {
    String name = cString(header, 0, 100);
    // POSIX ustar: magic "ustar\0" with a 155-byte prefix; GNU's "ustar  \0" uses that area
    // otherwise
    boolean posix =
        header[257] == 'u'
            && header[258] == 's'
            && header[259] == 't'
            && header[260] == 'a'
            && header[261] == 'r'
            && header[262] == 0;
    if (posix) {
      String prefix = cString(header, 345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  /** "WHERE: invalid tar header at offset N (WHAT)": the one wording of a bad header field. */
  private static ImageArchiveException invalid(String where, long headerAt, String what) {
    return new ImageArchiveException(
        where + ": invalid tar header at offset " + headerAt + " (" + what + ")");
  }

  /** Octal (NUL/space terminated) or GNU base-256 (high bit of the first byte set). */
  static long parseNumber(
      byte[] header, int off, int len, String field, long headerAt, String where)
      throws ImageArchiveException {
    if ((header[off] & 0x80) != 0) {
      if ((header[off] & 0x40) != 0) {
        throw invalid(where, headerAt, "negative " + field);
      }
      long v = header[off] & 0x3f;
      for (int i = 1; i < len; i++) {
        if (v > (Long.MAX_VALUE >>> 8)) {
          throw invalid(where, headerAt, field + " too large");
        }
        v = (v << 8) | (header[off + i] & 0xff);
      }
      return v;
    }
    long v = 0;
    int i = off;
    int end = off + len;
    while (i < end && (header[i] == ' ' || header[i] == 0)) {
      i++;
    }
    boolean any = false;
    for (; i < end; i++) {
      byte c = header[i];
      if (c == 0 || c == ' ') {
        break;
      }
      if (c < '0' || c > '7') {
        throw invalid(where, headerAt, field + " is not octal");
      }
      v = v * 8 + (c - '0');
      any = true;
    }
    if (!any && !field.equals("mode")) {
      if (field.equals("size")) {
        return 0;
      }
      throw invalid(where, headerAt, "empty " + field);
    }
    return v;
  }

  /** PAX records "%d %s=%s\n" (POSIX.1-2001 pax); returns path, linkpath, size or nulls. */
  static @Nullable String[] parsePax(byte[] data, long headerAt, String where)
      throws ImageArchiveException {
    String[] out = new String[3];
    int i = 0;
    while (i < data.length) {
      int sp = i;
      int len = 0;
      while (sp < data.length && data[sp] >= '0' && data[sp] <= '9' && len < MAX_PAX) {
        len = len * 10 + (data[sp] - '0');
        sp++;
      }
      if (sp >= data.length
          || data[sp] != ' '
          || len <= sp - i
          || i + len > data.length
          || data[i + len - 1] != '\n') {
        throw new ImageArchiveException(where + ": " + "invalid PAX header at offset " + headerAt);
      }
      String rec =
          new String(Arrays.copyOfRange(data, sp + 1, i + len - 1), StandardCharsets.UTF_8);
      int eq = rec.indexOf('=');
      if (eq < 0) {
        throw new ImageArchiveException(where + ": " + "invalid PAX header at offset " + headerAt);
      }
      String key = rec.substring(0, eq);
      String val = rec.substring(eq + 1);
      switch (key) {
        case "path":
          out[0] = val;
          break;
        case "linkpath":
          out[1] = val;
          break;
        case "size":
          out[2] = val;
          break;
        default:
          break;
      }
      i += len;
    }
    return out;
  }
}
