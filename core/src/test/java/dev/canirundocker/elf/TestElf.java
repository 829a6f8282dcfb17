package dev.canirundocker.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds small ELF files with chosen program headers and notes, for reader tests. */
public final class TestElf {
  private final boolean is64;
  private final boolean big;
  private final int machine;
  private int type = 3;
  private final List<Object[]> segments = new ArrayList<>(); // {type, align, bytes}

  public TestElf(boolean is64, boolean big, int machine) {
    this.is64 = is64;
    this.big = big;
    this.machine = machine;
  }

  public TestElf type(int t) {
    type = t;
    return this;
  }

  public TestElf segment(int ptype, int align, byte[] content) {
    segments.add(new Object[] {ptype, align, content});
    return this;
  }

  public TestElf interp(String path) {
    byte[] s = (path + "\0").getBytes(StandardCharsets.ISO_8859_1);
    return segment(3, 1, s);
  }

  /** A note segment ({@code PT_NOTE} 4 or {@code PT_GNU_PROPERTY}) of one or more notes. */
  public TestElf notes(int ptype, int align, byte[]... notes) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] n : notes) {
      o.writeBytes(n);
    }
    return segment(ptype, align, o.toByteArray());
  }

  ByteBuffer buf(int size) {
    return ByteBuffer.allocate(size).order(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
  }

  /** One note: header, name, descriptor; name and descriptor each padded to {@code align}. */
  public byte[] note(String name, int ntype, int align, byte[] desc) {
    byte[] nm = (name + "\0").getBytes(StandardCharsets.ISO_8859_1);
    int descOff = pad(12 + nm.length, align); // gABI: desc aligned from the note's start
    ByteBuffer b = buf(descOff + pad(desc.length, align));
    b.putInt(nm.length).putInt(desc.length).putInt(ntype).put(nm);
    b.position(descOff);
    b.put(desc);
    return b.array();
  }

  byte[] words(int... w) {
    ByteBuffer b = buf(w.length * 4);
    for (int x : w) {
      b.putInt(x);
    }
    return b.array();
  }

  /** NT_GNU_PROPERTY_TYPE_0 descriptor with one 4-byte property, padded to 8 (64) or 4 (32). */
  public byte[] property(int prType, int value) {
    ByteBuffer b = buf(is64 ? 16 : 12);
    b.putInt(prType).putInt(4).putInt(value);
    return b.array();
  }

  static int pad(int v, int a) {
    return (v + a - 1) / a * a;
  }

  public byte[] build() {
    int eh = is64 ? 64 : 52;
    int ph = is64 ? 56 : 32;
    int off = pad(eh + ph * segments.size(), 8);
    int[] offs = new int[segments.size()];
    int end = off;
    for (int i = 0; i < segments.size(); i++) {
      offs[i] = end;
      end = pad(end + ((byte[]) segments.get(i)[2]).length, 8);
    }
    ByteBuffer b = buf(end);
    b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (big ? 2 : 1), 1, 0});
    b.position(16);
    b.putShort((short) type).putShort((short) machine).putInt(1);
    if (is64) {
      b.putLong(0x1000).putLong(eh).putLong(0);
    } else {
      b.putInt(0x1000).putInt(eh).putInt(0);
    }
    b.putInt(0)
        .putShort((short) eh)
        .putShort((short) ph)
        .putShort((short) segments.size())
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) 0);
    for (int i = 0; i < segments.size(); i++) {
      Object[] s = segments.get(i);
      int len = ((byte[]) s[2]).length;
      if (is64) {
        b.putInt((Integer) s[0])
            .putInt(4)
            .putLong(offs[i])
            .putLong(offs[i])
            .putLong(offs[i])
            .putLong(len)
            .putLong(len)
            .putLong((Integer) s[1]);
      } else {
        b.putInt((Integer) s[0])
            .putInt(offs[i])
            .putInt(offs[i])
            .putInt(offs[i])
            .putInt(len)
            .putInt(len)
            .putInt(4)
            .putInt((Integer) s[1]);
      }
    }
    for (int i = 0; i < segments.size(); i++) {
      b.position(offs[i]);
      b.put((byte[]) segments.get(i)[2]);
    }
    return b.array();
  }

  /**
   * A 64-bit x86 executable whose program interpreter is {@code interp} and, when {@code isaBits}
   * is not 0, whose GNU property note asks for those GNU_PROPERTY_X86_ISA_1 bits (0x2 = x86-64-v2).
   */
  public static byte[] dynamicX86_64(String interp, int isaBits) {
    TestElf t = new TestElf(true, false, 62).type(2).interp(interp);
    if (isaBits != 0) {
      t.notes(0x6474e553, 8, t.note("GNU", 5, 8, t.property(0xc0008002, isaBits)));
    }
    return t.build();
  }

  /** A 64-bit x86 shared object (a loader) whose GNU property note asks for {@code isaBits}. */
  public static byte[] loaderX86_64(int isaBits) {
    TestElf t = new TestElf(true, false, 62).type(3);
    t.notes(0x6474e553, 8, t.note("GNU", 5, 8, t.property(0xc0008002, isaBits)));
    return t.build();
  }
}
