package dev.canirundocker.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream whose subclasses read in blocks only: the single-byte {@link #read()} is the
 * block read of one byte, so every bound, deadline and budget a subclass applies in {@link
 * #read(byte[], int, int)} holds for it too.
 */
public abstract class BlockInputStream extends InputStream {
  @Override
  public int read() throws IOException {
    byte[] b = new byte[1];
    return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
  }

  @Override
  public abstract int read(byte[] b, int off, int len) throws IOException;
}
