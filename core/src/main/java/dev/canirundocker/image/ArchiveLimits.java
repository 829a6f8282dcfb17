package dev.canirundocker.image;

import java.time.Duration;
import java.util.Objects;

/**
 * Hard limits the archive reader enforces, so that a hostile or broken archive (a gzip bomb, a tar
 * with millions of entries, a giant JSON document) ends in an {@link ImageArchiveException} rather
 * than in exhausted memory, disk or patience.
 *
 * @param maxLayerBytes most decompressed bytes one layer may hold
 * @param maxArchiveBytes most decompressed bytes all layers of an archive may hold together
 * @param maxEntries most tar entries (archive and layers together)
 * @param maxJsonBytes largest JSON document (manifest, index, config) the reader accepts
 * @param maxPathLength longest entry name, in bytes (Linux PATH_MAX is 4096)
 * @param maxIndexDepth deepest nesting of OCI image indexes
 * @param maxStreamHeadBytes in single-pass stream mode, most bytes of executable-file heads kept in
 *     memory in all (see {@link ImageArchive#readStream(java.io.InputStream, String,
 *     ArchiveLimits)})
 * @param pipeWait for a FIFO ({@code --archive <(docker save x)}): the longest wait for a writer to
 *     open it, and then for each next bytes, so that a writer that opens it and stalls (or never
 *     writes) cannot block the read forever
 */
public record ArchiveLimits(
    long maxLayerBytes,
    long maxArchiveBytes,
    long maxEntries,
    int maxJsonBytes,
    int maxPathLength,
    int maxIndexDepth,
    long maxStreamHeadBytes,
    Duration pipeWait) {

  /** The default {@link #pipeWait}: 30 s. */
  public static final Duration DEFAULT_PIPE_WAIT = Duration.ofSeconds(30);

  /**
   * 8 GiB per layer, 64 GiB per archive, 1 million entries, 8 MiB JSON, 4096-byte paths, 8 index
   * levels, 64 MiB of heads, 30 s of waiting on a FIFO.
   */
  public static final ArchiveLimits DEFAULTS =
      new ArchiveLimits(8L << 30, 64L << 30, 1_000_000L, 8 << 20, 4096, 8, 64L << 20);

  public ArchiveLimits {
    if (maxLayerBytes <= 0
        || maxArchiveBytes <= 0
        || maxEntries <= 0
        || maxJsonBytes <= 0
        || maxPathLength <= 0
        || maxIndexDepth <= 0
        || maxStreamHeadBytes < 0) {
      throw new IllegalArgumentException("archive limits must be positive");
    }
    Objects.requireNonNull(pipeWait, "pipeWait");
    if (pipeWait.isNegative() || pipeWait.toMillis() == 0) {
      throw new IllegalArgumentException("pipeWait must be at least 1 ms: " + pipeWait);
    }
  }

  /** Limits with the default {@link #pipeWait}. */
  public ArchiveLimits(
      long maxLayerBytes,
      long maxArchiveBytes,
      long maxEntries,
      int maxJsonBytes,
      int maxPathLength,
      int maxIndexDepth,
      long maxStreamHeadBytes) {
    this(
        maxLayerBytes,
        maxArchiveBytes,
        maxEntries,
        maxJsonBytes,
        maxPathLength,
        maxIndexDepth,
        maxStreamHeadBytes,
        DEFAULT_PIPE_WAIT);
  }

  /** These limits with another wait on a FIFO. */
  public ArchiveLimits withPipeWait(Duration v) {
    return new ArchiveLimits(
        maxLayerBytes,
        maxArchiveBytes,
        maxEntries,
        maxJsonBytes,
        maxPathLength,
        maxIndexDepth,
        maxStreamHeadBytes,
        v);
  }

  /** These limits with another per-layer decompressed size limit. */
  public ArchiveLimits withMaxLayerBytes(long v) {
    return new ArchiveLimits(
        v,
        maxArchiveBytes,
        maxEntries,
        maxJsonBytes,
        maxPathLength,
        maxIndexDepth,
        maxStreamHeadBytes,
        pipeWait);
  }

  /** These limits with another per-archive decompressed size limit. */
  public ArchiveLimits withMaxArchiveBytes(long v) {
    return new ArchiveLimits(
        maxLayerBytes,
        v,
        maxEntries,
        maxJsonBytes,
        maxPathLength,
        maxIndexDepth,
        maxStreamHeadBytes,
        pipeWait);
  }

  /** These limits with another entry count limit. */
  public ArchiveLimits withMaxEntries(long v) {
    return new ArchiveLimits(
        maxLayerBytes,
        maxArchiveBytes,
        v,
        maxJsonBytes,
        maxPathLength,
        maxIndexDepth,
        maxStreamHeadBytes,
        pipeWait);
  }

  /** These limits with another JSON size limit. */
  public ArchiveLimits withMaxJsonBytes(int v) {
    return new ArchiveLimits(
        maxLayerBytes,
        maxArchiveBytes,
        maxEntries,
        v,
        maxPathLength,
        maxIndexDepth,
        maxStreamHeadBytes,
        pipeWait);
  }

  /** These limits with another path length limit. */
  public ArchiveLimits withMaxPathLength(int v) {
    return new ArchiveLimits(
        maxLayerBytes,
        maxArchiveBytes,
        maxEntries,
        maxJsonBytes,
        v,
        maxIndexDepth,
        maxStreamHeadBytes,
        pipeWait);
  }

  /** These limits with another stream head budget. */
  public ArchiveLimits withMaxStreamHeadBytes(long v) {
    return new ArchiveLimits(
        maxLayerBytes,
        maxArchiveBytes,
        maxEntries,
        maxJsonBytes,
        maxPathLength,
        maxIndexDepth,
        v,
        pipeWait);
  }
}
