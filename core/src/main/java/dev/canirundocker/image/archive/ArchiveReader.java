package dev.canirundocker.image.archive;

import dev.canirundocker.image.ArchiveLimits;
import dev.canirundocker.image.ImageArchive.Format;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.image.ImageConfig;
import dev.canirundocker.image.ImagePlatformEntry;
import dev.canirundocker.image.SavedImage;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The implementation behind {@code ImageArchive}: opens the source (a file, a directory, a stream),
 * picks its store, reads its layout, and hands out plans, configurations and the layer indexer. One
 * {@link ReadBudget} spans everything read from one archive.
 */
public final class ArchiveReader {
  /**
   * How long opening a FIFO waits by default for a process to open it for writing, and each read
   * for its next bytes ({@link ArchiveLimits#pipeWait()}).
   */
  public static final Duration PIPE_OPEN = ArchiveLimits.DEFAULT_PIPE_WAIT;

  private final Format format;
  private final ReadBudget budget;
  private final Documents docs;
  private final LayoutReader layout;
  private final LayoutReader.Layout images;
  private final LayerIndexer indexer;

  private ArchiveReader(Format format, ReadBudget budget, Store store, String where, boolean verify)
      throws ImageArchiveException {
    this.format = format;
    this.budget = budget;
    this.docs = new Documents(store, budget, where, verify);
    this.layout = new LayoutReader(docs, budget.limits());
    this.indexer = new LayerIndexer(store, budget, where, verify);
    this.images = layout.read(format != Format.DOCKER_SAVE);
  }

  /**
   * Reads a docker-save tar, an OCI layout directory or an OCI layout tar (a gzip-compressed tar is
   * read as a stream).
   *
   * @param verify whether digests are checked (only tests turn it off)
   */
  public static ArchiveReader open(Path path, String name, ArchiveLimits limits, boolean verify)
      throws ImageArchiveException {
    String where = "archive " + name;
    ReadBudget budget = new ReadBudget(limits);
    try {
      if (!Files.exists(path)) {
        throw new ImageArchiveException(where + ": no such file");
      }
      FileKind kind = FileKind.of(path);
      if (kind == FileKind.DIRECTORY) {
        if (!Files.isRegularFile(path.resolve("oci-layout"))) {
          throw new ImageArchiveException(
              where + ": directory is not an OCI image layout (no oci-layout file)");
        }
        return new ArchiveReader(
            Format.OCI_LAYOUT_DIR,
            budget,
            new DirStore(path.toRealPath(), where, budget),
            where,
            verify);
      }
      if (kind == FileKind.FIFO) {
        return pipe(path, where, budget);
      }
      if (kind != FileKind.REGULAR) {
        throw new ImageArchiveException(
            where
                + ": is "
                + kind.words()
                + ", not an image archive"
                + " (a docker-save tar, an OCI layout directory or tar, or a pipe)");
      }
      long size = Files.size(path);
      if (size == 0) {
        throw new ImageArchiveException(where + ": empty file");
      }
      byte[] magic;
      try (InputStream in = Files.newInputStream(path)) {
        magic = in.readNBytes(2);
      }
      if (Sniff.gzip(magic)) {
        // docker load accepts a compressed save; a gzip stream cannot be sought, so read it in one
        // pass
        try (InputStream in = Files.newInputStream(path)) {
          return consume(
              budget.inflatedArchive(
                  new GZIPInputStream(new Streams.Metered(in, budget), Streams.SCRATCH), where),
              where,
              budget);
        }
      }
      TarStore ts = TarStore.index(path, size, where, budget);
      return new ArchiveReader(
          ts.hasOciLayout() ? Format.OCI_LAYOUT_TAR : Format.DOCKER_SAVE,
          budget,
          ts,
          where,
          verify);
    } catch (NoSuchFileException e) {
      throw new ImageArchiveException(where + ": no such file");
    } catch (IOException e) {
      throw readFailure(e, where, where + ": cannot read");
    }
  }

  /**
   * A FIFO ({@code --archive <(docker save x)}): read once, as the stream it is, gzip or not.
   * Opening a FIFO blocks until a writer opens it (fifo(7)), and a read blocks while the writer
   * sends nothing; both waits are bounded by {@link ArchiveLimits#pipeWait()}.
   */
  private static ArchiveReader pipe(Path path, String where, ReadBudget budget) throws IOException {
    try (InputStream raw = Pipes.open(path, budget.limits().pipeWait(), where)) {
      BufferedInputStream in =
          new BufferedInputStream(new Streams.Metered(raw, budget), Streams.SCRATCH);
      in.mark(2);
      byte[] magic = in.readNBytes(2);
      in.reset();
      if (magic.length == 0) {
        throw new ImageArchiveException(
            where
                + ": the FIFO (named pipe) ended without any data"
                + " (did the command writing it fail?)");
      }
      if (Sniff.gzip(magic)) {
        return consume(
            budget.inflatedArchive(new GZIPInputStream(in, Streams.SCRATCH), where), where, budget);
      }
      return consume(in, where, budget);
    }
  }

  /**
   * Reads an (uncompressed) archive stream in a single pass; the stream is read to its end, not
   * closed.
   */
  public static ArchiveReader stream(InputStream in, String name, ArchiveLimits limits)
      throws ImageArchiveException {
    String where = "archive " + name;
    ReadBudget budget = new ReadBudget(limits);
    try {
      return consume(new Streams.Metered(in, budget), where, budget);
    } catch (IOException e) {
      throw readFailure(e, where, where + ": cannot read");
    }
  }

  private static ArchiveReader consume(InputStream in, String where, ReadBudget budget)
      throws IOException {
    MemoryStore ms = new MemoryStore(where);
    new StreamConsumer(budget, new LayerIndexer(ms, budget, where, true), where).consume(in, ms);
    return new ArchiveReader(
        ms.member("oci-layout") != null ? Format.OCI_LAYOUT_TAR : Format.DOCKER_SAVE,
        budget,
        ms,
        where,
        true);
  }

  /**
   * What a failed read of archive data means: a limit or format error the reader raised passes as
   * it is; an early end of stream or bad deflate data inside gzip is a truncated or corrupt layer;
   * anything else is an I/O error of the file.
   */
  public static ImageArchiveException readFailure(IOException e, String gzipWhat, String readWhat) {
    if (e instanceof ImageArchiveException) {
      return (ImageArchiveException) e;
    }
    if (e instanceof ZipException || e instanceof EOFException) {
      return new ImageArchiveException(gzipWhat + ": truncated or corrupt gzip data");
    }
    return new ImageArchiveException(readWhat + ": " + e.getMessage(), e);
  }

  /** What kind of archive it is. */
  public Format format() {
    return format;
  }

  /** Every runnable image, in archive order. */
  public List<ImagePlatformEntry> entries() {
    return images.entries();
  }

  /**
   * The images of the archive, in archive order. A classic save's manifest.json entries are one
   * image each. In an OCI layout each top-level descriptor of index.json is one image (an index
   * descriptor: every platform under it); top-level manifests that share a name, or are all
   * unnamed, and list distinct platforms are the platforms of one image (an index.json used as the
   * image index itself, image-spec image-layout.md).
   */
  public List<SavedImage> images() {
    List<ImagePlatformEntry> entries = images.entries();
    List<ImagePlan> plans = images.plans();
    List<String> keys = new ArrayList<>();
    List<List<String>> names = new ArrayList<>();
    List<List<Integer>> members = new ArrayList<>();
    List<Integer> tops = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      ImagePlan p = plans.get(i);
      int g = tops.indexOf(p.image());
      if (g < 0 && format != Format.DOCKER_SAVE) {
        String key =
            entries.get(i).references().isEmpty() ? "" : entries.get(i).references().get(0);
        int same = keys.lastIndexOf(key);
        if (same >= 0 && !hasPlatform(members.get(same), entries.get(i))) {
          g = same;
        }
      }
      if (g < 0) {
        List<String> n = format == Format.DOCKER_SAVE ? p.repoTags() : entries.get(i).references();
        keys.add(entries.get(i).references().isEmpty() ? "" : entries.get(i).references().get(0));
        names.add(n.isEmpty() ? List.of(p.imageDigest()) : n);
        members.add(new ArrayList<>());
        tops.add(p.image());
        g = members.size() - 1;
      }
      members.get(g).add(i);
    }
    List<SavedImage> out = new ArrayList<>();
    for (int g = 0; g < members.size(); g++) {
      out.add(new SavedImage(names.get(g), members.get(g)));
    }
    return out;
  }

  private boolean hasPlatform(List<Integer> positions, ImagePlatformEntry e) {
    for (int i : positions) {
      if (images.entries().get(i).platform().equals(e.platform())) {
        return true;
      }
    }
    return false;
  }

  /** The whole plan of the image at position {@code i} of {@link #entries()}: its manifest read. */
  public ImagePlan plan(int i) throws ImageArchiveException {
    return layout.resolve(images.plans().get(i));
  }

  /** The configuration of a resolved plan, as stored: read whole, bounded, digest-checked. */
  public byte[] configBytes(ImagePlan plan) throws ImageArchiveException {
    return docs.read(
        plan.resolvedConfigName(),
        plan.resolvedConfigLabel(),
        plan.configDigest(),
        plan.configSize());
  }

  /** The configuration parsed; os and architecture must be set. */
  public ImageConfig config(byte[] bytes, ImagePlan plan) throws ImageArchiveException {
    return docs.config(bytes, plan.resolvedConfigLabel());
  }

  /** The layer indexer of this archive (each layer read at most once). */
  public LayerIndexer layers() {
    return indexer;
  }

  /** The budget of this archive: its limits and what has been read. */
  public ReadBudget budget() {
    return budget;
  }
}
