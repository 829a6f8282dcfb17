package dev.canirundocker.image.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * A single pass over an archive stream (a daemon's {@code docker save} export, a FIFO, a gzip
 * archive). {@code docker save} writes its temporary directory in lexical order, so {@code
 * manifest.json} and {@code index.json} come last and configs may come after the layers they
 * describe: each member is therefore classified by its first bytes ({@link Sniff}). JSON documents
 * are kept whole (bounded); layer tars are indexed as they pass ({@link LayerIndexer}, stream
 * mode); anything else is skipped.
 */
final class StreamConsumer {
  /** After the end marker, at most this much record padding is drained (tar's blocking factor). */
  private static final int DRAIN_BYTES = 1 << 20;

  private final ReadBudget budget;
  private final LayerIndexer indexer;
  private final String where;

  StreamConsumer(ReadBudget budget, LayerIndexer indexer, String where) {
    this.budget = budget;
    this.indexer = indexer;
    this.where = where;
  }

  /** Reads the stream to its end (not closing it) into {@code store}. */
  void consume(InputStream in, MemoryStore store) throws IOException {
    MemberWalk walk = new MemberWalk(new TarReader(in, where, budget), where);
    TarEntry e;
    while ((e = walk.next()) != null) {
      String n = walk.name();
      if (e.type() != TarEntry.Type.FILE) {
        continue;
      }
      InputStream c = walk.tar().content();
      byte[] prefix = c.readNBytes((int) Math.min(512, e.size()));
      if (Sniff.json(prefix)) {
        budget.keepJson(n, e.size(), where);
        byte[] rest = c.readNBytes((int) (e.size() - prefix.length));
        byte[] all = new byte[prefix.length + rest.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(rest, 0, all, prefix.length, rest.length);
        store.putJson(n, all);
      } else if (Sniff.layer(prefix)) {
        InputStream whole = new SequenceInputStream(new ByteArrayInputStream(prefix), c);
        store.putLayer(n, indexer.index(whole, prefix, "layer " + n, true));
      }
      // anything else (VERSION files, unknown blobs) is skipped
    }
    // the end marker may be followed by record padding: drain a bounded amount so the sender (a
    // daemon's export) sees its stream consumed
    byte[] scratch = new byte[8192];
    int drained = 0;
    int k;
    while (drained < DRAIN_BYTES && (k = in.read(scratch)) >= 0) {
      drained += k;
    }
    Links links = walk.links();
    for (String n : links.names()) {
      store.alias(n, links.resolve(n));
    }
  }
}
