// Benchmark fixtures, written by the benchmark itself (see cli/bench/run):
//   java -cp cli/target/can-i-run-docker.jar cli/bench/GenImages.java images OUT.tar COUNT
//     one docker-save tar with COUNT distinct images (distinct configs) sharing one tiny layer
//   java -cp cli/target/can-i-run-docker.jar cli/bench/GenImages.java archive OUT.tar BULK_BYTES
//     one image whose lower layer holds BULK_BYTES of data and whose top layer holds the entrypoint
import dev.canirundocker.host.exec.ProbeBinaries;
import dev.canirundocker.platform.Platform;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.MessageDigest;
import java.util.*;

public class GenImages {
  static final byte[] PROBE = ProbeBinaries.forPlatform(Platform.parse("linux/amd64"));

  public static void main(String[] a) throws Exception {
    Path out = Path.of(a[1]);
    if (a[0].equals("images")) {
      images(out, Integer.parseInt(a[2]));
    } else {
      archive(out, Long.parseLong(a[2]));
    }
  }

  static void images(Path out, int n) throws Exception {
    byte[] layer = layerTar(Map.of("probe", PROBE));
    String layerHex = hex(sha(layer));
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
      entry(o, layerHex + "/layer.tar", layer);
      StringBuilder manifest = new StringBuilder("[");
      for (int i = 0; i < n; i++) {
        byte[] cfg = config(layerHex, "bench=" + i).getBytes(StandardCharsets.UTF_8);
        String cfgHex = hex(sha(cfg));
        entry(o, cfgHex + ".json", cfg);
        manifest.append(i == 0 ? "" : ",").append("{\"Config\":\"").append(cfgHex)
            .append(".json\",\"RepoTags\":[\"cird-bench/img-").append(i).append(":1\"],\"Layers\":[\"")
            .append(layerHex).append("/layer.tar\"]}");
      }
      entry(o, "manifest.json", manifest.append("]").toString().getBytes(StandardCharsets.UTF_8));
      o.write(new byte[1024]);
    }
  }

  static void archive(Path out, long bulk) throws Exception {
    Path bulkLayer = Files.createTempFile("cird-bulk", ".tar");
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (OutputStream o = new BufferedOutputStream(new java.security.DigestOutputStream(
          Files.newOutputStream(bulkLayer), md), 1 << 20)) {
        o.write(header("data/blob", bulk, '0'));
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        for (long left = bulk; left > 0; left -= chunk.length) {
          o.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
        o.write(new byte[pad(bulk)]);
        o.write(new byte[1024]);
      }
      String bulkHex = hex(md.digest());
      byte[] top = layerTar(Map.of("probe", PROBE));
      String topHex = hex(sha(top));
      byte[] cfg = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":[\"/probe\"]},"
          + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + bulkHex + "\",\"sha256:" + topHex
          + "\"]}}").getBytes(StandardCharsets.UTF_8);
      String cfgHex = hex(sha(cfg));
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
        entry(o, cfgHex + ".json", cfg);
        o.write(header(bulkHex + "/layer.tar", Files.size(bulkLayer), '0'));
        Files.copy(bulkLayer, o);
        o.write(new byte[pad(Files.size(bulkLayer))]);
        entry(o, topHex + "/layer.tar", top);
        entry(o, "manifest.json", ("[{\"Config\":\"" + cfgHex + ".json\",\"RepoTags\":[\"cird-bench/archive:1\"],"
            + "\"Layers\":[\"" + bulkHex + "/layer.tar\",\"" + topHex + "/layer.tar\"]}]")
            .getBytes(StandardCharsets.UTF_8));
        o.write(new byte[1024]);
      }
    } finally {
      Files.deleteIfExists(bulkLayer);
    }
  }

  static String config(String layerHex, String label) {
    return "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":[\"/probe\"],"
        + "\"Labels\":{\"" + label.replace("=", "\":\"") + "\"}},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + layerHex + "\"]}}";
  }

  static byte[] layerTar(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      entry(b, e.getKey(), e.getValue());
    }
    b.write(new byte[1024]);
    return b.toByteArray();
  }

  static void entry(OutputStream o, String name, byte[] data) throws IOException {
    o.write(header(name, data.length, '0'));
    o.write(data);
    o.write(new byte[pad(data.length)]);
  }

  static int pad(long n) {
    return (int) ((512 - n % 512) % 512);
  }

  static byte[] header(String name, long size, char type) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000755");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, "00000000000");
    h[156] = (byte) type;
    put(h, 257, "ustar");
    put(h, 263, "00");
    Arrays.fill(h, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte x : h) {
      sum += x & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    return h;
  }

  static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
  }

  static byte[] sha(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
