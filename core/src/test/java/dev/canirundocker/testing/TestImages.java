package dev.canirundocker.testing;

import dev.canirundocker.json.Json;
import dev.canirundocker.platform.ElfMachine;
import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds image archives in Java for tests: classic {@code docker save} tars, Docker 25+ saves (OCI
 * layout + manifest.json), OCI layout directories and tars, with chosen platforms and files,
 * optional gzip layers, whiteouts, links, and multi-platform (and nested) indexes. Reusable by the
 * daemon tests, which {@code docker load} what this writes.
 *
 * <pre>{@code
 * Image img = TestImages.image(Platform.parse("linux/arm64"))
 *     .layer(TestImages.layer().file("probe", TestImages.elfFor(p), 0755))
 *     .entrypoint("/probe");
 * Path tar = TestImages.writeDockerSave(dir.resolve("img.tar"), img);
 * }</pre>
 */
public final class TestImages {
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
  public static final String LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

  private TestImages() {}

  /**
   * A stand-in executable for a platform: the canonical ELF header of its architecture padded to 64
   * bytes. To be replaced by {@code ProbeBinaries.forPlatform(Platform)} once that is merged.
   */
  public static byte[] elfFor(Platform p) {
    byte[] h =
        ElfMachine.forPlatform(p)
            .orElseThrow(() -> new IllegalArgumentException("no ELF identity for " + p))
            .header();
    return Arrays.copyOf(h, 64);
  }

  public static Layer layer() {
    return new Layer();
  }

  public static Image image(Platform p) {
    return new Image(p);
  }

  public static Index index() {
    return new Index();
  }

  /** One layer's members. Paths are written without the leading slash, as Docker writes them. */
  public static final class Layer {
    private final TestTar tar = new TestTar();
    private TestTar.Content finished;

    private static String rel(String p) {
      return p.startsWith("/") ? p.substring(1) : p;
    }

    public Layer file(String path, byte[] data, int mode) {
      tar.entry(rel(path), '0', mode, "", TestTar.Content.of(data));
      return this;
    }

    public Layer file(String path, String text, int mode) {
      return file(path, text.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** A file of {@code size} zero bytes, written as a hole where the archive is a file. */
    public Layer bigFile(String path, long size) {
      tar.entry(rel(path), '0', 0644, "", new TestTar.Content().zeros(size));
      return this;
    }

    public Layer dir(String path) {
      tar.entry(rel(path) + "/", '5', 0755, "", null);
      return this;
    }

    public Layer symlink(String path, String target) {
      tar.entry(rel(path), '2', 0777, target, null);
      return this;
    }

    public Layer hardlink(String path, String target) {
      tar.entry(rel(path), '1', 0755, rel(target), null);
      return this;
    }

    /** Deletes {@code path} of lower layers ({@code .wh.<name>}). */
    public Layer whiteout(String path) {
      String r = rel(path);
      int i = r.lastIndexOf('/');
      String name = i < 0 ? ".wh." + r : r.substring(0, i + 1) + ".wh." + r.substring(i + 1);
      tar.entry(name, '0', 0644, "", TestTar.Content.of(new byte[0]));
      return this;
    }

    /** Hides all lower-layer children of {@code dir} ({@code .wh..wh..opq}). */
    public Layer opaque(String dir) {
      tar.entry(rel(dir) + "/.wh..wh..opq", '0', 0644, "", TestTar.Content.of(new byte[0]));
      return this;
    }

    /** Any entry, names as given (hostile tests). */
    public Layer entry(String name, char type, int mode, String link, byte[] data) {
      tar.entry(name, type, mode, link, data == null ? null : TestTar.Content.of(data));
      return this;
    }

    /** The uncompressed layer tar. */
    public TestTar.Content tar() {
      if (finished == null) {
        finished = tar.finish();
      }
      return finished;
    }
  }

  /** One image: platform, layers, run-time config. */
  public static final class Image {
    private final Platform platform;
    private final List<Layer> layers = new ArrayList<>();
    private List<String> entrypoint;
    private List<String> cmd;
    private final List<String> env = new ArrayList<>();
    private String workingDir;
    private boolean gzip;
    private final List<String> repoTags = new ArrayList<>();
    private String rawConfig;
    private Map<Integer, TestTar.Content> blobs;

    Image(Platform platform) {
      this.platform = platform;
    }

    public Platform platform() {
      return platform;
    }

    public Image layer(Layer l) {
      layers.add(l);
      return this;
    }

    public Image entrypoint(String... argv) {
      entrypoint = List.of(argv);
      return this;
    }

    public Image cmd(String... argv) {
      cmd = List.of(argv);
      return this;
    }

    public Image env(String kv) {
      env.add(kv);
      return this;
    }

    public Image workingDir(String d) {
      workingDir = d;
      return this;
    }

    /** Gzip-compress the layers. */
    public Image gzip(boolean g) {
      gzip = g;
      return this;
    }

    public Image tag(String t) {
      repoTags.add(t);
      return this;
    }

    /** Replace the generated config JSON (hostile tests). */
    public Image rawConfig(String json) {
      rawConfig = json;
      return this;
    }

    /** The layer blob as stored (gzip or not). */
    public TestTar.Content layerBlob(int i) {
      if (blobs == null) {
        blobs = new HashMap<>();
      }
      return blobs.computeIfAbsent(i, k -> gzip ? layers.get(k).tar().gzip() : layers.get(k).tar());
    }

    public int layerCount() {
      return layers.size();
    }

    public String configJson() {
      if (rawConfig != null) {
        return rawConfig;
      }
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("architecture", platform.architecture());
      c.put("os", platform.os());
      if (!platform.variant().isEmpty()) {
        c.put("variant", platform.variant());
      }
      if (!platform.osVersion().isEmpty()) {
        c.put("os.version", platform.osVersion());
      }
      Map<String, Object> cfg = new LinkedHashMap<>();
      cfg.put(
          "Env",
          env.isEmpty()
              ? List.of("PATH=" + "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
              : env);
      if (entrypoint != null) {
        cfg.put("Entrypoint", entrypoint);
      }
      if (cmd != null) {
        cfg.put("Cmd", cmd);
      }
      if (workingDir != null) {
        cfg.put("WorkingDir", workingDir);
      }
      c.put("config", cfg);
      List<String> diffIds = new ArrayList<>();
      for (Layer l : layers) {
        diffIds.add(l.tar().digest());
      }
      Map<String, Object> rootfs = new LinkedHashMap<>();
      rootfs.put("type", "layers");
      rootfs.put("diff_ids", diffIds);
      c.put("rootfs", rootfs);
      return Json.compact(c);
    }

    public TestTar.Content config() {
      return TestTar.Content.of(configJson().getBytes(StandardCharsets.UTF_8));
    }

    /** The OCI manifest JSON. */
    public String manifestJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("schemaVersion", 2L);
      m.put("mediaType", OCI_MANIFEST);
      m.put("config", descriptor(OCI_CONFIG, config(), null));
      List<Object> ls = new ArrayList<>();
      for (int i = 0; i < layers.size(); i++) {
        ls.add(descriptor(gzip ? LAYER_GZIP : LAYER_TAR, layerBlob(i), null));
      }
      m.put("layers", ls);
      return Json.compact(m);
    }

    public TestTar.Content manifest() {
      return TestTar.Content.of(manifestJson().getBytes(StandardCharsets.UTF_8));
    }

    void addBlobs(Map<String, TestTar.Content> out) {
      for (int i = 0; i < layers.size(); i++) {
        out.put(layerBlob(i).digest(), layerBlob(i));
      }
      out.put(config().digest(), config());
      out.put(manifest().digest(), manifest());
    }
  }

  /**
   * An OCI image index: images (with or without a platform in their descriptor) and nested indexes.
   */
  public static final class Index {
    private final List<Object[]> items = new ArrayList<>();

    /** An image whose descriptor declares its platform. */
    public Index image(Image img) {
      return image(img, true);
    }

    public Index image(Image img, boolean declarePlatform) {
      items.add(new Object[] {img, declarePlatform});
      return this;
    }

    public Index nested(Index child) {
      items.add(new Object[] {child, false});
      return this;
    }

    public String json() {
      List<Object> ms = new ArrayList<>();
      for (Object[] it : items) {
        if (it[0] instanceof Image img) {
          ms.add(descriptor(OCI_MANIFEST, img.manifest(), (Boolean) it[1] ? img.platform : null));
        } else {
          ms.add(descriptor(OCI_INDEX, ((Index) it[0]).content(), null));
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("schemaVersion", 2L);
      m.put("mediaType", OCI_INDEX);
      m.put("manifests", ms);
      return Json.compact(m);
    }

    public TestTar.Content content() {
      return TestTar.Content.of(json().getBytes(StandardCharsets.UTF_8));
    }

    /** All blobs this index needs, nested indexes included (not the top index itself). */
    public Map<String, TestTar.Content> blobs() {
      Map<String, TestTar.Content> out = new LinkedHashMap<>();
      for (Object[] it : items) {
        if (it[0] instanceof Image img) {
          img.addBlobs(out);
        } else {
          Index child = (Index) it[0];
          out.putAll(child.blobs());
          out.put(child.content().digest(), child.content());
        }
      }
      return out;
    }
  }

  static Map<String, Object> descriptor(String mediaType, TestTar.Content c, Platform p) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("mediaType", mediaType);
    d.put("digest", c.digest());
    d.put("size", c.size());
    if (p != null) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("architecture", p.architecture());
      pm.put("os", p.os());
      if (!p.variant().isEmpty()) {
        pm.put("variant", p.variant());
      }
      if (!p.osVersion().isEmpty()) {
        pm.put("os.version", p.osVersion()); // Windows entries of an index name their build
      }
      d.put("platform", pm);
    }
    return d;
  }

  static String hex(String digest) {
    return digest.substring("sha256:".length());
  }

  private static TestTar.Content json(Object o) {
    return TestTar.Content.of(Json.compact(o).getBytes(StandardCharsets.UTF_8));
  }

  /** The tar of a classic {@code docker save} (before Docker 25) of the images. */
  public static TestTar.Content dockerSave(Image... images) {
    TestTar t = new TestTar();
    List<Object> manifest = new ArrayList<>();
    Map<String, String> written = new HashMap<>(); // layer blob digest -> first dir
    int n = 0;
    for (Image img : images) {
      List<String> layerPaths = new ArrayList<>();
      String parent = "image" + n++;
      for (int i = 0; i < img.layerCount(); i++) {
        TestTar.Content blob = img.layerBlob(i);
        // moby's v1 layer IDs chain the parent; any stable unique name serves here
        String id =
            hex(
                TestTar.Content.of(
                        (parent + blob.digest() + img.platform).getBytes(StandardCharsets.UTF_8))
                    .digest());
        parent = id;
        t.entry(id + "/", '5', 0755, "", null);
        t.file(id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
        String first = written.get(blob.digest());
        if (first == null) {
          t.entry(id + "/layer.tar", '0', 0644, "", blob);
          written.put(blob.digest(), id);
        } else {
          // moby image/tarexport/save.go: an already saved layer becomes a relative symlink
          t.entry(id + "/layer.tar", '2', 0777, "../" + first + "/layer.tar", null);
        }
        layerPaths.add(id + "/layer.tar");
      }
      String cfgName = hex(img.config().digest()) + ".json";
      t.entry(cfgName, '0', 0644, "", img.config());
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("Config", cfgName);
      e.put("RepoTags", img.repoTags);
      e.put("Layers", layerPaths);
      manifest.add(e);
    }
    t.entry("manifest.json", '0', 0644, "", json(manifest));
    return t.finish();
  }

  public static Path writeDockerSave(Path file, Image... images) {
    return TestTar.write(dockerSave(images), file);
  }

  /**
   * The tar Docker 25+'s {@code docker save} writes: an OCI layout plus manifest.json, blobs first.
   */
  public static TestTar.Content dockerSave25(Image img) {
    TestTar t = new TestTar();
    Map<String, TestTar.Content> blobs = new LinkedHashMap<>();
    img.addBlobs(blobs);
    t.entry("blobs/", '5', 0755, "", null);
    t.entry("blobs/sha256/", '5', 0755, "", null);
    for (Map.Entry<String, TestTar.Content> b : new java.util.TreeMap<>(blobs).entrySet()) {
      t.entry("blobs/sha256/" + hex(b.getKey()), '0', 0644, "", b.getValue());
    }
    Map<String, Object> desc = descriptor(OCI_MANIFEST, img.manifest(), null);
    if (!img.repoTags.isEmpty()) {
      desc.put(
          "annotations",
          Map.of("io.containerd.image.name", "docker.io/library/" + img.repoTags.get(0)));
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2L);
    index.put("mediaType", OCI_INDEX);
    index.put("manifests", List.of(desc));
    t.entry("index.json", '0', 0644, "", json(index));
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("Config", "blobs/sha256/" + hex(img.config().digest()));
    e.put("RepoTags", img.repoTags);
    List<String> layers = new ArrayList<>();
    for (int i = 0; i < img.layerCount(); i++) {
      layers.add("blobs/sha256/" + hex(img.layerBlob(i).digest()));
    }
    e.put("Layers", layers);
    t.entry("manifest.json", '0', 0644, "", json(List.of(e)));
    t.entry("oci-layout", '0', 0644, "", json(Map.of("imageLayoutVersion", "1.0.0")));
    return t.finish();
  }

  public static Path writeDockerSave25(Path file, Image img) {
    return TestTar.write(dockerSave25(img), file);
  }

  /** The tar of an OCI image layout holding {@code index}. */
  public static TestTar.Content ociTar(Index index) {
    TestTar t = new TestTar();
    t.entry("oci-layout", '0', 0644, "", json(Map.of("imageLayoutVersion", "1.0.0")));
    t.entry("index.json", '0', 0644, "", index.content());
    for (Map.Entry<String, TestTar.Content> b : index.blobs().entrySet()) {
      t.entry("blobs/sha256/" + hex(b.getKey()), '0', 0644, "", b.getValue());
    }
    return t.finish();
  }

  public static Path writeOciTar(Path file, Index index) {
    return TestTar.write(ociTar(index), file);
  }

  /** An OCI image layout directory holding {@code index}. */
  public static Path writeOciDir(Path dir, Index index) {
    try {
      Files.createDirectories(dir.resolve("blobs/sha256"));
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      Files.write(dir.resolve("index.json"), index.content().bytes());
      for (Map.Entry<String, TestTar.Content> b : index.blobs().entrySet()) {
        TestTar.write(b.getValue(), dir.resolve("blobs/sha256/" + hex(b.getKey())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }
}
