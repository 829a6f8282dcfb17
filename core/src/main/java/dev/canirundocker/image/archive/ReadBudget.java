package dev.canirundocker.image.archive;

import dev.canirundocker.image.ArchiveLimits;
import dev.canirundocker.image.ImageArchiveException;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Every limit of one archive read and what has been spent of each, in one place: tar entries
 * (archive and layers together), decompressed bytes of every gzip stream (a gzip-compressed archive
 * as a whole and each gzip layer), bytes of file heads kept in memory, bytes of JSON kept from a
 * stream; and the bytes physically read, the metric behind {@code ImageArchive.bytesRead()}.
 *
 * <p>One instance per archive, shared by the stores, the tar readers and the layer indexer, so a
 * limit holds across all of them; thread-safe, since images of one archive may be read at once.
 */
public final class ReadBudget {
  private final ArchiveLimits limits;
  private long entries;
  private long inflated;
  private long heads;
  private long json;
  private long bytesRead;
  private boolean outerInflated;

  /** A budget of these limits, nothing spent. */
  public ReadBudget(ArchiveLimits limits) {
    this.limits = limits;
  }

  /** The limits. */
  public ArchiveLimits limits() {
    return limits;
  }

  /** Bytes physically read so far (data passed over by seeking is not counted). */
  public synchronized long bytesRead() {
    return bytesRead;
  }

  synchronized void read(long n) {
    bytesRead += n;
  }

  /** Counts one tar entry; {@code where} names the tar stream. */
  synchronized void entry(String where) throws ImageArchiveException {
    if (++entries > limits.maxEntries()) {
      throw new ImageArchiveException(
          where + ": more than " + limits.maxEntries() + " tar entries (limit)");
    }
  }

  /** Takes {@code n} bytes of the in-memory head budget; false (and nothing taken) when spent. */
  synchronized boolean takeHead(long n) {
    if (heads + n > limits.maxStreamHeadBytes()) {
      return false;
    }
    heads += n;
    return true;
  }

  /** Counts a JSON document of {@code n} bytes kept whole from a stream. */
  synchronized void keepJson(String name, long n, String where) throws ImageArchiveException {
    if (n > limits.maxJsonBytes()) {
      throw new ImageArchiveException(
          where
              + ": "
              + name
              + " is "
              + n
              + " bytes, more than the limit of "
              + limits.maxJsonBytes()
              + " bytes for JSON");
    }
    long max = limits.maxStreamHeadBytes() + limits.maxJsonBytes();
    json += n;
    if (json > max) {
      throw new ImageArchiveException(
          where + ": holds more JSON than the stream memory limit of " + max + " bytes");
    }
  }

  /**
   * The whole archive, gzip-compressed, inflated through this budget: every byte counts against
   * {@link ArchiveLimits#maxArchiveBytes()}, and the plain layers inside it are not counted twice.
   */
  InputStream inflatedArchive(InputStream inflater, String where) {
    outerInflated = true;
    return new Guard(inflater, Long.MAX_VALUE, true, where, true);
  }

  /**
   * A layer's tar stream as the tar reader sees it: at most {@link ArchiveLimits#maxLayerBytes()}
   * bytes, and, when it comes out of an inflater (or is part of an archive read as a stream),
   * counted against {@link ArchiveLimits#maxArchiveBytes()}.
   *
   * @param data the layer's tar stream (inflated when the blob is gzip)
   * @param gzip whether {@code data} is an inflater: skipping it means inflating, so skips read
   *     through a large buffer rather than {@code InflaterInputStream.skip}'s 512 bytes at a time
   * @param where names the layer in messages
   */
  InputStream layer(InputStream data, boolean gzip, String where) {
    return new Guard(data, limits.maxLayerBytes(), gzip || !outerInflated, where, gzip);
  }

  private synchronized void inflated(long n, String where) throws ImageArchiveException {
    inflated += n;
    if (inflated > limits.maxArchiveBytes()) {
      throw new ImageArchiveException(
          where
              + ": the archive decompresses to more than "
              + limits.maxArchiveBytes()
              + " bytes (limit per archive)");
    }
  }

  /** Counts bytes through a stream against a per-stream limit and, optionally, the archive's. */
  private final class Guard extends InputStream {
    private final InputStream in;
    private final long streamLimit;
    private final boolean countsForArchive;
    private final String where;
    private final boolean readToSkip;
    private byte @Nullable [] scratch;
    private long count;

    Guard(
        InputStream in,
        long streamLimit,
        boolean countsForArchive,
        String where,
        boolean readToSkip) {
      this.in = in;
      this.streamLimit = streamLimit;
      this.countsForArchive = countsForArchive;
      this.where = where;
      this.readToSkip = readToSkip;
    }

    private void add(long n) throws ImageArchiveException {
      count += n;
      if (count > streamLimit) {
        throw new ImageArchiveException(
            where + ": decompresses to more than " + streamLimit + " bytes (limit per layer)");
      }
      if (countsForArchive) {
        inflated(n, where);
      }
    }

    @Override
    public int read() throws IOException {
      int c = in.read();
      if (c >= 0) {
        add(1);
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      if (n <= 0) {
        return 0;
      }
      // one past the limit is enough to trip it
      long want = Math.min(n, streamLimit == Long.MAX_VALUE ? n : streamLimit - count + 1);
      long k;
      if (readToSkip) {
        if (scratch == null) {
          scratch = new byte[Streams.SCRATCH];
        }
        k = Math.max(0, in.read(scratch, 0, (int) Math.min(want, scratch.length)));
      } else {
        k = in.skip(want);
      }
      if (k > 0) {
        add(k);
      }
      return k;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
