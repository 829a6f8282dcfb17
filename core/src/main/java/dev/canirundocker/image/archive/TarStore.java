package dev.canirundocker.image.archive;

import dev.canirundocker.image.ImageArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A tar file: one pass over its headers records where each member's data lies (the data itself is
 * passed over by seeking); reads are positional, so members are opened in any order.
 */
final class TarStore implements Store {
  private final Path path;
  private final ReadBudget budget;
  private final Map<String, Member> members = new HashMap<>();

  private TarStore(Path path, ReadBudget budget) {
    this.path = path;
    this.budget = budget;
  }

  /** Indexes the members of the tar file {@code path} of {@code size} bytes. */
  static TarStore index(Path path, long size, String where, ReadBudget budget) throws IOException {
    TarStore s = new TarStore(path, budget);
    MemberWalk walk;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      walk =
          new MemberWalk(
              new TarReader(new Streams.ChannelSlice(ch, 0, size, budget), where, budget), where);
      TarEntry e;
      while ((e = walk.next()) != null) {
        if (e.type() == TarEntry.Type.FILE) {
          s.members.put(walk.name(), new Member(walk.name(), e.dataOffset(), e.size()));
        }
      }
      if (!walk.any()) {
        throw new ImageArchiveException(where + ": tar archive holds no entries");
      }
    }
    Links links = walk.links();
    for (String n : links.names()) {
      Member m = s.members.get(links.resolve(n));
      if (m != null) {
        s.members.put(n, new Member(n, m.offset(), m.size()));
      }
    }
    return s;
  }

  /** Whether the tar holds an OCI image layout (Docker 25+'s save does, beside manifest.json). */
  boolean hasOciLayout() {
    return members.containsKey("oci-layout") && members.containsKey("index.json");
  }

  @Override
  public @Nullable Member member(String name) {
    return members.get(name);
  }

  @Override
  public InputStream open(Member m) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    return new Streams.Closing(new Streams.ChannelSlice(ch, m.offset(), m.size(), budget), ch);
  }
}
