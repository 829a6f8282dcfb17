package dev.canirundocker.host.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The directory that stands for {@code /}: every reader resolves its absolute paths through it, so
 * a fixture tree stands for a host in tests (OSHI's ProcPath idea, per instance instead of global).
 */
public final class LinuxRoot {
  private final Path root;

  /**
   * A root at {@code dir}.
   *
   * @param dir the directory that stands for {@code /} ({@code Path.of("/")} on a live host)
   */
  public LinuxRoot(Path dir) {
    this.root = Objects.requireNonNull(dir, "root");
  }

  /** The directory this root stands for. */
  public Path dir() {
    return root;
  }

  /** {@code abs} (an absolute path such as {@code /proc/cmdline}) under the root. */
  public Path path(String abs) {
    return root.resolve(abs.startsWith("/") ? abs.substring(1) : abs);
  }

  /**
   * The first executable regular file named {@code name} in the {@code PATH} directories of {@code
   * env} then in {@code extraDirs}, each under the root; returned as the user would find it ({@code
   * /usr/bin/newuidmap}), or null.
   */
  public @Nullable String findExecutable(
      String name, Map<String, String> env, List<String> extraDirs) {
    Set<String> dirs = new LinkedHashSet<>();
    String pathVar = env == null ? null : env.get("PATH");
    if (pathVar != null) {
      for (String d : pathVar.split(":")) {
        if (d.startsWith("/")) { // relative PATH entries depend on the cwd: not a host fact
          dirs.add(d.endsWith("/") && d.length() > 1 ? d.substring(0, d.length() - 1) : d);
        }
      }
    }
    dirs.addAll(extraDirs);
    for (String d : dirs) {
      String candidate = d.equals("/") ? "/" + name : d + "/" + name;
      Path p = path(candidate);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return candidate;
      }
    }
    return null;
  }
}
