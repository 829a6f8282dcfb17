package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BufferedInputTest {
  /** A source that hands out at most a few bytes per read, as a socket may. */
  private static InputStream trickle(byte[] data, Random r) {
    return new InputStream() {
      int at;

      @Override
      public int read() {
        return at < data.length ? data[at++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (at == data.length) {
          return -1;
        }
        int n = Math.min(Math.min(len, 1 + r.nextInt(300)), data.length - at);
        System.arraycopy(data, at, b, off, n);
        at += n;
        return n;
      }
    };
  }

  @Test
  void mixedSingleAndBlockReadsGiveTheSourceBytesInOrder() throws IOException {
    Random r = new Random(19);
    for (int round = 0; round < 200; round++) {
      byte[] data = new byte[r.nextInt(40_000)];
      r.nextBytes(data);
      DaemonConnection.BufferedInput in =
          new DaemonConnection.BufferedInput(trickle(data, r), 1 + r.nextInt(2048));
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      while (true) {
        if (r.nextBoolean()) {
          int c = in.read();
          if (c < 0) {
            break;
          }
          got.write(c);
        } else {
          // sometimes larger than the buffer: those reads skip it
          byte[] b = new byte[1 + r.nextInt(4096)];
          int off = r.nextInt(b.length);
          int n = in.read(b, off, b.length - off);
          if (n < 0) {
            break;
          }
          got.write(b, off, n);
        }
      }
      assertArrayEquals(data, got.toByteArray(), "round " + round);
      assertEquals(-1, in.read());
      assertEquals(0, in.read(new byte[4], 0, 0));
    }
  }

  @Test
  void refusesAnOutOfRangeSlice() {
    DaemonConnection.BufferedInput in =
        new DaemonConnection.BufferedInput(InputStream.nullInputStream(), 16);
    assertThrows(IndexOutOfBoundsException.class, () -> in.read(new byte[4], 3, 2));
  }
}
