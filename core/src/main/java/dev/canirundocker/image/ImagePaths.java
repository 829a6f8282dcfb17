package dev.canirundocker.image;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/** Cleaning of entry names and of paths inside an image. */
public final class ImagePaths {
  private ImagePaths() {}

  /**
   * Cleans a name of a member of the archive itself ({@code manifest.json}, {@code
   * blobs/sha256/..}). Absolute names and {@code ..} components are rejected outright: an archive
   * has no business naming anything outside itself.
   *
   * @return the cleaned relative name, or null when it names the archive root itself
   */
  public static @Nullable String archiveName(String raw, String where)
      throws ImageArchiveException {
    if (raw.startsWith("/")) {
      throw new ImageArchiveException(where + ": entry '" + raw + "' has an absolute name");
    }
    StringBuilder b = new StringBuilder();
    for (String part : raw.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new ImageArchiveException(where + ": entry '" + raw + "' has a path traversal name");
      }
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(part);
    }
    return b.length() == 0 ? null : b.toString();
  }

  /**
   * Cleans a layer member name to an absolute image path. As moby's {@code pkg/archive} {@code
   * UnpackLayer} does: the name is cleaned and joined to the root, and a name that climbs above the
   * root ({@code ../etc/passwd}) is a breakout and an error. A leading slash is tolerated (it is
   * joined to the root too).
   */
  public static String layerName(String raw, String where) throws ImageArchiveException {
    String s = normalize(raw, false);
    if (s == null) {
      throw new ImageArchiveException(where + ": entry '" + raw + "' has a path traversal name");
    }
    return s;
  }

  /**
   * Normalizes a path to absolute form. With {@code clampAtRoot}, {@code ..} at the root stays at
   * the root (how a path resolves inside a container's root, filepath-securejoin's rule); without
   * it, a relative path that climbs above the root yields null.
   */
  public static @Nullable String normalize(String path, boolean clampAtRoot) {
    Deque<String> parts = new ArrayDeque<>();
    boolean rooted = path.startsWith("/");
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          if (clampAtRoot || rooted) {
            continue;
          }
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
  }

  /**
   * {@link #normalize} with {@code clampAtRoot}: a path resolved inside a container's root, which
   * never climbs out of it (so never null).
   */
  public static String inRoot(String path) {
    return java.util.Objects.requireNonNull(
        normalize(path, true), "a clamped path stays in the root");
  }

  /** The parent of an absolute, cleaned path; the root is its own parent. */
  public static String parent(String abs) {
    int i = abs.lastIndexOf('/');
    return i <= 0 ? "/" : abs.substring(0, i);
  }

  /** The last component of an absolute, cleaned path. */
  public static String base(String abs) {
    return abs.substring(abs.lastIndexOf('/') + 1);
  }

  /** A name joined to an absolute directory. */
  public static String join(String dir, String name) {
    return dir.equals("/") ? "/" + name : dir + "/" + name;
  }
}
