package dev.canirundocker.image;

import dev.canirundocker.image.archive.ArchiveReader;
import dev.canirundocker.image.archive.ImagePlan;
import dev.canirundocker.image.archive.Streams;
import dev.canirundocker.platform.Platform;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads an image archive without a daemon and without extracting anything to disk: a {@code docker
 * save} tar (the classic layout with {@code manifest.json}, {@code <id>.json} and {@code
 * <id>/layer.tar}, and Docker 25+'s, which is an OCI layout plus {@code manifest.json}), an OCI
 * image layout directory or an OCI layout tar (image-spec {@code image-layout.md}).
 *
 * <h2>How it reads</h2>
 *
 * <p><b>Files</b> ({@link #read(Path)}): one pass over the tar headers records where each member's
 * data lies; JSON documents are then read whole (bounded, sha256-verified); layers are indexed
 * (member names, kinds, link targets, data offsets) by walking their tar headers. An uncompressed
 * layer in a tar or directory is passed over by seeking, so its file data is never read; a gzip
 * layer is inflated as a stream (its digest is checked, since it was read whole). Only after all
 * layers are indexed is the entrypoint resolved, and then the first 64 KiB of that one file is
 * read, by seeking (plain layer) or by inflating up to it (gzip layer). Memory is proportional to
 * the number of members, not their size. {@link #bytesRead()} reports what was physically read.
 *
 * <p><b>Streams</b> ({@link #readStream(InputStream, String, ArchiveLimits)}, for a daemon's {@code
 * docker save} export): single pass. {@code docker save} writes its temporary directory in lexical
 * order, so {@code manifest.json} and {@code index.json} come last and configs may come after the
 * layers they describe. Each member is therefore classified by its first bytes: JSON documents are
 * kept (bounded); layer tars are indexed as they pass, their raw sha256 computed, and the first 64
 * KiB of every <em>executable</em> regular file kept, within {@link
 * ArchiveLimits#maxStreamHeadBytes()} in all. Only executable files can be a container's first
 * process (execve needs an execute bit), so the entrypoint, its symlink targets and script
 * interpreters are among them. At the end the layout is interpreted exactly as for files; if the
 * head budget ran out before the entrypoint's file passed, the resolution says so instead of
 * guessing.
 *
 * <h2>Platforms</h2>
 *
 * <p>{@link #platforms()} lists every runnable image the archive holds, nested OCI indexes
 * flattened (cycles and excessive nesting are errors), attestation manifests left out (BuildKit
 * marks them {@code vnd.docker.reference.type=attestation-manifest}). The caller picks one, with
 * containerd's ordering (containerd platforms/compare.go), and resolves it with {@link
 * #image(ImagePlatformEntry)}.
 *
 * <p>Every problem is an {@link ImageArchiveException} whose message starts with {@code archive
 * <name>:}. The reading itself lives in {@code dev.canirundocker.image.archive} (stores, layout
 * reader, layer indexer, stream consumer, one {@code ReadBudget} for every limit); this class is
 * its facade.
 */
public final class ImageArchive {
  /** What kind of archive it is. */
  public enum Format {
    /** A classic {@code docker save} tar: {@code manifest.json} without an OCI layout. */
    DOCKER_SAVE,
    /** An OCI image layout directory. */
    OCI_LAYOUT_DIR,
    /**
     * A tar of an OCI image layout; Docker 25+'s {@code docker save} writes this (plus {@code
     * manifest.json}).
     */
    OCI_LAYOUT_TAR
  }

  private final String name;
  private final ArchiveReader reader;

  private ImageArchive(String name, ArchiveReader reader) {
    this.name = name;
    this.reader = reader;
  }

  /** Reads an archive with the default limits; see {@link #read(Path, ArchiveLimits)}. */
  public static ImageArchive read(Path path) throws ImageArchiveException {
    return read(path, ArchiveLimits.DEFAULTS);
  }

  /**
   * Reads a docker-save tar, an OCI layout directory or an OCI layout tar (a gzip-compressed tar is
   * read as a stream). Lists its images; layers are read when an image is resolved.
   *
   * @param path the archive
   * @param limits limits
   * @throws ImageArchiveException naming the archive and the problem
   */
  public static ImageArchive read(Path path, ArchiveLimits limits) throws ImageArchiveException {
    return read(path, limits, true);
  }

  /**
   * Reads with digest verification switchable: only tests turn it off, to reach the checks that
   * verification would otherwise pre-empt (an index cycle needs a sha256 collision to be real).
   */
  static ImageArchive read(Path path, ArchiveLimits limits, boolean verify)
      throws ImageArchiveException {
    String name = path.toString();
    return new ImageArchive(name, ArchiveReader.open(path, name, limits, verify));
  }

  /** Reads a {@code docker save} stream in one pass with the default limits. */
  public static ImageArchive readStream(InputStream saveTar, String name)
      throws ImageArchiveException {
    return readStream(saveTar, name, ArchiveLimits.DEFAULTS);
  }

  /**
   * Reads a {@code docker save} (or OCI layout) tar stream in a single pass; see the class comment
   * for what is kept. The stream is read to its end and not closed.
   *
   * @param saveTar the tar stream (uncompressed)
   * @param name names the stream in messages and results
   * @param limits limits; {@link ArchiveLimits#maxStreamHeadBytes()} bounds the kept file heads
   * @throws ImageArchiveException naming the stream and the problem
   */
  public static ImageArchive readStream(InputStream saveTar, String name, ArchiveLimits limits)
      throws ImageArchiveException {
    return new ImageArchive(name, ArchiveReader.stream(saveTar, name, limits));
  }

  /** The archive as given (path or stream name). */
  public String name() {
    return name;
  }

  /** What kind of archive this is. */
  public Format format() {
    return reader.format();
  }

  /** Every runnable image the archive holds, in archive order. */
  public List<ImagePlatformEntry> platforms() {
    return reader.entries();
  }

  /**
   * The images the archive holds, in archive order: {@code docker save a b c} writes three, each
   * with its names; a multi-platform image is one, its platforms several {@link #platforms()}.
   */
  public List<SavedImage> images() {
    return reader.images();
  }

  /** The first image whose listed platform equals {@code p}, resolved; empty when none. */
  public Optional<ArchiveImage> select(Platform p) throws ImageArchiveException {
    List<ImagePlatformEntry> all = platforms();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).platform().equals(p)) {
        return Optional.of(image(i));
      }
    }
    return Optional.empty();
  }

  /**
   * One of the archive's images, with its configuration read and verified; its layers are indexed
   * when first asked for.
   *
   * @param entry one of {@link #platforms()}
   * @throws ImageArchiveException when its manifest or config is missing or broken
   */
  public ArchiveImage image(ImagePlatformEntry entry) throws ImageArchiveException {
    int i = platforms().indexOf(entry);
    if (i < 0) {
      throw new IllegalArgumentException("not an entry of " + name + ": " + entry);
    }
    return image(i);
  }

  /**
   * The image at a position of {@link #platforms()}. Entries of a docker save of several untagged
   * images of one platform are equal as values; the position tells them apart.
   */
  public ArchiveImage image(int i) throws ImageArchiveException {
    List<ImagePlatformEntry> all = platforms();
    if (i < 0 || i >= all.size()) {
      throw new IndexOutOfBoundsException("archive " + name + " has " + all.size() + " images");
    }
    ImagePlan plan = reader.plan(i);
    byte[] cfg = reader.configBytes(plan);
    return new ArchiveImage(
        this,
        all.get(i),
        reader.config(cfg, plan),
        Streams.sha256(cfg),
        java.util.Objects.requireNonNull(plan.layers(), "a read plan has its layers"),
        reader.layers());
  }

  /**
   * Bytes physically read from the archive so far (file data passed over by seeking is not
   * counted); for a stream, the bytes consumed.
   */
  public long bytesRead() {
    return reader.budget().bytesRead();
  }
}
