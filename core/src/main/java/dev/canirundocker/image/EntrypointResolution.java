package dev.canirundocker.image;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which file a container of an image would execute first, as {@link EntrypointResolver} found it.
 *
 * @param argv the command the container runs (entrypoint + cmd), possibly empty
 * @param path the file the kernel would finally load, absolute inside the image (for a script, its
 *     interpreter's binary), or null when it could not be found
 * @param head the first up to {@link EntrypointResolver#HEAD_BYTES} bytes of {@code path}, or null
 * @param script the script the command names when it is one ({@code #!}), else null
 * @param interpreter the interpreter as the script's {@code #!} line writes it ({@code /usr/bin/env}), else null
 * @param reason why the answer is incomplete (not found, not executable, contents unavailable), or
 *     null when {@code path} and {@code head} are the executed file and it is executable
 */
public record EntrypointResolution(List<String> argv, String path, byte[] head, String script,
    String interpreter, String reason) {

  public EntrypointResolution {
    argv = argv == null ? List.of() : List.copyOf(argv);
    head = head == null ? null : head.clone();
  }

  /** An answer without a file. */
  static EntrypointResolution unresolved(List<String> argv, String script, String interpreter,
      String reason) {
    return new EntrypointResolution(argv, null, null, script, interpreter, Objects.requireNonNull(reason));
  }

  /** Whether the executed file and its head were found, with nothing in the way. */
  public boolean resolved() {
    return reason == null;
  }

  /** Whether the head starts with the ELF magic {@code 7f 45 4c 46}. */
  public boolean isElf() {
    return EntrypointResolver.isElf(head);
  }

  /** The head, copied. */
  @Override
  public byte[] head() {
    return head == null ? null : head.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntrypointResolution r && argv.equals(r.argv) && Objects.equals(path, r.path)
        && Arrays.equals(head, r.head) && Objects.equals(script, r.script)
        && Objects.equals(interpreter, r.interpreter) && Objects.equals(reason, r.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(argv, path, Arrays.hashCode(head), script, interpreter, reason);
  }

  @Override
  public String toString() {
    return "EntrypointResolution[argv=" + argv + ", path=" + path + ", head="
        + (head == null ? "null" : head.length + " bytes") + ", script=" + script
        + ", interpreter=" + interpreter + ", reason=" + reason + "]";
  }
}
