package dev.canirundocker.elf;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code #!} line of a script, read the way the Linux kernel reads it (fs/binfmt_script.c
 * {@code load_script}): the interpreter path and at most one argument, which is the whole rest of
 * the line and is not split on spaces.
 *
 * <p>The kernel sees only the first {@link #BUF_SIZE} bytes ({@code BINPRM_BUF_SIZE}, 256 since
 * Linux 5.1); a carriage return is not whitespace to it, so a script saved with CRLF line ends
 * names an interpreter such as {@code "/bin/sh\r"} that does not exist, and that is what this
 * parser returns.
 *
 * @param interpreter the interpreter path, as written ({@code /bin/sh}, {@code /usr/bin/env})
 * @param argument the optional argument ({@code python3} in {@code #!/usr/bin/env python3}), or
 *     null
 */
public record Shebang(String interpreter, @Nullable String argument) {

  /** How many leading bytes of a file the kernel looks at ({@code BINPRM_BUF_SIZE}). */
  public static final int BUF_SIZE = 256;

  /** The message of a {@code #!} line that names no interpreter. */
  public static final String NO_INTERPRETER = "invalid #! line: no interpreter named";

  public Shebang {
    Objects.requireNonNull(interpreter, "interpreter");
  }

  /**
   * Parses the start of a file.
   *
   * @return empty when the file does not start with {@code #!} (it is not a script)
   * @throws InvalidShebangException when it starts with {@code #!} but the kernel would refuse it
   *     with ENOEXEC: no interpreter, or an interpreter path cut off by the 256-byte buffer
   */
  public static Optional<Shebang> parse(byte[] head) {
    if (head == null || head.length < 2 || head[0] != '#' || head[1] != '!') {
      return Optional.empty();
    }
    // the kernel's buffer: the file's first 256 bytes, NUL-padded when the file is shorter
    byte[] buf = new byte[BUF_SIZE];
    System.arraycopy(head, 0, buf, 0, Math.min(head.length, BUF_SIZE));
    int bufEnd = BUF_SIZE - 1;
    int end = newline(buf);
    if (end < 0) {
      int first = nextNonSpaceTab(buf, 2, bufEnd);
      if (first < 0) {
        throw new InvalidShebangException(
            "invalid #! line: only spaces in the first " + BUF_SIZE + " bytes");
      }
      if (nextTerminator(buf, first, bufEnd) < 0) {
        throw new InvalidShebangException(
            "invalid #! line: interpreter path longer than the "
                + "kernel's "
                + BUF_SIZE
                + "-byte buffer");
      }
      end = bufEnd;
    }
    while (end > 2 && spaceTab(buf[end - 1])) {
      end--;
    }
    int name = nextNonSpaceTab(buf, 2, end);
    if (name < 0 || name == end || buf[name] == 0) {
      throw new InvalidShebangException(NO_INTERPRETER);
    }
    int sep = nextTerminator(buf, name, end);
    String interpreter = cString(buf, name, sep < 0 ? end : sep);
    String argument = null;
    if (sep >= 0 && buf[sep] != 0) {
      int arg = nextNonSpaceTab(buf, sep, end);
      if (arg >= 0) {
        String a = cString(buf, arg, end);
        argument = a.isEmpty() ? null : a;
      }
    }
    return Optional.of(new Shebang(interpreter, argument));
  }

  /** The first '\n' before any NUL (the kernel's strnchr stops at NUL), or -1. */
  private static int newline(byte[] buf) {
    for (int i = 0; i < buf.length && buf[i] != 0; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static boolean spaceTab(byte c) {
    return c == ' ' || c == '\t';
  }

  private static int nextNonSpaceTab(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!spaceTab(buf[i])) {
        return i;
      }
    }
    return -1;
  }

  private static int nextTerminator(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (spaceTab(buf[i]) || buf[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String cString(byte[] buf, int from, int to) {
    int e = from;
    while (e < to && buf[e] != 0) {
      e++;
    }
    return new String(buf, from, e - from, StandardCharsets.ISO_8859_1);
  }

  @Override
  public String toString() {
    return argument == null ? "#!" + interpreter : "#!" + interpreter + " " + argument;
  }
}
