package dev.canirundocker.image;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which file a container of an image would execute first, as {@link EntrypointResolver} found it.
 *
 * @param argv the command the container runs (entrypoint + cmd), possibly empty
 * @param path the file the kernel would finally load, absolute inside the image (for a script, its
 *     interpreter's binary), or null when it could not be found
 * @param head the first up to {@link EntrypointResolver#HEAD_BYTES} bytes of {@code path}, or null
 * @param script the script the command names when it is one ({@code #!}), else null
 * @param interpreter the interpreter as the script's {@code #!} line writes it ({@code
 *     /usr/bin/env}), else null
 * @param reason why the answer is incomplete (not found, not executable, contents unavailable), or
 *     null when {@code path} and {@code head} are the executed file and it is executable
 * @param problem when the reason means the image cannot start on any host, which; else null (also
 *     where the answer is only unknown, such as a stream whose head budget ran out)
 * @param loader the ELF program interpreter ({@code PT_INTERP}) of {@code path} as found in the
 *     image, symbolic links followed, or null (static binary, not ELF, not found)
 * @param loaderHead the first up to {@link EntrypointResolver#HEAD_BYTES} bytes of {@code loader},
 *     or null
 */
public record EntrypointResolution(
    List<String> argv,
    @Nullable String path,
    byte @Nullable [] head,
    @Nullable String script,
    @Nullable String interpreter,
    @Nullable String reason,
    @Nullable StartProblem problem,
    @Nullable String loader,
    byte @Nullable [] loaderHead) {

  public EntrypointResolution {
    argv = argv == null ? List.of() : List.copyOf(argv);
    head = head == null ? null : head.clone();
    loaderHead = loaderHead == null ? null : loaderHead.clone();
    if (problem != null) {
      Objects.requireNonNull(reason, "a problem needs its reason");
    }
  }

  /** An answer with no start problem and no loader. */
  public EntrypointResolution(
      List<String> argv,
      String path,
      byte @Nullable [] head,
      @Nullable String script,
      @Nullable String interpreter,
      @Nullable String reason) {
    this(argv, path, head, script, interpreter, reason, null, null, null);
  }

  /** An answer without a file. */
  static EntrypointResolution unresolved(
      List<String> argv,
      @Nullable String script,
      @Nullable String interpreter,
      String reason,
      @Nullable StartProblem problem) {
    return new EntrypointResolution(
        argv, null, null, script, interpreter, Objects.requireNonNull(reason), problem, null, null);
  }

  /** Whether the image cannot start on any host (see {@link #problem()}). */
  public boolean cannotStart() {
    return problem != null;
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
  public byte @Nullable [] head() {
    return head == null ? null : head.clone();
  }

  /** The loader's head, copied. */
  @Override
  public byte @Nullable [] loaderHead() {
    return loaderHead == null ? null : loaderHead.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntrypointResolution r
        && argv.equals(r.argv)
        && Objects.equals(path, r.path)
        && Arrays.equals(head, r.head)
        && Objects.equals(script, r.script)
        && Objects.equals(interpreter, r.interpreter)
        && Objects.equals(reason, r.reason)
        && problem == r.problem
        && Objects.equals(loader, r.loader)
        && Arrays.equals(loaderHead, r.loaderHead);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        argv,
        path,
        Arrays.hashCode(head),
        script,
        interpreter,
        reason,
        problem,
        loader,
        Arrays.hashCode(loaderHead));
  }

  @Override
  public String toString() {
    return "EntrypointResolution[argv="
        + argv
        + ", path="
        + path
        + ", head="
        + (head == null ? "null" : head.length + " bytes")
        + ", script="
        + script
        + ", interpreter="
        + interpreter
        + ", reason="
        + reason
        + ", problem="
        + problem
        + ", loader="
        + loader
        + "]";
  }
}
