package dev.canirundocker.image.archive;

import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.image.ImagePaths;
import java.util.HashMap;
import java.util.Map;

/**
 * Links between members of the archive itself (not inside layers): moby's classic {@code docker
 * save} writes a layer it already saved as a symbolic link to the first copy. A link may not leave
 * the archive, and chains end within {@link #MAX_HOPS} hops (Linux {@code MAXSYMLINKS}).
 */
final class Links {
  static final int MAX_HOPS = 40;

  private final String where;
  private final Map<String, String> targets = new HashMap<>();

  /**
   * @param where names the archive in messages ({@code archive x.tar})
   */
  Links(String where) {
    this.where = where;
  }

  /** Records a link entry named {@code n} (already cleaned). */
  void add(String n, TarEntry e) throws ImageArchiveException {
    targets.put(n, target(n, e, where));
  }

  /** The link names recorded. */
  Iterable<String> names() {
    return targets.keySet();
  }

  /** The member a link finally names, following chains. */
  String resolve(String n) throws ImageArchiveException {
    String t = n;
    for (int i = 0; i <= MAX_HOPS; i++) {
      String next = targets.get(t);
      if (next == null) {
        return t;
      }
      t = next;
    }
    throw new ImageArchiveException(where + ": symbolic link loop at '" + n + "'");
  }

  /** The archive member a link entry names, rejecting links out of the archive. */
  static String target(String n, TarEntry e, String where) throws ImageArchiveException {
    String raw = e.linkName();
    if (e.type() == TarEntry.Type.HARDLINK) {
      return memberName(raw, where); // hard link names are archive-relative
    }
    String dir = n.contains("/") ? n.substring(0, n.lastIndexOf('/')) : "";
    // relative to the link's directory; an absolute target or a climb above the root leaves the
    // archive
    String t =
        raw.startsWith("/")
            ? null
            : ImagePaths.normalize(dir.isEmpty() ? raw : dir + "/" + raw, false);
    if (t == null || t.equals("/")) {
      throw new ImageArchiveException(
          where
              + ": entry '"
              + n
              + "' is a symbolic link pointing outside the archive ('"
              + raw
              + "')");
    }
    return t.substring(1);
  }

  /** A member name as a manifest or link writes it, cleaned; the archive root is not a member. */
  static String memberName(String raw, String where) throws ImageArchiveException {
    String n = ImagePaths.archiveName(raw, where);
    if (n == null) {
      throw new ImageArchiveException(where + ": entry '" + raw + "' names the archive root");
    }
    return n;
  }
}
