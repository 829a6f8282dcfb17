package dev.canirundocker.image.archive;

import dev.canirundocker.image.ImageArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/** An OCI image layout directory; every member must stay inside it after symbolic links. */
final class DirStore implements Store {
  private final Path root;
  private final String where;
  private final ReadBudget budget;

  /**
   * @param root the layout directory, real path
   */
  DirStore(Path root, String where, ReadBudget budget) {
    this.root = root;
    this.where = where;
    this.budget = budget;
  }

  @Override
  public @Nullable Member member(String name) throws ImageArchiveException {
    Path p = root.resolve(name);
    if (!Files.exists(p)) {
      return null;
    }
    try {
      Path real = p.toRealPath();
      if (!real.startsWith(root)) {
        throw new ImageArchiveException(
            where + ": " + name + " is a symbolic link pointing outside the layout");
      }
      if (!Files.isRegularFile(real)) {
        throw new ImageArchiveException(where + ": " + name + " is not a regular file");
      }
      return new Member(name, 0, Files.size(real));
    } catch (ImageArchiveException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageArchiveException(where + ": cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream open(Member m) throws IOException {
    FileChannel ch = FileChannel.open(root.resolve(m.name()).toRealPath(), StandardOpenOption.READ);
    return new Streams.Closing(new Streams.ChannelSlice(ch, 0, m.size(), budget), ch);
  }
}
