package dev.canirundocker.image;

/**
 * Why a container of an image cannot start on any host: what {@code docker run} would fail on
 * before the image's own code runs. Each is decided from the image alone (its config and merged
 * file system), so no host fixes it.
 */
public enum StartProblem {
  /**
   * Neither Entrypoint nor Cmd: the daemon refuses with "No command specified" (moby
   * daemon/create.go).
   */
  NO_COMMAND("image.command.none"),
  /** The command's file does not exist (or is not in PATH): runc's exec fails with ENOENT. */
  ENTRYPOINT_MISSING("image.entrypoint.missing"),
  /** The command's file has no execute bit: execve(2) fails with EACCES, even for root. */
  ENTRYPOINT_NOT_EXECUTABLE("image.entrypoint.not-executable"),
  /** The command's path is a directory, a device, or a hard link to nothing: execve(2) fails. */
  ENTRYPOINT_NOT_A_FILE("image.entrypoint.not-a-file"),
  /** A script's {@code #!} interpreter is missing or cannot be executed (fs/binfmt_script.c). */
  INTERPRETER_MISSING("image.interpreter.missing"),
  /** A {@code #!} line the kernel refuses (ENOEXEC), or scripts nested deeper than it follows. */
  INTERPRETER_INVALID("image.interpreter.invalid"),
  /**
   * A dynamic ELF whose program interpreter ({@code PT_INTERP}, e.g. {@code
   * /lib/ld-musl-x86_64.so.1}) is missing or not an executable regular file: fs/binfmt_elf.c {@code
   * load_elf_binary} opens it with {@code open_exec} and fails with ENOENT or EACCES, which the
   * user sees as "no such file or directory" for a file that exists.
   */
  LOADER_MISSING("image.loader.missing");

  private final String findingId;

  StartProblem(String findingId) {
    this.findingId = findingId;
  }

  /** The id of the {@code fail} finding that reports it. */
  public String findingId() {
    return findingId;
  }
}
