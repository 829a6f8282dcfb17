package dev.canirundocker.host.linux;

import dev.canirundocker.host.Unknown;
import dev.canirundocker.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The filesystem types the kernel supports now ({@code /proc/filesystems}). */
public final class Filesystems {
  private static final Pattern FS_NAME = Pattern.compile("[A-Za-z0-9_.+-]+");

  private Filesystems() {}

  /**
   * Parses {@code /proc/filesystems}: lines {@code nodev\tNAME} or {@code \tNAME}; returns the
   * names.
   *
   * @throws LinuxReadException naming the line when it is not of that form
   */
  public static List<String> parse(List<String> lines) throws LinuxReadException {
    List<String> out = new ArrayList<>();
    int n = 0;
    for (String line : lines) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      String name =
          f.length == 2 && f[0].equals("nodev")
              ? f[1]
              : f.length == 1 && !f[0].equals("nodev") ? f[0] : null;
      if (name == null || !FS_NAME.matcher(name).matches()) {
        throw new LinuxReadException(
            "/proc/filesystems line "
                + n
                + ": expected '[nodev] NAME', got '"
                + Text.quote(line.strip())
                + "'");
      }
      out.add(name);
    }
    return out;
  }

  /** The names, or null with an unknown. */
  static @Nullable List<String> read(LinuxRoot root, List<Unknown> unknowns) {
    try {
      return parse(ProcFiles.readLines(root.path("/proc/filesystems"), "/proc/filesystems"));
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.filesystems", Text.message(x)));
      return null;
    }
  }
}
