package dev.canirundocker.image.archive;

import dev.canirundocker.image.FileNode;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.image.ImageFileSystem;
import dev.canirundocker.image.ImagePaths;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Indexes layer blobs (member names, kinds, link targets, data offsets; no contents) and reads the
 * first bytes of one file of a layer.
 *
 * <p>Each blob is read at most once per archive, however many manifests list it: its index is kept
 * by member name. An uncompressed layer in a file is passed over by seeking, so its file data is
 * never read, and a file's head is read later by seeking; a gzip layer is inflated once as a stream
 * (its digest checked, since it was read whole) and the heads of {@link KeptFiles} kept as it
 * passes, so the entrypoint does not cost a second inflation. Every byte inflated counts against
 * the archive's {@link ReadBudget}.
 */
public final class LayerIndexer {
  private final Store store;
  private final ReadBudget budget;
  private final String where;
  private final boolean verify;
  private final Map<String, LayerIndex> done = new HashMap<>();

  LayerIndexer(Store store, ReadBudget budget, String where, boolean verify) {
    this.store = store;
    this.budget = budget;
    this.where = where;
    this.verify = verify;
  }

  /**
   * The index of one layer of an image, its size and digest checked against the image's descriptor.
   *
   * @throws ImageArchiveException when the blob is missing, broken, hostile or over a limit
   */
  public synchronized LayerIndex index(LayerRef ref) throws ImageArchiveException {
    LayerIndex idx = store.preIndexed(ref.member());
    if (idx == null) {
      idx = done.get(ref.member());
    }
    if (idx == null) {
      Member m = store.member(ref.member());
      if (m == null) {
        throw err(
            ref.digest() != null ? "missing blob " + ref.digest() : "missing " + ref.member());
      }
      checkSize(ref, m.size());
      byte[] magic;
      try (InputStream in = store.open(m)) {
        magic = in.readNBytes(4);
      } catch (IOException e) {
        throw err("cannot read " + ref.member() + ": " + e.getMessage());
      }
      try (InputStream in = store.open(m)) {
        idx = index(in, magic, ref.label(), false);
      } catch (IOException e) {
        throw failure(ref, e);
      }
      done.put(ref.member(), idx);
    } else if (idx.rawSize() >= 0) {
      checkSize(ref, idx.rawSize());
    } else {
      // an uncompressed blob indexed by seeking past its file data has no raw size of its own:
      // check this descriptor against the member, as the first reading did
      Member m = store.member(ref.member());
      if (m != null) {
        checkSize(ref, m.size());
      }
    }
    if (idx.unsupported() != null) {
      throw err(ref.label() + ": " + idx.unsupported());
    }
    if (idx.rawDigest() != null && verify) {
      String expect = ref.digest() != null ? ref.digest() : idx.compressed() ? null : ref.diffId();
      if (expect != null && !expect.equals(idx.rawDigest())) {
        throw err("blob " + expect + " digest mismatch (content is " + idx.rawDigest() + ")");
      }
    }
    return idx;
  }

  private void checkSize(LayerRef ref, long actual) throws ImageArchiveException {
    if (ref.size() >= 0 && actual != ref.size()) {
      throw err(ref.label() + " is " + actual + " bytes but its descriptor says " + ref.size());
    }
  }

  /**
   * Walks a layer blob's tar headers. A {@code stream} (or gzip) blob is read whole, its digest
   * computed and the heads of {@link KeptFiles} kept; otherwise an uncompressed blob's file data is
   * skipped (free on a seekable source).
   */
  LayerIndex index(InputStream raw, byte[] magic, String label, boolean stream) throws IOException {
    String at = where + ": " + label;
    if (Sniff.zstd(magic)) {
      return new LayerIndex(
          List.of(), true, null, -1, Map.of(), !stream, "zstd-compressed layers are not supported");
    }
    boolean gzip = Sniff.gzip(magic);
    boolean whole = gzip || stream;
    Streams.Digesting dig = new Streams.Digesting(raw);
    InputStream data = gzip ? new GZIPInputStream(dig, Streams.SCRATCH) : whole ? dig : raw;
    TarReader tr = new TarReader(budget.layer(data, gzip, at), at, budget);
    List<ImageFileSystem.LayerEntry> list = new ArrayList<>();
    Map<Long, byte[]> heads = new HashMap<>();
    TarEntry e;
    while ((e = tr.next()) != null) {
      ImageFileSystem.LayerEntry le =
          new ImageFileSystem.LayerEntry(
              ImagePaths.layerName(e.name(), at),
              e.type(),
              e.linkName(),
              e.size(),
              e.mode(),
              e.dataOffset());
      list.add(le);
      if (whole && KeptFiles.kept(le) && budget.takeHead(KeptFiles.bytes(le))) {
        heads.put(e.dataOffset(), tr.content().readNBytes(KeptFiles.bytes(le)));
      }
    }
    String digest = null;
    long rawSize = -1;
    if (whole) {
      digest = dig.drainAndDigest();
      rawSize = dig.count;
    }
    return new LayerIndex(list, gzip, digest, rawSize, heads, !stream, null);
  }

  /**
   * The first up to {@code max} bytes of a regular file of a layer: kept while the layer passed,
   * else read again by seeking (plain) or inflating up to it (gzip); null when the layer passed as
   * a stream and the head budget ran out before the file.
   */
  public synchronized byte @Nullable [] readHead(
      LayerRef ref, LayerIndex idx, FileNode node, int max) throws ImageArchiveException {
    int n = (int) Math.min(node.size(), max);
    byte[] kept = idx.heads().get(node.dataOffset());
    if (kept != null && (kept.length >= n || kept.length == node.size())) {
      return kept.length > n ? Arrays.copyOf(kept, n) : kept;
    }
    if (!idx.rereadable()) {
      return null;
    }
    // the layer was indexed from this member, so it is there
    Member m = Objects.requireNonNull(store.member(ref.member()), ref.member());
    String at = where + ": " + ref.label();
    try (InputStream raw = store.open(m)) {
      InputStream data = idx.compressed() ? new GZIPInputStream(raw, Streams.SCRATCH) : raw;
      InputStream b = budget.layer(data, idx.compressed(), at);
      Streams.skipFully(b, node.dataOffset());
      byte[] h = b.readNBytes(n);
      if (h.length < n) {
        throw err(ref.label() + ": truncated (the data of " + node.path() + " ends early)");
      }
      return h;
    } catch (IOException e) {
      throw failure(ref, e);
    }
  }

  private ImageArchiveException failure(LayerRef ref, IOException e) {
    return ArchiveReader.readFailure(
        e, where + ": " + ref.label(), where + ": cannot read " + ref.member());
  }

  private ImageArchiveException err(String what) {
    return new ImageArchiveException(where + ": " + what);
  }
}
