package dev.canirundocker.elf;

/**
 * Raised for a file that starts with {@code #!} but that the kernel would refuse to run as a script
 * (fs/binfmt_script.c returns ENOEXEC): no interpreter named, or an interpreter path cut off by the
 * end of the kernel's 256-byte buffer. The message is one line and names the problem.
 */
public class InvalidShebangException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidShebangException(String message) {
    super(dev.canirundocker.text.Text.oneLine(message));
  }
}
