package dev.canirundocker.elf;

import dev.canirundocker.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code .note.cuda.fwd_compatibility} ELF note of a {@code libcuda.so.<version>}: which CUDA
 * version the library implements and, for the forward-compatibility libraries of an image ({@code
 * /usr/local/cuda/compat}), which driver branches it runs on. Read without loading the library.
 *
 * <p>The format follows NVIDIA's own reader (nvidia-container-toolkit {@code
 * cmd/nvidia-cdi-hook/cudacompat/cuda-elf-header.go}, the equivalent of {@code readelf -p
 * .note.cuda.fwd_compatibility}): an ELF note (elf(5) {@code Nhdr}: 4-byte namesz, descsz and type
 * in the file's byte order) whose name is {@code NVIDIA Corporation} and whose description is JSON
 * such as {@code {"format":1,"CUDA
 * version":"12.9","driver":[535,550,560,565,570,575],"device":[1,2,7,...]}}; NUL padding is
 * trimmed, and the JSON keys match case-insensitively as Go's encoding/json does. The note is found
 * by section name where the section headers are in the bytes given; otherwise in the {@code
 * PT_NOTE} segments (the note is allocated, so a linked library maps it near its start), which
 * makes the first 64 KiB of a library enough.
 *
 * @param format the note's format number (1)
 * @param cudaVersion the CUDA version the library implements ({@code 12.9}), or null
 * @param driverBranches the driver branches the library supports as a compat library (may be empty)
 * @param devices NVIDIA's device generation numbers the library supports (may be empty)
 */
public record CudaCompatNote(
    int format, @Nullable String cudaVersion, List<Integer> driverBranches, List<Integer> devices) {
  /** The section NVIDIA names the note in. */
  public static final String SECTION = ".note.cuda.fwd_compatibility";

  private static final String OWNER = "NVIDIA Corporation";
  private static final int SHT_NOTE = 7;
  private static final int PT_NOTE = 4;

  public CudaCompatNote {
    driverBranches = List.copyOf(driverBranches);
    devices = List.copyOf(devices);
  }

  /**
   * The note of an ELF file given as its first bytes (or all of it).
   *
   * @param name names the file in messages
   * @param bytes the file's first bytes
   * @return the note, or empty where the file has none (or none within {@code bytes})
   * @throws ElfException naming the file when it is not ELF, or the note is not NVIDIA's JSON
   */
  public static Optional<CudaCompatNote> read(String name, byte[] bytes) {
    Elf e = new Elf(name, bytes);
    // sections first, as NVIDIA reads it; then the program headers of a truncated head
    if (e.shoff > 0
        && e.shnum > 0
        && e.fits(e.shoff, (long) e.shnum * e.shentsize)
        && e.shstrndx < e.shnum) {
      long strOff = e.sectionOffset(e.shstrndx);
      long strSize = e.sectionSize(e.shstrndx);
      for (int i = 0; i < e.shnum; i++) {
        if (e.u32(e.sh(i) + 4) != SHT_NOTE) {
          continue;
        }
        String secName = e.cString(strOff, strSize, e.u32(e.sh(i)));
        if (SECTION.equals(secName)) {
          long align = e.is64 ? e.u64(e.sh(i) + 48) : e.u32(e.sh(i) + 32);
          Optional<CudaCompatNote> n = e.notes(e.sectionOffset(i), e.sectionSize(i), align);
          if (n.isPresent()) {
            return n;
          }
        }
      }
    }
    for (int i = 0; i < e.phnum; i++) {
      long ph = e.phoff + (long) i * e.phentsize;
      if (!e.fits(ph, e.phentsize) || e.u32(ph) != PT_NOTE) {
        continue;
      }
      long off = e.is64 ? e.u64(ph + 8) : e.u32(ph + 4);
      long size = e.is64 ? e.u64(ph + 32) : e.u32(ph + 16);
      long align = e.is64 ? e.u64(ph + 48) : e.u32(ph + 28);
      if (e.fits(off, size)) {
        Optional<CudaCompatNote> n = e.notes(off, size, align);
        if (n.isPresent()) {
          return n;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The note's JSON description.
   *
   * @throws ElfException naming the file when it is not a JSON object of that shape
   */
  static CudaCompatNote parseJson(String name, String json) {
    Map<String, Object> m;
    try {
      m = Json.parseObject(json);
    } catch (RuntimeException x) {
      throw new ElfException(name + ": " + SECTION + " is not JSON: " + x.getMessage());
    }
    Object format = get(m, "format");
    Object cuda = get(m, "CUDA version");
    if (cuda != null && !(cuda instanceof String)) {
      throw new ElfException(name + ": " + SECTION + ": \"CUDA version\" is not a string");
    }
    return new CudaCompatNote(
        format instanceof Number f ? f.intValue() : 0,
        (String) cuda,
        ints(name, get(m, "driver")),
        ints(name, get(m, "device")));
  }

  private static @Nullable Object get(Map<String, Object> m, String key) {
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
        return e.getValue();
      }
    }
    return null;
  }

  private static List<Integer> ints(String name, @Nullable Object v) {
    List<Integer> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof List<?> l)) {
      throw new ElfException(name + ": " + SECTION + ": expected an array of numbers");
    }
    for (Object o : l) {
      if (!(o instanceof Number n)) {
        throw new ElfException(name + ": " + SECTION + ": expected an array of numbers");
      }
      out.add(n.intValue());
    }
    return out;
  }

  /** Bounds-checked reads of an ELF file's first bytes. */
  private static final class Elf {
    final String name;
    final byte[] b;
    final boolean is64;
    final boolean little;
    final long phoff;
    final int phentsize;
    final int phnum;
    final long shoff;
    final int shentsize;
    final int shnum;
    final int shstrndx;

    Elf(String name, byte[] b) {
      this.name = name;
      this.b = b;
      if (b.length < 52 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
        throw new ElfException(name + ": not an ELF file");
      }
      if ((b[4] != 1 && b[4] != 2) || (b[5] != 1 && b[5] != 2)) {
        throw new ElfException(name + ": unknown ELF class or byte order");
      }
      is64 = b[4] == 2;
      little = b[5] == 1;
      if (is64 && b.length < 64) {
        throw new ElfException(name + ": truncated ELF header");
      }
      phoff = is64 ? u64(32) : u32(28);
      shoff = is64 ? u64(40) : u32(32);
      phentsize = u16(is64 ? 54 : 42);
      phnum = u16(is64 ? 56 : 44);
      shentsize = u16(is64 ? 58 : 46);
      shnum = u16(is64 ? 60 : 48);
      shstrndx = u16(is64 ? 62 : 50);
    }

    boolean fits(long off, long len) {
      return off >= 0 && len >= 0 && off <= b.length && len <= b.length - off;
    }

    long sh(int i) {
      return shoff + (long) i * shentsize;
    }

    long sectionOffset(int i) {
      return is64 ? u64(sh(i) + 24) : u32(sh(i) + 16);
    }

    long sectionSize(int i) {
      return is64 ? u64(sh(i) + 32) : u32(sh(i) + 20);
    }

    @Nullable String cString(long tableOff, long tableSize, long at) {
      if (at >= tableSize || !fits(tableOff, tableSize)) {
        return null;
      }
      int start = (int) (tableOff + at);
      int end = start;
      while (end < tableOff + tableSize && b[end] != 0) {
        end++;
      }
      return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** The first NVIDIA note among the notes in [off, off + size). */
    Optional<CudaCompatNote> notes(long off, long size, long align) {
      long a = align < 4 ? 4 : align;
      long p = off;
      long end = off + size;
      while (p + 12 <= end && fits(p, 12)) {
        long namesz = u32(p);
        long descsz = u32(p + 4);
        long nameAt = p + 12;
        long descAt = nameAt + up(namesz, a);
        long next = descAt + up(descsz, a);
        if (namesz == 0
            || descsz == 0
            || next > end
            || !fits(nameAt, namesz)
            || !fits(descAt, descsz)) {
          return Optional.empty();
        }
        String owner = trimNul(nameAt, namesz);
        if (owner.equals(OWNER)) {
          String desc = trimNul(descAt, descsz);
          if (desc.startsWith("{")) {
            return Optional.of(parseJson(name, desc));
          }
        }
        p = next;
      }
      return Optional.empty();
    }

    private static long up(long n, long a) {
      return (n + a - 1) / a * a;
    }

    private String trimNul(long at, long len) {
      int s = (int) at;
      int e = (int) (at + len);
      while (s < e && b[s] == 0) {
        s++;
      }
      while (e > s && b[e - 1] == 0) {
        e--;
      }
      return new String(b, s, e - s, StandardCharsets.UTF_8);
    }

    int u16(long at) {
      check(at, 2);
      int x = b[(int) at] & 0xff;
      int y = b[(int) at + 1] & 0xff;
      return little ? x | y << 8 : x << 8 | y;
    }

    long u32(long at) {
      check(at, 4);
      long v = 0;
      for (int i = 0; i < 4; i++) {
        long c = b[(int) at + i] & 0xffL;
        v |= little ? c << (8 * i) : c << (8 * (3 - i));
      }
      return v;
    }

    long u64(long at) {
      check(at, 8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        long c = b[(int) at + i] & 0xffL;
        v |= little ? c << (8 * i) : c << (8 * (7 - i));
      }
      if (v < 0) {
        throw new ElfException(name + ": offset out of range");
      }
      return v;
    }

    private void check(long at, int n) {
      if (!fits(at, n)) {
        throw new ElfException(name + ": truncated ELF data at offset " + at);
      }
    }
  }
}
