package dev.canirundocker.image.archive;

import dev.canirundocker.image.ImageFileSystem;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the index pass learned of one layer blob: its members (no contents), whether it was
 * compressed, the digest of its raw bytes when they were all read, and the heads of the files
 * {@link KeptFiles} names, keyed by data offset.
 *
 * @param entries members in tar order, names cleaned
 * @param compressed whether the blob is gzip
 * @param rawDigest sha256 of the blob as stored, or null when it was not read whole (skipped by
 *     seeking)
 * @param rawSize size of the blob as stored
 * @param heads kept file heads by data offset (possibly empty)
 * @param rereadable whether a file whose head was not kept can be read again from the store (false
 *     for a stream, which passed once)
 * @param unsupported why this blob cannot be used (zstd), or null
 */
public record LayerIndex(
    List<ImageFileSystem.LayerEntry> entries,
    boolean compressed,
    @Nullable String rawDigest,
    long rawSize,
    Map<Long, byte[]> heads,
    boolean rereadable,
    @Nullable String unsupported) {

  public LayerIndex {
    entries = List.copyOf(entries);
    heads = Map.copyOf(heads);
  }
}
