package dev.canirundocker.image;

import dev.canirundocker.elf.ElfException;
import dev.canirundocker.elf.ElfInfo;
import dev.canirundocker.elf.InvalidShebangException;
import dev.canirundocker.elf.Shebang;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds the file a container would execute first, from the image configuration and the merged
 * file-system index, reading the contents of that one file only.
 *
 * <ol>
 *   <li>The command is {@code Entrypoint + Cmd}, or {@code Cmd} alone (moby). The shell form of a
 *       Dockerfile is stored as {@code ["/bin/sh", "-c", ...]}, so it resolves to the shell.
 *   <li>A first word without a slash is looked up in the container's {@code PATH} (the image's,
 *       else moby's default {@link ImageConfig#DEFAULT_PATH}): the first candidate that is a
 *       regular file with an execute bit wins, as Go's {@code os/exec.LookPath}, which runc uses,
 *       decides. A first word with a slash is taken relative to {@code WorkingDir} (default {@code
 *       /}).
 *   <li>Symbolic links are followed in every component, at most 40 of them (Linux {@code
 *       MAXSYMLINKS}), inside the image root: {@code ..} at the root stays at the root and an
 *       absolute target starts again at the image root, as runc resolves paths in a container
 *       (cyphar/filepath-securejoin). A link can therefore never point out of the image.
 *   <li>A file starting with {@code #!} is a script: its interpreter, read as the kernel reads it
 *       ({@link Shebang}, Linux {@code fs/binfmt_script.c} and {@code BINPRM_BUF_SIZE}), is
 *       resolved the same way, relative to the working directory when relative (the kernel opens it
 *       relative to the caller's cwd), up to 4 interpreters deep (the kernel gives up after 5
 *       rewrites, {@code fs/exec.c exec_binprm}).
 * </ol>
 *
 * Windows images are not resolved: their layers hold {@code Files/} and registry hives, and the
 * entrypoint lookup runs inside the Windows container.
 */
public final class EntrypointResolver {
  /**
   * How many bytes of the executed file are read: enough for ELF headers, program headers and
   * notes.
   */
  public static final int HEAD_BYTES = 64 * 1024;

  private static final int MAX_SYMLINKS = 40;
  private static final int MAX_INTERPRETERS = 4;

  /** Reads the first bytes of a file the index holds. */
  @FunctionalInterface
  public interface HeadReader {
    /**
     * The first up to {@code max} bytes of a regular file's contents, or null when the contents are
     * not available (a stream whose head budget ran out).
     */
    byte @Nullable [] head(FileNode file, int max) throws ImageArchiveException;
  }

  private EntrypointResolver() {}

  /**
   * Resolves the first executed file of an image.
   *
   * @param config the image configuration
   * @param fs the merged file-system index
   * @param reader reads a file's first bytes
   * @throws ImageArchiveException when reading the file's contents fails
   */
  public static EntrypointResolution resolve(
      ImageConfig config, ImageFileSystem fs, HeadReader reader) throws ImageArchiveException {
    List<String> argv = config.argv();
    if (config.os().equalsIgnoreCase("windows")) {
      return EntrypointResolution.unresolved(
          argv, null, null, "Windows image: the entrypoint is not resolved from the layers", null);
    }
    if (argv.isEmpty()) {
      return EntrypointResolution.unresolved(
          argv, null, null, "the image sets neither Entrypoint nor Cmd", StartProblem.NO_COMMAND);
    }
    String argv0 = argv.get(0);
    if (argv0.isEmpty()) {
      return EntrypointResolution.unresolved(
          argv, null, null, "the command's first word is empty", StartProblem.ENTRYPOINT_MISSING);
    }
    String cwd = ImagePaths.inRoot(config.workingDir().isEmpty() ? "/" : config.workingDir());
    String[] found = new String[2]; // resolved path, reason
    FileNode node;
    if (argv0.contains("/")) {
      String abs = argv0.startsWith("/") ? argv0 : ImagePaths.join(cwd, argv0);
      node = follow(fs, abs, found);
    } else {
      node = lookPath(fs, argv0, config.path(), cwd, found);
    }
    if (node == null) {
      return EntrypointResolution.unresolved(
          argv, null, null, found[1], StartProblem.ENTRYPOINT_MISSING);
    }
    String script = null;
    String interpreter = null;
    for (int level = 0; ; level++) {
      String path = found[0];
      String problem = checkFile(node, path);
      StartProblem kind =
          level > 0
              ? StartProblem.INTERPRETER_MISSING
              : node.kind() == FileNode.Kind.FILE
                  ? StartProblem.ENTRYPOINT_NOT_EXECUTABLE
                  : StartProblem.ENTRYPOINT_NOT_A_FILE;
      String prefix = level > 0 ? "interpreter of " + script + ": " : "";
      if (problem != null && node.kind() != FileNode.Kind.FILE) {
        return EntrypointResolution.unresolved(argv, script, interpreter, prefix + problem, kind);
      }
      byte[] head = reader.head(node, HEAD_BYTES);
      if (problem != null) {
        return new EntrypointResolution(
            argv, path, head, script, interpreter, prefix + problem, kind, null, null);
      }
      if (head == null) {
        return new EntrypointResolution(
            argv,
            path,
            null,
            script,
            interpreter,
            "the contents of " + path + " are not available (stream head budget spent)");
      }
      if (head.length < 2 || head[0] != '#' || head[1] != '!') {
        return isElf(head)
            ? withLoader(argv, path, head, script, interpreter, cwd, fs, reader)
            : new EntrypointResolution(argv, path, head, script, interpreter, null);
      }
      if (level == MAX_INTERPRETERS) {
        return EntrypointResolution.unresolved(
            argv,
            script,
            interpreter,
            "more than " + MAX_INTERPRETERS + " nested script interpreters, ending at " + path,
            StartProblem.INTERPRETER_INVALID);
      }
      String interp;
      try {
        interp = Shebang.parse(head).orElseThrow().interpreter();
      } catch (InvalidShebangException e) {
        return EntrypointResolution.unresolved(
            argv,
            script,
            interpreter,
            Shebang.NO_INTERPRETER.equals(e.getMessage())
                ? "script " + path + " has an empty #! line"
                : "script " + path + ": " + e.getMessage(),
            StartProblem.INTERPRETER_INVALID);
      }
      if (script == null) {
        script = path;
        interpreter = interp;
      }
      String abs = interp.startsWith("/") ? interp : ImagePaths.join(cwd, interp);
      node = follow(fs, abs, found);
      if (node == null) {
        return EntrypointResolution.unresolved(
            argv,
            script,
            interpreter,
            "interpreter of " + path + ": " + found[1],
            StartProblem.INTERPRETER_MISSING);
      }
    }
  }

  /**
   * The answer for an ELF file, with its program interpreter: the kernel opens {@code PT_INTERP}
   * with {@code open_exec} (fs/binfmt_elf.c {@code load_elf_binary}), so it must be an executable
   * regular file in the container's root (a relative one resolves against the working directory, as
   * any path the kernel opens does). A head too short to hold the program headers leaves the loader
   * unknown, not missing.
   */
  private static EntrypointResolution withLoader(
      List<String> argv,
      String path,
      byte[] head,
      @Nullable String script,
      @Nullable String interpreter,
      String cwd,
      ImageFileSystem fs,
      HeadReader reader)
      throws ImageArchiveException {
    String interp;
    try {
      interp = ElfInfo.parse(head, path).interpreter();
    } catch (ElfException e) {
      return new EntrypointResolution(argv, path, head, script, interpreter, null);
    }
    if (interp == null || interp.isEmpty()) {
      return new EntrypointResolution(argv, path, head, script, interpreter, null);
    }
    String[] found = new String[2];
    FileNode n = follow(fs, interp.startsWith("/") ? interp : ImagePaths.join(cwd, interp), found);
    String what = "the ELF interpreter (PT_INTERP) of " + path + ", ";
    if (n == null) {
      return new EntrypointResolution(
          argv,
          path,
          head,
          script,
          interpreter,
          what + found[1],
          StartProblem.LOADER_MISSING,
          null,
          null);
    }
    String problem = checkFile(n, found[0]);
    if (problem != null) {
      return new EntrypointResolution(
          argv,
          path,
          head,
          script,
          interpreter,
          what + problem,
          StartProblem.LOADER_MISSING,
          null,
          null);
    }
    return new EntrypointResolution(
        argv, path, head, script, interpreter, null, null, found[0], reader.head(n, HEAD_BYTES));
  }

  /** Whether bytes start with the ELF magic. */
  public static boolean isElf(byte @Nullable [] head) {
    return head != null
        && head.length >= 4
        && head[0] == 0x7f
        && head[1] == 'E'
        && head[2] == 'L'
        && head[3] == 'F';
  }

  private static @Nullable String checkFile(FileNode node, String path) {
    switch (node.kind()) {
      case FILE:
        return node.executable()
            ? null
            : path
                + " is not executable (mode "
                + String.format(java.util.Locale.ROOT, "%04o", node.mode())
                + "); the container would fail with permission denied";
      case DIRECTORY:
        return path + " is a directory";
      case BROKEN_HARDLINK:
        return path + " is a hard link to " + node.linkTarget() + ", which no layer holds";
      default:
        return path + " is not a regular file";
    }
  }

  private static @Nullable FileNode lookPath(
      ImageFileSystem fs, String name, String pathVar, String cwd, String[] found) {
    for (String dir : pathVar.split(":", -1)) {
      String d = dir.isEmpty() ? "." : dir; // an empty PATH element means the working directory
      String abs = d.startsWith("/") ? d : ImagePaths.join(cwd, d);
      FileNode n = follow(fs, ImagePaths.join(ImagePaths.inRoot(abs), name), found);
      if (n != null && n.kind() == FileNode.Kind.FILE && n.executable()) {
        return n;
      }
    }
    found[1] = "'" + name + "' is not an executable file in PATH " + pathVar;
    return null;
  }

  /**
   * Follows a path inside the image root; on success sets {@code out[0]} to the resolved path and
   * returns its node, else sets {@code out[1]} to the reason and returns null.
   */
  static @Nullable FileNode follow(ImageFileSystem fs, String path, String[] out) {
    Deque<String> todo = new ArrayDeque<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty()) {
        todo.addLast(p);
      }
    }
    String current = "/";
    int hops = 0;
    while (!todo.isEmpty()) {
      String c = todo.removeFirst();
      if (c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        current = ImagePaths.parent(current);
        continue;
      }
      String next = ImagePaths.join(current, c);
      FileNode n = fs.lookup(next).orElse(null);
      if (n == null) {
        out[1] =
            path
                + " does not exist in the image"
                + (next.equals(ImagePaths.inRoot(path)) ? "" : " (" + next + " is missing)");
        return null;
      }
      if (n.kind() == FileNode.Kind.SYMLINK) {
        if (++hops > MAX_SYMLINKS) {
          out[1] = path + ": too many levels of symbolic links";
          return null;
        }
        String target = n.linkTarget();
        if (target.isEmpty()) {
          out[1] = path + ": symbolic link " + next + " has an empty target";
          return null;
        }
        String[] parts = target.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
          if (!parts[i].isEmpty()) {
            todo.addFirst(parts[i]);
          }
        }
        if (target.startsWith("/")) {
          current = "/";
        }
        continue;
      }
      if (!todo.isEmpty() && n.kind() != FileNode.Kind.DIRECTORY) {
        out[1] = path + ": " + next + " is not a directory";
        return null;
      }
      current = next;
    }
    out[0] = current;
    return fs.lookup(current).orElseThrow();
  }
}
