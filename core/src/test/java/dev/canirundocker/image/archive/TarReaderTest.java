package dev.canirundocker.image.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.canirundocker.image.ArchiveLimits;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.testing.TestTar;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TarReaderTest {
  private static TarReader reader(byte[] tar) {
    return new TarReader(
        new ByteArrayInputStream(tar), "t", new ReadBudget(ArchiveLimits.DEFAULTS));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void ustarEntriesWithOffsetsAndContent() throws Exception {
    byte[] tar =
        new TestTar()
            .file("a/b.txt", utf8("hello"))
            .entry("a/l", '2', 0777, "b.txt", null)
            .entry("d/", '5', 0755, "", null)
            .entry("h", '1', 0644, "a/b.txt", null)
            .finish()
            .bytes();
    TarReader r = reader(tar);
    assertEquals(new TarEntry("a/b.txt", TarEntry.Type.FILE, "", 5, 0644, 512), r.next());
    assertArrayEquals(utf8("hello"), r.content().readAllBytes());
    assertEquals(new TarEntry("a/l", TarEntry.Type.SYMLINK, "b.txt", 0, 0777, 1536), r.next());
    assertEquals(new TarEntry("d/", TarEntry.Type.DIRECTORY, "", 0, 0755, 2048), r.next());
    assertEquals(new TarEntry("h", TarEntry.Type.HARDLINK, "a/b.txt", 0, 0644, 2560), r.next());
    assertNull(r.next());
    assertNull(r.next());
  }

  @Test
  void paxLongNamesAndLinks() throws Exception {
    String longName = "d/".repeat(80) + "file";
    String longLink = "t/".repeat(70) + "target";
    byte[] tar = new TestTar().entry(longName, '2', 0777, longLink, null).finish().bytes();
    TarEntry e = reader(tar).next();
    assertEquals(longName, e.name());
    assertEquals(longLink, e.linkName());
  }

  @Test
  void gnuLongNameAndBase256Size() throws Exception {
    String longName = "g/".repeat(90) + "x";
    byte[] name = utf8(longName + "\0");
    byte[] data = utf8("data!");
    byte[] h = TestTar.header("trunc", '0', 0644, "", data.length);
    // rewrite the size in GNU base-256 and fix the checksum
    Arrays.fill(h, 124, 136, (byte) 0);
    h[124] = (byte) 0x80;
    h[135] = (byte) data.length;
    fixChecksum(h);
    byte[] tar =
        new TestTar()
            .entry("././@LongLink", 'L', 0644, "", TestTar.Content.of(name))
            .raw(h)
            .raw(Arrays.copyOf(data, 512))
            .finish()
            .bytes();
    TarReader r = reader(tar);
    TarEntry e = r.next();
    assertEquals(longName, e.name());
    assertEquals(5, e.size());
    assertArrayEquals(data, r.content().readAllBytes());
    assertNull(r.next());
  }

  private static void fixChecksum(byte[] h) {
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    byte[] c = utf8(String.format("%06o\0 ", sum));
    System.arraycopy(c, 0, h, 148, 8);
  }

  @Test
  void oversizedLongNameIsRefused() {
    byte[] tar =
        new TestTar()
            .entry("././@LongLink", 'L', 0644, "", TestTar.Content.of(new byte[5000]))
            .finish()
            .bytes();
    ImageArchiveException e = assertThrows(ImageArchiveException.class, () -> reader(tar).next());
    assertEquals(
        "t: tar meta entry at offset 0 is 5000 bytes, more than the limit of 4097", e.getMessage());
  }

  @Test
  void badPaxRecord() {
    byte[] tar =
        new TestTar()
            .entry("p", 'x', 0644, "", TestTar.Content.of(utf8("99 path=x\n")))
            .finish()
            .bytes();
    ImageArchiveException e = assertThrows(ImageArchiveException.class, () -> reader(tar).next());
    assertEquals("t: invalid PAX header at offset 0", e.getMessage());
  }

  @Test
  void truncatedContentRead() throws Exception {
    byte[] tar = Arrays.copyOf(new TestTar().file("f", new byte[1000]).finish().bytes(), 700);
    TarReader r = reader(tar);
    r.next();
    ImageArchiveException e =
        assertThrows(ImageArchiveException.class, () -> r.content().readAllBytes());
    assertEquals("t: truncated tar (ended inside the data of entry 'f')", e.getMessage());
  }
}
