package dev.canirundocker.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** A tiny ustar writer for CLI tests (core's TestTar lives in core's test sources). */
final class CliTar {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  CliTar entry(String name, char type, String link, byte[] data) {
    byte[] d = data == null ? new byte[0] : data;
    out.writeBytes(header(name, type, link, d.length));
    out.writeBytes(d);
    out.writeBytes(new byte[(512 - d.length % 512) % 512]);
    return this;
  }

  CliTar file(String name, byte[] data) {
    return entry(name, '0', "", data);
  }

  /** A regular file with the execute bits set (mode 0755), as an image's entrypoint has. */
  CliTar executable(String name, byte[] data) {
    out.writeBytes(header(name, '0', "", data.length, "0000755"));
    out.writeBytes(data);
    out.writeBytes(new byte[(512 - data.length % 512) % 512]);
    return this;
  }

  CliTar file(String name, String text) {
    return file(name, text.getBytes(StandardCharsets.UTF_8));
  }

  byte[] finish() {
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  Path write(Path file) {
    try {
      return Files.write(file, finish());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] header(String name, char type, String link, long size) {
    return header(name, type, link, size, "0000644");
  }

  /** A ustar header with the given octal mode ({@code 0000755} for an entrypoint binary). */
  static byte[] header(String name, char type, String link, long size, String mode) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, mode);
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, String.format("%011o", 1700000000L));
    h[156] = (byte) type;
    put(h, 157, link);
    put(h, 257, "ustar");
    h[263] = '0';
    h[264] = '0';
    checksum(h);
    return h;
  }

  private static void checksum(byte[] h) {
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
  }

  private static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, h, off, b.length);
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] gzip(byte[] b) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(o)) {
      g.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return o.toByteArray();
  }

  /**
   * A docker-save tar of one linux/amd64 image whose entrypoint is the amd64 probe binary, mode
   * 0755: without an execute bit docker run fails with permission denied.
   */
  static byte[] dockerSave(byte[] elf) {
    return dockerSave(elf, "amd64");
  }

  /** A docker-save tar of one image whose config declares linux/{@code arch}. */
  static byte[] dockerSave(byte[] elf, String arch) {
    // executable: a probe without the execute bit cannot start (docker run: permission denied)
    byte[] layer = probeLayer(elf);
    String lh = sha256(layer);
    byte[] config =
        ("{\"architecture\":\""
                + arch
                + "\",\"os\":\"linux\",\"config\":{\"Entrypoint\":[\"/probe\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
                + lh
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    String ch = sha256(config);
    return new CliTar()
        .file(lh + "/layer.tar", layer)
        .file(ch + ".json", config)
        .file(
            "manifest.json",
            "[{\"Config\":\""
                + ch
                + ".json\",\"RepoTags\":[\"t:1\"],\"Layers\":[\""
                + lh
                + "/layer.tar\"]}]")
        .finish();
  }

  /**
   * A docker-save tar of several linux/amd64 images, as {@code docker save a b c} writes it: one
   * manifest.json entry each, in order. {@code entrypoints[i]} is image i's entrypoint ("/probe"
   * exists in every image), {@code tags[i]} its RepoTag (null: untagged).
   */
  static byte[] dockerSaveOf(byte[] elf, String[] tags, String[] entrypoints) {
    byte[] layer = probeLayer(elf);
    String lh = sha256(layer);
    CliTar t = new CliTar().file(lh + "/layer.tar", layer);
    StringBuilder manifest = new StringBuilder("[");
    for (int i = 0; i < tags.length; i++) {
      byte[] config =
          ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":[\""
                  + entrypoints[i]
                  + "\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
                  + lh
                  + "\"]}}")
              .getBytes(StandardCharsets.UTF_8);
      String ch = sha256(config);
      t.file(ch + ".json", config);
      manifest
          .append(i == 0 ? "" : ",")
          .append("{\"Config\":\"")
          .append(ch)
          .append(".json\",\"RepoTags\":")
          .append(tags[i] == null ? "null" : "[\"" + tags[i] + "\"]")
          .append(",\"Layers\":[\"")
          .append(lh)
          .append("/layer.tar\"]}");
    }
    return t.file("manifest.json", manifest.append("]").toString()).finish();
  }

  /** The image ID of config {@code i} of {@link #dockerSaveOf}: the sha256 of its config. */
  static String configId(String entrypoint, byte[] elf) {
    String lh = sha256(probeLayer(elf));
    return "sha256:"
        + sha256(
            ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":[\""
                    + entrypoint
                    + "\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
                    + lh
                    + "\"]}}")
                .getBytes(StandardCharsets.UTF_8));
  }

  /** The layer of the probe images: {@code /probe}, executable. */
  static byte[] probeLayer(byte[] elf) {
    return new CliTar().executable("probe", elf).finish();
  }
}
