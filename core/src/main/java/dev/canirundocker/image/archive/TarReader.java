package dev.canirundocker.image.archive;

import dev.canirundocker.image.ArchiveLimits;
import dev.canirundocker.image.ImageArchiveException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * A small streaming tar reader: POSIX ustar (with the name prefix), GNU long names and link names
 * ({@code L}/{@code K} entries, and base-256 sizes) and PAX extended headers ({@code x}: path,
 * linkpath, size), which is what Docker's {@code archive/tar} writer (Go) and BuildKit produce.
 * Header layout after POSIX.1-2001 {@code <tar.h>} and Go's {@code archive/tar/format.go}.
 *
 * <p>Bounded: meta records (long names, PAX) are limited by {@link ArchiveLimits#maxPathLength()}
 * and 1 MiB, and the number of entries by the archive's {@link ReadBudget}; a header with a bad
 * checksum, a size that does not parse or a stream that ends inside an entry is an {@link
 * ImageArchiveException}. Entry data is not read unless {@link #content()} is; {@link #next()}
 * skips it with {@link InputStream#skip(long)}, which is free on a seekable source.
 */
final class TarReader {
  private static final int BLOCK = 512;

  private final InputStream in;
  private final String where;
  private final ArchiveLimits limits;
  private final ReadBudget budget;
  private final byte[] header = new byte[BLOCK];
  private long position;
  private Streams.@Nullable Slice current;
  private long currentPadding;
  private @Nullable String currentName;
  private boolean done;

  /**
   * @param in the tar stream
   * @param where names the stream in error messages ("archive x.tar", "archive x.tar: layer ...")
   * @param budget the archive's budget: its limits, and the entry count shared by every tar of it
   */
  TarReader(InputStream in, String where, ReadBudget budget) {
    this.in = in;
    this.where = where;
    this.limits = budget.limits();
    this.budget = budget;
  }

  /** The data of the entry {@link #next()} returned last. */
  InputStream content() {
    return current == null ? InputStream.nullInputStream() : new CountingView(current);
  }

  /** The next entry, or null at the end of the archive. */
  @Nullable TarEntry next() throws IOException {
    if (done) {
      return null;
    }
    finishCurrent();
    String longName = null;
    String longLink = null;
    String paxPath = null;
    String paxLink = null;
    long paxSize = -1;
    while (true) {
      if (!readHeader()) {
        done = true;
        return null;
      }
      long headerAt = position - BLOCK;
      char type = (char) (header[156] & 0xff);
      long size = TarHeader.parseNumber(header, 124, 12, "size", headerAt, where);
      if (size < 0) {
        throw error("invalid tar header at offset " + headerAt + " (negative size)");
      }
      if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
        int max = type == 'x' || type == 'g' ? TarHeader.MAX_PAX : limits.maxPathLength() + 1;
        if (size > max) {
          throw error(
              "tar meta entry at offset "
                  + headerAt
                  + " is "
                  + size
                  + " bytes, more than the limit of "
                  + max);
        }
        byte[] data = readData((int) size, headerAt);
        if (type == 'L') {
          longName = TarHeader.cString(data, 0, data.length);
        } else if (type == 'K') {
          longLink = TarHeader.cString(data, 0, data.length);
        } else if (type == 'x') {
          String[] r = TarHeader.parsePax(data, headerAt, where);
          paxPath = r[0] != null ? r[0] : paxPath;
          paxLink = r[1] != null ? r[1] : paxLink;
          if (r[2] != null) {
            try {
              paxSize = Long.parseLong(r[2]);
            } catch (NumberFormatException e) {
              throw error("invalid PAX size '" + r[2] + "' at offset " + headerAt);
            }
          }
        }
        // 'g' (global PAX) only carries defaults Docker never writes; read and ignored.
        continue;
      }
      budget.entry(where);
      String name =
          paxPath != null ? paxPath : longName != null ? longName : TarHeader.ustarName(header);
      String link =
          paxLink != null
              ? paxLink
              : longLink != null ? longLink : TarHeader.cString(header, 157, 100);
      if (paxSize >= 0) {
        size = paxSize;
      }
      if (name.length() > limits.maxPathLength() || link.length() > limits.maxPathLength()) {
        throw error(
            "tar entry name longer than "
                + limits.maxPathLength()
                + " bytes at offset "
                + headerAt);
      }
      int mode = (int) TarHeader.parseNumber(header, 100, 8, "mode", headerAt, where);
      TarEntry.Type t;
      switch (type) {
        case '0':
        case '\0':
        case '7':
          t = TarEntry.Type.FILE;
          break;
        case '1':
          t = TarEntry.Type.HARDLINK;
          break;
        case '2':
          t = TarEntry.Type.SYMLINK;
          break;
        case '5':
          t = TarEntry.Type.DIRECTORY;
          break;
        default:
          t = TarEntry.Type.OTHER;
      }
      if (t == TarEntry.Type.FILE && name.endsWith("/") && type == '\0') {
        t = TarEntry.Type.DIRECTORY; // pre-POSIX tars mark directories by the slash
      }
      if (type == '1' || type == '2' || type == '3' || type == '4' || type == '5' || type == '6') {
        // header-only types carry no data whatever their size field says (Go archive/tar
        // isHeaderOnlyType)
        size = 0;
      }
      current = new Streams.Slice(in, size);
      currentPadding = pad(size);
      currentName = name;
      return new TarEntry(name, t, link, size, mode & 07777, position);
    }
  }

  private static long pad(long size) {
    long r = size % BLOCK;
    return r == 0 ? 0 : BLOCK - r;
  }

  private void finishCurrent() throws IOException {
    if (current == null) {
      return;
    }
    long left = current.remaining() + currentPadding;
    String name = currentName;
    current = null;
    try {
      Streams.skipFully(in, left);
    } catch (EOFException | Truncated e) {
      throw truncated("truncated tar (ended inside the data of entry '" + name + "')");
    }
    position += left;
  }

  private byte[] readData(int size, long headerAt) throws IOException {
    byte[] data = new byte[size];
    int n;
    try {
      n = in.readNBytes(data, 0, size);
    } catch (EOFException | Truncated e) {
      n = -1; // an inflater or tar below ran out of input: the same truncation, said where it is
    }
    long p = pad(size);
    if (n < size) {
      throw truncated("truncated tar (ended inside the meta entry at offset " + headerAt + ")");
    }
    try {
      Streams.skipFully(in, p);
    } catch (EOFException | Truncated e) {
      throw truncated("truncated tar (ended inside the meta entry at offset " + headerAt + ")");
    }
    position += size + p;
    return data;
  }

  /** Reads a header block; false at the end-of-archive marker or a clean end of stream. */
  private boolean readHeader() throws IOException {
    int n;
    try {
      n = in.readNBytes(header, 0, BLOCK);
    } catch (EOFException | Truncated e) {
      // an inflater below (gzip) ran out of input inside the stream: a truncation, not a clean end
      throw truncated("truncated tar (ended inside a header at offset " + position + ")");
    }
    if (n == 0) {
      return false; // no end marker: accepted, as Go's archive/tar does at a block boundary
    }
    if (n < BLOCK) {
      throw truncated("truncated tar (ended inside a header at offset " + position + ")");
    }
    position += BLOCK;
    if (TarHeader.allZero(header)) {
      return false;
    }
    long stored = TarHeader.parseNumber(header, 148, 8, "checksum", position - BLOCK, where);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = i >= 148 && i < 156 ? ' ' : header[i];
      unsigned += b & 0xff;
      signed += b;
    }
    if (stored != unsigned && stored != signed) {
      throw error("invalid tar header at offset " + (position - BLOCK) + " (checksum mismatch)");
    }
    return true;
  }

  private Truncated truncated(String what) {
    return new Truncated(where + ": " + what);
  }

  private ImageArchiveException error(String what) {
    return new ImageArchiveException(where + ": " + what);
  }

  /** A read of entry data. */
  private interface Read {
    int run() throws IOException;
  }

  /**
   * An inflater below (a gzip archive or layer) that runs out of input throws EOFException where a
   * plain stream returns -1: both are this entry's truncation, said where it is.
   */
  private int guarded(Read r) throws IOException {
    try {
      return r.run();
    } catch (EOFException | Truncated e) {
      throw truncated("truncated tar (ended inside the data of entry '" + currentName + "')");
    }
  }

  /**
   * A truncation found by a reader: a tar reader reading through another (a layer inside an archive
   * stream) says it again in its own, more precise, terms.
   */
  static final class Truncated extends ImageArchiveException {
    private static final long serialVersionUID = 1L;

    Truncated(String message) {
      super(message);
    }
  }

  /** Tracks the reader's position as the caller reads entry data. */
  private final class CountingView extends InputStream {
    private final Streams.Slice s;

    CountingView(Streams.Slice s) {
      this.s = s;
    }

    @Override
    public int read() throws IOException {
      if (current != s) {
        return -1;
      }
      int c = guarded(() -> s.read());
      if (c >= 0) {
        position++;
      } else if (s.remaining() > 0) {
        throw truncated("truncated tar (ended inside the data of entry '" + currentName + "')");
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (current != s) {
        return -1;
      }
      int n = guarded(() -> s.read(b, off, len));
      if (n > 0) {
        position += n;
      } else if (n < 0 && s.remaining() > 0) {
        throw truncated("truncated tar (ended inside the data of entry '" + currentName + "')");
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      if (current != s) {
        return 0;
      }
      long k = s.skip(n);
      if (k > 0) {
        position += k;
      }
      return k;
    }
  }
}
