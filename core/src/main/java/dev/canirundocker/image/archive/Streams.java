package dev.canirundocker.image.archive;

import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Small stream helpers for the archive reader: slices, meters, digests. */
public final class Streams {
  /** Reading buffer for passing over data that must be read (inflated or digested), not sought. */
  static final int SCRATCH = 64 * 1024;

  private Streams() {}

  /** Skips exactly {@code n} bytes or throws {@link EOFException}. */
  static void skipFully(InputStream in, long n) throws IOException {
    long left = n;
    while (left > 0) {
      long k = in.skip(left);
      if (k <= 0) {
        // skip() may return 0 without being at the end; one read tells which
        if (in.read() < 0) {
          throw new EOFException();
        }
        k = 1;
      }
      left -= k;
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
    }
  }

  /** The {@code sha256:<hex>} digest of bytes, as OCI descriptors and Docker image IDs write it. */
  public static String sha256(byte[] b) {
    return "sha256:" + HexFormat.of().formatHex(sha256().digest(b));
  }

  /**
   * A window of a file read with positional reads, so many windows can share one channel, and
   * {@link #skip(long)} costs nothing: it moves the position without reading. This is what lets the
   * reader pass over a large layer of a docker-save tar without touching its bytes.
   */
  static final class ChannelSlice extends InputStream {
    private final FileChannel ch;
    private final ReadBudget meter;
    private long pos;
    private final long end;

    ChannelSlice(FileChannel ch, long start, long length, ReadBudget meter) {
      this.ch = ch;
      this.pos = start;
      this.end = start + length;
      this.meter = meter;
    }

    @Override
    public int read() throws IOException {
      byte[] b = new byte[1];
      int n = read(b, 0, 1);
      return n <= 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      long left = end - pos;
      if (left <= 0) {
        return -1;
      }
      int want = (int) Math.min(len, left);
      int n = ch.read(ByteBuffer.wrap(b, off, want), pos);
      if (n <= 0) {
        return -1;
      }
      pos += n;
      meter.read(n);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Never past the end of the file: a truncated file must still read as truncated.
      long size = ch.size();
      long k = Math.max(0, Math.min(n, Math.min(end, size) - pos));
      pos += k;
      return k;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, end - pos);
    }
  }

  /** The next {@code length} bytes of another stream; closing it does not close that stream. */
  static final class Slice extends InputStream {
    private final InputStream in;
    private long left;

    Slice(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    long remaining() {
      return left;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int c = in.read();
      if (c >= 0) {
        left--;
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long k = in.skip(Math.min(n, left));
      if (k > 0) {
        left -= k;
      }
      return k;
    }

    @Override
    public void close() {
      // the underlying stream belongs to the caller
    }
  }

  /** Digests everything read through it; skipping reads through, so the digest stays whole. */
  static final class Digesting extends InputStream {
    private final InputStream in;
    private final MessageDigest md = sha256();
    private final byte[] scratch = new byte[SCRATCH];
    long count;

    Digesting(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int c = in.read();
      if (c >= 0) {
        md.update((byte) c);
        count++;
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        md.update(b, off, n);
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      int k = read(scratch, 0, (int) Math.min(n, scratch.length));
      return Math.max(k, 0);
    }

    /** Reads the rest of the stream, then returns the digest of all of it. */
    String drainAndDigest() throws IOException {
      while (read(scratch, 0, scratch.length) >= 0) {
        // digesting
      }
      return "sha256:" + HexFormat.of().formatHex(md.digest());
    }
  }

  /** Closes a channel along with the stream reading it. */
  static final class Closing extends FilterInputStream {
    private final Closeable other;

    Closing(InputStream in, Closeable other) {
      super(in);
      this.other = other;
    }

    @Override
    public long skip(long n) throws IOException {
      return in.skip(n);
    }

    @Override
    public void close() throws IOException {
      other.close();
    }
  }

  /** Counts bytes consumed from a stream into the budget's {@link ReadBudget#bytesRead()}. */
  static final class Metered extends FilterInputStream {
    private final ReadBudget meter;

    Metered(InputStream in, ReadBudget meter) {
      super(in);
      this.meter = meter;
    }

    @Override
    public int read() throws IOException {
      int c = in.read();
      if (c >= 0) {
        meter.read(1);
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        meter.read(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long k = in.skip(n);
      if (k > 0) {
        meter.read(k);
      }
      return k;
    }
  }
}
