package dev.canirundocker.image;

import java.util.List;
import java.util.Map;

/**
 * What the index pass learned of one layer blob: its members (no contents), whether it was
 * compressed, the digest of its raw bytes when they were all read, and, in stream mode, the heads
 * of its executable files keyed by data offset.
 *
 * @param entries members in tar order, names cleaned
 * @param compressed whether the blob is gzip
 * @param rawDigest sha256 of the blob as stored, or null when it was not read whole (skipped by seeking)
 * @param rawSize size of the blob as stored
 * @param heads stream mode: executable-file heads by data offset; null in file mode (re-read on demand)
 * @param unsupported why this blob cannot be used (zstd), or null
 */
record LayerIndex(List<ImageFileSystem.LayerEntry> entries, boolean compressed, String rawDigest,
    long rawSize, Map<Long, byte[]> heads, String unsupported) {}
