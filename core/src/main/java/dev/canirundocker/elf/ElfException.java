package dev.canirundocker.elf;

/**
 * Raised when bytes are not an ELF file this reader can make sense of. The message is one line and
 * names the input and the problem ({@code "/bin/x: truncated ELF header: 30 of 64 bytes"}).
 */
public class ElfException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ElfException(String message) {
    super(dev.canirundocker.text.Text.oneLine(message));
  }
}
