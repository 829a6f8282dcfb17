package dev.canirundocker.image;

import dev.canirundocker.image.archive.LayerIndex;
import dev.canirundocker.image.archive.LayerIndexer;
import dev.canirundocker.image.archive.LayerRef;
import dev.canirundocker.platform.Platform;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One image of an {@link ImageArchive}, its configuration read; its layers are indexed on the first
 * call that needs them, and only the entrypoint's file is ever read.
 */
public final class ArchiveImage {
  private final ImageArchive archive;
  private final ImagePlatformEntry entry;
  private final ImageConfig config;
  private final String configDigest;
  private final List<LayerRef> layers;
  private final LayerIndexer indexer;
  // built on first use: fileSystem() indexes the layers once
  private @Nullable List<LayerIndex> indexes;
  private @Nullable ImageFileSystem fs;
  private @Nullable EntrypointResolution entrypoint;

  ArchiveImage(
      ImageArchive archive,
      ImagePlatformEntry entry,
      ImageConfig config,
      String configDigest,
      List<LayerRef> layers,
      LayerIndexer indexer) {
    this.archive = archive;
    this.entry = entry;
    this.config = config;
    this.configDigest = configDigest;
    this.layers = List.copyOf(layers);
    this.indexer = indexer;
  }

  /** The archive entry this image is. */
  public ImagePlatformEntry entry() {
    return entry;
  }

  /** The image configuration. */
  public ImageConfig config() {
    return config;
  }

  /** sha256 of the configuration: the image ID Docker shows. */
  public String configDigest() {
    return configDigest;
  }

  /** Number of layers. */
  public int layerCount() {
    return layers.size();
  }

  /**
   * The merged file-system index of all layers (names, kinds, link targets; no contents).
   *
   * @throws ImageArchiveException when a layer is missing, broken, hostile or over a limit
   */
  public synchronized ImageFileSystem fileSystem() throws ImageArchiveException {
    if (fs == null) {
      List<LayerIndex> idx = new ArrayList<>();
      ImageFileSystem f = new ImageFileSystem();
      for (LayerRef ref : layers) {
        LayerIndex li = indexer.index(ref);
        idx.add(li);
        f.apply(li.entries());
      }
      indexes = idx;
      fs = f;
    }
    return fs;
  }

  /**
   * The file a container of this image executes first, and its first 64 KiB.
   *
   * @throws ImageArchiveException when the layers cannot be read
   */
  public synchronized EntrypointResolution entrypoint() throws ImageArchiveException {
    EntrypointResolution e = entrypoint;
    if (e == null) {
      ImageFileSystem f = fileSystem();
      List<LayerIndex> idx = indexes();
      e =
          EntrypointResolver.resolve(
              config,
              f,
              (node, max) ->
                  indexer.readHead(layers.get(node.layer()), idx.get(node.layer()), node, max));
      entrypoint = e;
    }
    return e;
  }

  /** The layers' indexes, which {@link #fileSystem()} made. */
  private List<LayerIndex> indexes() {
    return java.util.Objects.requireNonNull(indexes, "fileSystem() indexes the layers");
  }

  /**
   * The first up to {@code max} bytes of a regular file of the image, symbolic links followed
   * inside the image root; null when the path is not a regular file, or its contents were not kept
   * (a stream passes once: only {@link dev.canirundocker.image.archive.KeptFiles} are kept).
   *
   * @throws ImageArchiveException when the layers cannot be read
   */
  public synchronized byte @Nullable [] readFile(String path, int max)
      throws ImageArchiveException {
    ImageFileSystem f = fileSystem();
    FileNode n = EntrypointResolver.follow(f, ImagePaths.inRoot(path), new String[2]);
    if (n == null || n.kind() != FileNode.Kind.FILE || n.layer() < 0) {
      return null;
    }
    return indexer.readHead(layers.get(n.layer()), indexes().get(n.layer()), n, max);
  }

  /**
   * The image's os-release(5): {@code /etc/os-release}, else {@code /usr/lib/os-release}; null when
   * neither.
   */
  public @Nullable Distribution distribution() throws ImageArchiveException {
    for (String p : Distribution.FILES) {
      Distribution d =
          Distribution.parse(readFile(p, dev.canirundocker.image.archive.KeptFiles.MAX_BYTES));
      if (d != null) {
        return d;
      }
    }
    return null;
  }

  /**
   * The first bytes of every regular file whose path matches one of {@link
   * dev.canirundocker.image.archive.KeptFiles#PATTERNS} (as stored in the layers: the link {@code
   * /usr/local/cuda} is not followed, the versioned directory is matched), by path; a file whose
   * head a single-pass stream did not keep is left out.
   *
   * @throws ImageArchiveException when the layers cannot be read
   */
  public synchronized java.util.Map<String, byte[]> keptFileHeads() throws ImageArchiveException {
    ImageFileSystem f = fileSystem();
    java.util.Map<String, byte[]> out = new java.util.LinkedHashMap<>();
    for (FileNode n : f.nodes().values()) {
      if (n.kind() == FileNode.Kind.FILE
          && n.layer() >= 0
          && dev.canirundocker.image.archive.KeptFiles.PATTERNS.stream()
              .anyMatch(p -> p.matcher(n.path()).matches())) {
        byte[] h =
            indexer.readHead(
                layers.get(n.layer()),
                indexes().get(n.layer()),
                n,
                dev.canirundocker.image.archive.KeptFiles.MAX_BYTES);
        if (h != null) {
          out.put(n.path(), h);
        }
      }
    }
    return out;
  }

  /** The profile the checks consume, source {@code archive}. */
  public ImageProfile profile(String reference) throws ImageArchiveException {
    return profile("archive", reference);
  }

  /**
   * The profile the checks consume.
   *
   * @param source {@code archive} or {@code daemon} (a daemon's export read as a stream)
   * @param reference the image as the user gave it
   */
  public ImageProfile profile(String source, String reference) throws ImageArchiveException {
    List<Platform> all = new ArrayList<>();
    for (ImagePlatformEntry e : archive.platforms()) {
      all.add(e.platform());
    }
    EntrypointResolution ep = entrypoint();
    return ImageProfile.of(
        source,
        reference,
        config,
        all,
        ep,
        config.os().equalsIgnoreCase("linux") ? distribution() : null);
  }
}
