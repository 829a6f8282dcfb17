package dev.canirundocker.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A minimal tar writer for tests: ustar headers (as Go's archive/tar writes them), a PAX header for
 * names longer than 100 bytes, and content made of byte segments and zero runs, so a test can put a
 * 200 MB file in an archive as a hole in a sparse file.
 */
public final class TestTar {
  /** Content: byte arrays and zero runs ({@link Long}). */
  public static final class Content {
    final List<Object> parts = new ArrayList<>();
    long size;

    public static Content of(byte[] b) {
      Content c = new Content();
      c.add(b);
      return c;
    }

    public Content add(byte[] b) {
      parts.add(b.clone());
      size += b.length;
      return this;
    }

    public Content zeros(long n) {
      parts.add(n);
      size += n;
      return this;
    }

    public long size() {
      return size;
    }

    /** The bytes, zero runs materialized (only for small content). */
    public byte[] bytes() {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      try {
        writeTo(o);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return o.toByteArray();
    }

    void writeTo(OutputStream o) throws IOException {
      byte[] zero = new byte[65536];
      for (Object p : parts) {
        if (p instanceof byte[] b) {
          o.write(b);
        } else {
          long n = (Long) p;
          while (n > 0) {
            int k = (int) Math.min(n, zero.length);
            o.write(zero, 0, k);
            n -= k;
          }
        }
      }
    }

    /** sha256 of the content, {@code sha256:<hex>}. */
    public String digest() {
      MessageDigest md;
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      try {
        writeTo(
            new OutputStream() {
              @Override
              public void write(int b) {
                md.update((byte) b);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                md.update(b, off, len);
              }
            });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    /** This content gzip-compressed (materializes zero runs). */
    public Content gzip() {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      try (GZIPOutputStream g = new GZIPOutputStream(o)) {
        writeTo(g);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return of(o.toByteArray());
    }
  }

  private final Content out = new Content();

  /** Appends an entry. {@code type} is the tar typeflag ('0', '2', '5', '1', ...). */
  public TestTar entry(String name, char type, int mode, String link, Content data) {
    long size = data == null ? 0 : data.size();
    boolean longName =
        name.getBytes(StandardCharsets.UTF_8).length > 100
            || link.getBytes(StandardCharsets.UTF_8).length > 100;
    if (longName) {
      StringBuilder pax = new StringBuilder();
      pax.append(record("path", name));
      if (!link.isEmpty()) {
        pax.append(record("linkpath", link));
      }
      byte[] p = pax.toString().getBytes(StandardCharsets.UTF_8);
      out.add(header("PaxHeaders/x", 'x', 0644, "", p.length));
      out.add(p);
      out.add(new byte[pad(p.length)]);
    }
    out.add(
        header(
            longName ? truncate(name) : name, type, mode, longName ? truncate(link) : link, size));
    if (data != null) {
      out.parts.addAll(data.parts);
      out.size += data.size();
      out.add(new byte[pad(size)]);
    }
    return this;
  }

  /** A raw 512-byte block, for hostile tests. */
  public TestTar raw(byte[] block) {
    out.add(block);
    return this;
  }

  public TestTar file(String name, byte[] data) {
    return entry(name, '0', 0644, "", Content.of(data));
  }

  /** Ends the archive (two zero blocks) and returns its content. */
  public Content finish() {
    out.add(new byte[1024]);
    return out;
  }

  private static String truncate(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return b.length <= 100
        ? s
        : new String(b, 0, 100, StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", "_");
  }

  private static String record(String k, String v) {
    String body = " " + k + "=" + v + "\n";
    int len = body.getBytes(StandardCharsets.UTF_8).length;
    int total = len + String.valueOf(len).length();
    if (String.valueOf(total).length() != String.valueOf(len).length()) {
      total++;
    }
    return total + body;
  }

  static int pad(long size) {
    long r = size % 512;
    return r == 0 ? 0 : (int) (512 - r);
  }

  /** A ustar header block with a correct checksum. */
  public static byte[] header(String name, char type, int mode, String link, long size) {
    byte[] h = new byte[512];
    put(h, 0, 100, name);
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, 1700000000L);
    h[156] = (byte) type;
    put(h, 157, 100, link);
    put(h, 257, 6, "ustar");
    h[262] = 0;
    h[263] = '0';
    h[264] = '0';
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    h[155] = ' ';
    return h;
  }

  private static void put(byte[] h, int off, int len, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, h, off, Math.min(len, b.length));
  }

  private static void octal(byte[] h, int off, int len, long v) {
    String s = Long.toOctalString(v);
    while (s.length() < len - 1) {
      s = "0" + s;
    }
    put(h, off, len - 1, s);
    h[off + len - 1] = 0;
  }

  /** Writes content to a file, zero runs as holes (cheap even for hundreds of megabytes). */
  public static Path write(Content c, Path file) {
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      long pos = 0;
      for (Object p : c.parts) {
        if (p instanceof byte[] b) {
          ByteBuffer bb = ByteBuffer.wrap(b);
          while (bb.hasRemaining()) {
            pos += ch.write(bb, pos);
          }
        } else {
          pos += (Long) p;
        }
      }
      if (ch.size() < pos) {
        // a trailing hole: extend the file by writing its last byte (a zero)
        ch.write(ByteBuffer.wrap(new byte[1]), pos - 1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
