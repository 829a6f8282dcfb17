package dev.canirundocker.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Tiny ELF files that carry a {@code .note.cuda.fwd_compatibility} note as NVIDIA's libcuda does:
 * the layout of nvidia-container-toolkit's testdata/compat/575.57.08/libcuda.so.575.57.08 (an ELF64
 * with the note in a SHT_NOTE section, name "NVIDIA Corporation", JSON description), built here
 * rather than copied; and the same note reachable only through a PT_NOTE program header, as in the
 * first 64 KiB of a linked library whose section headers lie at its end.
 */
public final class CudaLibs {
  private CudaLibs() {}

  /** The JSON of NVIDIA's 575.57.08 test library. */
  public static final String NOTE_575 =
      "{\"format\":1,\"CUDA version\":\"12.9\","
          + "\"driver\":[535,550,560,565,570,575],\"device\":[1,2,7,8,9,10,11,12,13,14]}";

  /** The JSON of NVIDIA's 590.44.01 test library. */
  public static final String NOTE_590 =
      "{\"format\":1,\"CUDA version\":\"13.1\","
          + "\"driver\":[535,550,570,575,580,590],\"device\":[1,2,7,8,9,10,11,12,13,14]}";

  /** An ELF64 little-endian shared object with the note in a section (no program headers). */
  public static byte[] withSection(String json) {
    byte[] note = note("NVIDIA Corporation", json);
    byte[] shstr =
        "\0.note.cuda.fwd_compatibility\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
    int noteOff = 64;
    int strOff = noteOff + note.length;
    int shOff = align(strOff + shstr.length, 8);
    ByteBuffer b = ByteBuffer.allocate(shOff + 3 * 64).order(ByteOrder.LITTLE_ENDIAN);
    header(b, 0, 0, shOff, 3, 2);
    b.position(noteOff);
    b.put(note);
    b.put(shstr);
    b.position(shOff + 64); // [0] is the null section
    section(b, 1, 7, noteOff, note.length, 4);
    section(b, 30, 3, strOff, shstr.length, 1);
    return b.array();
  }

  /** The same note reachable only through a PT_NOTE segment (section headers not in the bytes). */
  public static byte[] withSegment(String json) {
    byte[] gnu = note("GNU", "0123456789abcdef0123");
    byte[] nv = note("NVIDIA Corporation", json);
    int phOff = 64;
    int noteOff = phOff + 56;
    ByteBuffer b =
        ByteBuffer.allocate(noteOff + gnu.length + nv.length + 512).order(ByteOrder.LITTLE_ENDIAN);
    header(b, phOff, 1, 1 << 20, 40, 39); // section headers far beyond the head
    b.position(phOff);
    b.putInt(4)
        .putInt(4)
        .putLong(noteOff)
        .putLong(noteOff)
        .putLong(noteOff)
        .putLong(gnu.length + nv.length)
        .putLong(gnu.length + nv.length)
        .putLong(4);
    b.position(noteOff);
    b.put(gnu).put(nv);
    return b.array();
  }

  private static void header(
      ByteBuffer b, long phoff, int phnum, long shoff, int shnum, int shstrndx) {
    b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
    b.position(16);
    b.putShort((short) 3)
        .putShort((short) 62)
        .putInt(1)
        .putLong(0)
        .putLong(phoff)
        .putLong(shoff)
        .putInt(0)
        .putShort((short) 64)
        .putShort((short) 56)
        .putShort((short) phnum)
        .putShort((short) 64)
        .putShort((short) shnum)
        .putShort((short) shstrndx);
  }

  private static void section(ByteBuffer b, int name, int type, long off, long size, long align) {
    b.putInt(name)
        .putInt(type)
        .putLong(2)
        .putLong(0)
        .putLong(off)
        .putLong(size)
        .putInt(0)
        .putInt(0)
        .putLong(align)
        .putLong(0);
  }

  /** An elf(5) note: namesz, descsz, type 0, the name and description NUL-padded to 4 bytes. */
  static byte[] note(String name, String desc) {
    byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] d = desc.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(n.length).putInt(d.length).putInt(0);
    o.writeBytes(h.array());
    o.writeBytes(n);
    o.writeBytes(new byte[align(n.length, 4) - n.length]);
    o.writeBytes(d);
    o.writeBytes(new byte[align(d.length, 4) - d.length]);
    return o.toByteArray();
  }

  private static int align(int n, int a) {
    return (n + a - 1) / a * a;
  }
}
