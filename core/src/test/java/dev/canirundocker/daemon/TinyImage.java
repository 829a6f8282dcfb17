package dev.canirundocker.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds a docker-save archive (moby image/tarexport: manifest.json, the config blob, one layer
 * tar) for an image with a chosen platform, small enough to load in a test. Also reads tar entry
 * names back.
 */
final class TinyImage {
  private TinyImage() {}

  /**
   * Writes a docker-save tar with one layer holding {@code /x}.
   *
   * @return the image id ({@code sha256:} of the config)
   */
  static String write(Path tar, String tag, String os, String arch, String variant)
      throws IOException {
    byte[] layer = tar(List.of(new Entry("x", "#!/bin/true\n".getBytes(StandardCharsets.UTF_8))));
    String layerSha = sha256(layer);
    String config =
        "{\"architecture\":\""
            + arch
            + "\",\"os\":\""
            + os
            + "\""
            + (variant.isEmpty() ? "" : ",\"variant\":\"" + variant + "\"")
            + ",\"config\":{\"Entrypoint\":[\"/x\"],\"Cmd\":[\"a\"],\"User\":\"1000:1000\","
            + "\"Env\":[\"PATH=/\",\"NVIDIA_REQUIRE_CUDA=cuda>=12.0\"],\"WorkingDir\":\"/w\","
            + "\"Labels\":{\"org.example\":\""
            + tag
            + "\"}},"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
            + layerSha
            + "\"]}}";
    byte[] cfg = config.getBytes(StandardCharsets.UTF_8);
    String cfgSha = sha256(cfg);
    String manifest =
        "[{\"Config\":\""
            + cfgSha
            + ".json\",\"RepoTags\":[\""
            + tag
            + "\"],"
            + "\"Layers\":[\""
            + layerSha
            + "/layer.tar\"]}]";
    Files.write(
        tar,
        tar(
            List.of(
                new Entry(cfgSha + ".json", cfg),
                new Entry(layerSha + "/layer.tar", layer),
                new Entry("manifest.json", manifest.getBytes(StandardCharsets.UTF_8)))));
    return "sha256:" + cfgSha;
  }

  record Entry(String name, byte[] data) {}

  /** A ustar archive (POSIX.1-1988 header layout) of regular files. */
  static byte[] tar(List<Entry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Entry e : entries) {
      byte[] h = new byte[512];
      put(h, 0, e.name());
      put(h, 100, "0000755");
      put(h, 108, "0000000");
      put(h, 116, "0000000");
      put(h, 124, String.format("%011o", e.data().length));
      put(h, 136, String.format("%011o", 0));
      h[156] = '0';
      put(h, 257, "ustar");
      h[263] = '0';
      h[264] = '0';
      for (int i = 148; i < 156; i++) {
        h[i] = ' ';
      }
      int sum = 0;
      for (byte b : h) {
        sum += b & 0xff;
      }
      put(h, 148, String.format("%06o", sum));
      h[154] = 0;
      out.writeBytes(h);
      out.writeBytes(e.data());
      out.writeBytes(new byte[(512 - e.data().length % 512) % 512]);
    }
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  private static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
  }

  /** The entry names of a tar stream, read to its end. */
  static List<String> names(InputStream in) throws IOException {
    List<String> out = new ArrayList<>();
    while (true) {
      byte[] h = in.readNBytes(512);
      if (h.length < 512 || h[0] == 0) {
        in.transferTo(OutputStreamSink.INSTANCE);
        return out;
      }
      int end = 0;
      while (end < 100 && h[end] != 0) {
        end++;
      }
      out.add(new String(h, 0, end, StandardCharsets.UTF_8));
      long size = Long.parseLong(new String(h, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
      in.skipNBytes(size + (512 - size % 512) % 512);
    }
  }

  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
