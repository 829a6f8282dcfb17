package dev.canirundocker.image.archive;

import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.image.ImagePaths;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The members of an archive's own tar, as both the tar store and the stream consumer walk them:
 * names cleaned (absolute and climbing names refused), directories passed over, a name seen twice
 * refused, links recorded in {@link #links()}; what remains is handed out, regular files and
 * others.
 */
final class MemberWalk {
  private final TarReader tar;
  private final String where;
  private final Set<String> seen = new HashSet<>();
  private final Links links;
  private @Nullable String name;
  private boolean any;

  MemberWalk(TarReader tar, String where) {
    this.tar = tar;
    this.where = where;
    this.links = new Links(where);
  }

  /** The next member that is neither a directory nor a link, or null at the end. */
  @Nullable TarEntry next() throws IOException {
    TarEntry e;
    while ((e = tar.next()) != null) {
      any = true;
      String n = ImagePaths.archiveName(e.name(), where);
      if (n == null || e.type() == TarEntry.Type.DIRECTORY) {
        continue;
      }
      if (!seen.add(n)) {
        throw new ImageArchiveException(where + ": duplicate entry '" + n + "'");
      }
      if (e.type() == TarEntry.Type.SYMLINK || e.type() == TarEntry.Type.HARDLINK) {
        links.add(n, e);
        continue;
      }
      name = n;
      return e;
    }
    return null;
  }

  /** The cleaned name of the member {@link #next()} returned last. */
  String name() {
    return java.util.Objects.requireNonNull(name, "next() returned a member");
  }

  /** Whether the tar held any entry at all. */
  boolean any() {
    return any;
  }

  /** The links between members seen so far. */
  Links links() {
    return links;
  }

  /** The reader, for the current member's content. */
  TarReader tar() {
    return tar;
  }
}
