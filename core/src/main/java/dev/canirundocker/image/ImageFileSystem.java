package dev.canirundocker.image;

import dev.canirundocker.image.archive.TarEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The merged file system of an image's layers, as an index of names, kinds and link targets, with
 * no file contents: what a container's root would look like after the layers were applied.
 *
 * <p>Layers are applied bottom first with the OCI rules (image-spec {@code layer.md} "Whiteouts"):
 * a {@code .wh.<name>} entry deletes {@code <name>} and everything below it from the lower layers;
 * a {@code .wh..wh..opq} entry hides every lower-layer child of its directory; both affect lower
 * layers only, whatever their position in the tar. A non-directory replaces a lower directory with
 * all its children, a directory over a directory merges (moby {@code pkg/archive/diff.go} {@code
 * UnpackLayer}). A hard link takes its target's data at the time it is applied. Parents that a
 * layer implies but does not list are directories.
 */
public final class ImageFileSystem {
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";

  private final TreeMap<String, FileNode> nodes = new TreeMap<>();
  private int layers;

  ImageFileSystem() {
    nodes.put("/", new FileNode("/", FileNode.Kind.DIRECTORY, "", 0, 0755, -1, 0));
  }

  /**
   * One member of a layer, cleaned, as the layer indexer saw it (no contents).
   *
   * @param path absolute, cleaned path inside the image
   * @param type what the tar entry is
   * @param link a link's target as stored, else empty
   * @param size data size in bytes
   * @param mode permission bits
   * @param dataOffset where its data starts in the layer's uncompressed tar stream
   */
  public record LayerEntry(
      String path, TarEntry.Type type, String link, long size, int mode, long dataOffset) {}

  /** Applies the next layer up. */
  void apply(List<LayerEntry> entries) {
    int layer = layers++;
    for (LayerEntry e : entries) {
      String base = ImagePaths.base(e.path());
      if (base.equals(OPAQUE)) {
        removeChildren(ImagePaths.parent(e.path()));
      } else if (base.startsWith(WHITEOUT) && !base.startsWith(WHITEOUT + WHITEOUT)) {
        String target =
            ImagePaths.join(ImagePaths.parent(e.path()), base.substring(WHITEOUT.length()));
        if (!target.equals("/")) {
          nodes.remove(target);
          removeChildren(target);
        }
      }
    }
    for (LayerEntry e : entries) {
      String base = ImagePaths.base(e.path());
      if (base.startsWith(WHITEOUT) || e.path().equals("/")) {
        continue; // whiteouts and aufs metadata (.wh..wh.plnk) are not files; the root stays a
        // directory
      }
      ensureParents(e.path());
      FileNode n;
      switch (e.type()) {
        case DIRECTORY:
          n =
              new FileNode(
                  e.path(), FileNode.Kind.DIRECTORY, "", 0, e.mode(), layer, e.dataOffset());
          break;
        case SYMLINK:
          n = new FileNode(e.path(), FileNode.Kind.SYMLINK, e.link(), 0, e.mode(), layer, 0);
          break;
        case FILE:
          n =
              new FileNode(
                  e.path(), FileNode.Kind.FILE, "", e.size(), e.mode(), layer, e.dataOffset());
          break;
        case HARDLINK:
          n = hardLink(e);
          break;
        default:
          n = new FileNode(e.path(), FileNode.Kind.OTHER, "", 0, e.mode(), layer, 0);
      }
      if (n.kind() != FileNode.Kind.DIRECTORY) {
        removeChildren(e.path());
      }
      nodes.put(e.path(), n);
    }
  }

  private FileNode hardLink(LayerEntry e) {
    // moby: the link name is joined to the root like any member name
    String target = ImagePaths.inRoot(e.link());
    FileNode t = nodes.get(target);
    if (t == null || t.kind() != FileNode.Kind.FILE) {
      return new FileNode(e.path(), FileNode.Kind.BROKEN_HARDLINK, target, 0, e.mode(), -1, 0);
    }
    return new FileNode(
        e.path(), FileNode.Kind.FILE, "", t.size(), t.mode(), t.layer(), t.dataOffset());
  }

  private void ensureParents(String path) {
    List<String> missing = new ArrayList<>();
    String p = ImagePaths.parent(path);
    while (!p.equals("/") && !nodes.containsKey(p)) {
      missing.add(p);
      p = ImagePaths.parent(p);
    }
    for (String m : missing) {
      nodes.put(m, new FileNode(m, FileNode.Kind.DIRECTORY, "", 0, 0755, -1, 0));
    }
  }

  private void removeChildren(String dir) {
    String prefix = dir.equals("/") ? "/" : dir + "/";
    // '0' is the character after '/', so [prefix, prefix-with-'0') holds exactly the descendants
    String end = prefix.substring(0, prefix.length() - 1) + '0';
    nodes.subMap(prefix, false, end, false).clear();
  }

  /** The node at an absolute, cleaned path, symbolic links not followed. */
  public Optional<FileNode> lookup(String path) {
    return Optional.ofNullable(nodes.get(path));
  }

  /** Number of paths, directories included. */
  public int size() {
    return nodes.size();
  }

  /** Number of layers applied. */
  public int layerCount() {
    return layers;
  }

  /** All nodes, sorted by path; for diagnostics and tests. */
  public Map<String, FileNode> nodes() {
    NavigableMap<String, FileNode> view = java.util.Collections.unmodifiableNavigableMap(nodes);
    return view;
  }
}
