package dev.canirundocker.image;

import dev.canirundocker.json.Json;
import dev.canirundocker.json.JsonException;
import dev.canirundocker.json.JsonReader;
import dev.canirundocker.platform.Platform;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an image archive without a daemon and without extracting anything to disk: a
 * {@code docker save} tar (the classic layout with {@code manifest.json}, {@code <id>.json} and
 * {@code <id>/layer.tar}, and Docker 25+'s, which is an OCI layout plus {@code manifest.json}), an OCI
 * image layout directory or an OCI layout tar (image-spec {@code image-layout.md}).
 *
 * <h2>How it reads</h2>
 * <p><b>Files</b> ({@link #read(Path)}): one pass over the tar headers records where each member's
 * data lies; JSON documents are then read whole (bounded, sha256-verified); layers are indexed
 * (member names, kinds, link targets, data offsets) by walking their tar headers. An uncompressed
 * layer in a tar or directory is passed over by seeking, so its file data is never read; a gzip layer
 * is inflated as a stream (its digest is checked, since it was read whole). Only after all layers are
 * indexed is the entrypoint resolved, and then the first 64 KiB of that one file is read, by seeking
 * (plain layer) or by inflating up to it (gzip layer). Memory is proportional to the number of members,
 * not their size. {@link #bytesRead()} reports what was physically read.
 *
 * <p><b>Streams</b> ({@link #readStream(InputStream, String, ArchiveLimits)}, for a daemon's
 * {@code docker save} export): single pass. {@code docker save} writes its temporary directory in
 * lexical order, so {@code manifest.json} and {@code index.json} come last and configs may come after
 * the layers they describe. Each member is therefore classified by its first bytes: JSON documents are
 * kept (bounded); layer tars are indexed as they pass, their raw sha256 computed, and the first 64 KiB
 * of every <em>executable</em> regular file kept, within {@link ArchiveLimits#maxStreamHeadBytes()}
 * in all. Only executable files can be a container's first process (execve needs an execute bit), so
 * the entrypoint, its symlink targets and script interpreters are among them. At the end the layout is
 * interpreted exactly as for files; if the head budget ran out before the entrypoint's file passed,
 * the resolution says so instead of guessing.
 *
 * <h2>Platforms</h2>
 * <p>{@link #platforms()} lists every runnable image the archive holds, nested OCI indexes
 * flattened (cycles and excessive nesting are errors), attestation manifests left out (BuildKit marks
 * them {@code vnd.docker.reference.type=attestation-manifest}). The caller picks one, with containerd's
 * ordering (reference.md section 1, containerd platforms/compare.go), and resolves it with {@link #image(ImagePlatformEntry)}.
 *
 * <p>Every problem is an {@link ImageArchiveException} whose message starts with
 * {@code archive <name>:}.
 */
public final class ImageArchive {
  /** What kind of archive it is. */
  public enum Format {
    /** A classic {@code docker save} tar: {@code manifest.json} without an OCI layout. */
    DOCKER_SAVE,
    /** An OCI image layout directory. */
    OCI_LAYOUT_DIR,
    /** A tar of an OCI image layout; Docker 25+'s {@code docker save} writes this (plus {@code manifest.json}). */
    OCI_LAYOUT_TAR
  }

  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  private static final Pattern DIGEST = Pattern.compile("sha256:([0-9a-f]{64})");
  private static final Pattern LEGACY_CONFIG = Pattern.compile("([0-9a-f]{64})\\.json");
  private static final int MAX_DESCRIPTORS = 10_000;
  private static final int MAX_LINK_HOPS = 40;

  private final String name;
  private final Format format;
  private final ArchiveLimits limits;
  private final Store store;
  private final Streams.Meter meter;
  private final long[] entryCount;
  private final long[] decompressed = {0};
  private final List<ImagePlatformEntry> platforms = new ArrayList<>();
  private final List<Plan> plans = new ArrayList<>();
  private boolean verify = true;

  private ImageArchive(String name, Format format, ArchiveLimits limits, Store store,
      Streams.Meter meter, long[] entryCount) {
    this.name = name;
    this.format = format;
    this.limits = limits;
    this.store = store;
    this.meter = meter;
    this.entryCount = entryCount;
  }

  // ------------------------------------------------------------------ entry points

  /** Reads an archive with the default limits; see {@link #read(Path, ArchiveLimits)}. */
  public static ImageArchive read(Path path) throws ImageArchiveException {
    return read(path, ArchiveLimits.DEFAULTS);
  }

  /**
   * Reads a docker-save tar, an OCI layout directory or an OCI layout tar (a gzip-compressed tar is
   * read as a stream). Lists its images; layers are read when an image is resolved.
   *
   * @param path the archive
   * @param limits limits
   * @throws ImageArchiveException naming the archive and the problem
   */
  public static ImageArchive read(Path path, ArchiveLimits limits) throws ImageArchiveException {
    return read(path, limits, true);
  }

  /**
   * Reads with digest verification switchable: only tests turn it off, to reach the checks that
   * verification would otherwise pre-empt (an index cycle needs a sha256 collision to be real).
   */
  static ImageArchive read(Path path, ArchiveLimits limits, boolean verify)
      throws ImageArchiveException {
    String name = path.toString();
    String where = "archive " + name;
    Streams.Meter meter = new Streams.Meter();
    long[] entries = {0};
    try {
      if (Files.isDirectory(path)) {
        if (!Files.isRegularFile(path.resolve("oci-layout"))) {
          throw new ImageArchiveException(where + ": directory is not an OCI image layout (no oci-layout file)");
        }
        ImageArchive a = new ImageArchive(name, Format.OCI_LAYOUT_DIR, limits,
            new DirStore(path.toRealPath(), where, meter), meter, entries);
        a.verify = verify;
        a.load();
        return a;
      }
      if (!Files.exists(path)) {
        throw new ImageArchiveException(where + ": no such file");
      }
      long size = Files.size(path);
      if (size == 0) {
        throw new ImageArchiveException(where + ": empty file");
      }
      byte[] magic;
      try (InputStream in = Files.newInputStream(path)) {
        magic = in.readNBytes(2);
      }
      if (magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
        // docker load accepts a compressed save; a gzip stream cannot be sought, so read it in one pass
        try (InputStream in = Files.newInputStream(path)) {
          return readStream(new GZIPInputStream(in, 65536), name, limits);
        }
      }
      TarStore ts = TarStore.index(path, size, where, limits, meter, entries);
      ImageArchive a = new ImageArchive(name, ts.hasOciLayout() ? Format.OCI_LAYOUT_TAR
          : Format.DOCKER_SAVE, limits, ts, meter, entries);
      a.verify = verify;
      a.load();
      return a;
    } catch (NoSuchFileException e) {
      throw new ImageArchiveException(where + ": no such file");
    } catch (IOException e) {
      throw readFailure(e, where, where + ": cannot read");
    }
  }

  /** Reads a {@code docker save} stream in one pass with the default limits. */
  public static ImageArchive readStream(InputStream saveTar, String name) throws ImageArchiveException {
    return readStream(saveTar, name, ArchiveLimits.DEFAULTS);
  }

  /**
   * Reads a {@code docker save} (or OCI layout) tar stream in a single pass; see the class comment
   * for what is kept. The stream is read to its end and not closed.
   *
   * @param saveTar the tar stream (uncompressed)
   * @param name names the stream in messages and results
   * @param limits limits; {@link ArchiveLimits#maxStreamHeadBytes()} bounds the kept file heads
   * @throws ImageArchiveException naming the stream and the problem
   */
  public static ImageArchive readStream(InputStream saveTar, String name, ArchiveLimits limits)
      throws ImageArchiveException {
    String where = "archive " + name;
    Streams.Meter meter = new Streams.Meter();
    long[] entries = {0};
    try {
      MemoryStore ms = new MemoryStore(where);
      ImageArchive a = new ImageArchive(name, Format.DOCKER_SAVE, limits, ms, meter, entries);
      a.consume(new Metered(saveTar, meter), ms);
      ImageArchive b = new ImageArchive(name, ms.member("oci-layout") != null
          ? Format.OCI_LAYOUT_TAR : Format.DOCKER_SAVE, limits, ms, meter, entries);
      b.decompressed[0] = a.decompressed[0];
      b.load();
      return b;
    } catch (IOException e) {
      throw readFailure(e, where, where + ": cannot read");
    }
  }

  // ------------------------------------------------------------------ public API

  /** The archive as given (path or stream name). */
  public String name() {
    return name;
  }

  /** What kind of archive this is. */
  public Format format() {
    return format;
  }

  /** Every runnable image the archive holds, in archive order. */
  public List<ImagePlatformEntry> platforms() {
    return List.copyOf(platforms);
  }

  /** The first image whose listed platform equals {@code p}, resolved; empty when none. */
  public Optional<ArchiveImage> select(Platform p) throws ImageArchiveException {
    for (ImagePlatformEntry e : platforms) {
      if (e.platform().equals(p)) {
        return Optional.of(image(e));
      }
    }
    return Optional.empty();
  }

  /**
   * One of the archive's images, with its configuration read and verified; its layers are indexed
   * when first asked for.
   *
   * @param entry one of {@link #platforms()}
   * @throws ImageArchiveException when its manifest or config is missing or broken
   */
  public ArchiveImage image(ImagePlatformEntry entry) throws ImageArchiveException {
    int i = platforms.indexOf(entry);
    if (i < 0) {
      throw new IllegalArgumentException("not an entry of " + name + ": " + entry);
    }
    return image(i);
  }

  /**
   * The image at a position of {@link #platforms()}. Entries of a docker save of several untagged
   * images of one platform are equal as values; the position tells them apart.
   */
  public ArchiveImage image(int i) throws ImageArchiveException {
    if (i < 0 || i >= platforms.size()) {
      throw new IndexOutOfBoundsException("archive " + name + " has " + platforms.size() + " images");
    }
    Plan plan = plans.get(i);
    if (plan.manifestDigest != null && plan.layers == null) {
      readManifest(plan);
    }
    byte[] cfg = readJson(plan.configName, plan.configLabel, plan.configDigest, plan.configSize);
    ImageConfig config = parseConfig(cfg, plan.configLabel);
    return new ArchiveImage(this, platforms.get(i), config, Streams.sha256(cfg), plan.layers);
  }

  /**
   * Bytes physically read from the archive so far (file data passed over by seeking is not counted);
   * for a stream, the bytes consumed.
   */
  public long bytesRead() {
    return meter.bytes;
  }

  String where() {
    return "archive " + name;
  }

  // ------------------------------------------------------------------ layout interpretation

  /** Per image: where its manifest, config and layers are. */
  private static final class Plan {
    String manifestDigest;
    long manifestSize = -1;
    String configName;
    String configLabel;
    String configDigest;
    long configSize = -1;
    List<LayerRef> layers;
  }

  /** One layer of an image: the archive member and what it must hash to. */
  record LayerRef(String member, String label, String digest, long size, String diffId) {}

  private void load() throws ImageArchiveException {
    if (format != Format.DOCKER_SAVE) {
      loadOci();
    } else {
      loadDockerSave();
    }
    if (platforms.isEmpty()) {
      throw err("holds no image");
    }
  }

  private void loadDockerSave() throws ImageArchiveException {
    if (store.member("manifest.json") == null) {
      throw err("neither a docker-save archive (no manifest.json) nor an OCI image layout (no oci-layout)");
    }
    byte[] bytes = readJson("manifest.json", "manifest.json", null, -1);
    Object doc = parseJson(bytes, "manifest.json");
    if (!(doc instanceof List)) {
      throw err("manifest.json: expected an array but found " + Json.typeName(doc));
    }
    int i = 0;
    for (Object o : (List<?>) doc) {
      String label = "manifest.json[" + i + "]";
      if (!(o instanceof Map)) {
        throw err(label + ": expected an object but found " + Json.typeName(o));
      }
      @SuppressWarnings("unchecked")
      JsonReader r = JsonReader.of((Map<String, Object>) o, label);
      Plan p = new Plan();
      List<String> layerNames;
      List<String> tags;
      try {
        p.configName = memberName(r.requiredString("Config"));
        layerNames = r.strings("Layers");
        tags = r.strings("RepoTags");
      } catch (JsonException e) {
        throw err(e.getMessage());
      }
      p.configDigest = expectedDigest(p.configName);
      p.configLabel = "config " + p.configName;
      byte[] cfg = readJson(p.configName, p.configLabel, p.configDigest, -1);
      ImageConfig config = parseConfig(cfg, p.configLabel);
      p.layers = new ArrayList<>();
      for (int k = 0; k < layerNames.size(); k++) {
        String m = memberName(layerNames.get(k));
        String diffId = k < config.diffIds().size() ? config.diffIds().get(k) : null;
        p.layers.add(new LayerRef(m, "layer " + m, expectedDigest(m), -1, diffId));
      }
      plans.add(p);
      platforms.add(new ImagePlatformEntry(config.platform(), null, tags, true));
      i++;
    }
  }

  private void loadOci() throws ImageArchiveException {
    byte[] layout = readJson("oci-layout", "oci-layout", null, -1);
    try {
      JsonReader.of(asObject(parseJson(layout, "oci-layout"), "oci-layout"), "oci-layout")
          .requiredString("imageLayoutVersion");
    } catch (JsonException e) {
      throw err(e.getMessage());
    }
    byte[] index = readJson("index.json", "index.json", null, -1);
    JsonReader r = JsonReader.of(asObject(parseJson(index, "index.json"), "index.json"), "index.json");
    walkIndex(r, new ArrayDeque<>(), 0, List.of(), new int[] {0});
  }

  private void walkIndex(JsonReader index, Deque<String> stack, int depth, List<String> refs,
      int[] seen) throws ImageArchiveException {
    List<JsonReader> descs;
    try {
      descs = index.objects("manifests");
    } catch (JsonException e) {
      throw err(e.getMessage());
    }
    for (JsonReader d : descs) {
      if (++seen[0] > MAX_DESCRIPTORS) {
        throw err("image indexes list more than " + MAX_DESCRIPTORS + " manifests");
      }
      String digest;
      String mediaType;
      long size;
      List<String> names = new ArrayList<>(refs);
      JsonReader platform;
      boolean attestation;
      try {
        digest = d.requiredString("digest");
        mediaType = d.string("mediaType");
        Long s = d.longValue("size");
        size = s == null ? -1 : s;
        platform = d.object("platform");
        JsonReader ann = d.object("annotations");
        attestation = false;
        if (ann != null) {
          attestation = "attestation-manifest".equals(ann.string("vnd.docker.reference.type"));
          addName(names, ann.string("io.containerd.image.name"));
          addName(names, ann.string("org.opencontainers.image.ref.name"));
        }
      } catch (JsonException e) {
        throw err(e.getMessage());
      }
      checkDigest(digest, d.path());
      if (attestation) {
        continue;
      }
      String blob = blobName(digest);
      if (mediaType == null && store.member(blob) != null) {
        // a descriptor may omit the media type; the document itself then tells
        JsonReader doc = readBlobObject(digest, size, "blob " + digest);
        mediaType = doc.has("manifests") ? OCI_INDEX : doc.has("config") ? OCI_MANIFEST : "";
      }
      if (OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType)) {
        if (stack.contains(digest)) {
          throw err("image index cycle at " + digest);
        }
        if (depth + 1 > limits.maxIndexDepth()) {
          throw err("image indexes nested deeper than " + limits.maxIndexDepth());
        }
        JsonReader child = readBlobObject(digest, size, "index " + digest);
        stack.push(digest);
        walkIndex(child, stack, depth + 1, names, seen);
        stack.pop();
      } else if (OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType)
          || mediaType == null) {
        Plan p = new Plan();
        p.manifestDigest = digest;
        p.manifestSize = size;
        boolean available = store.member(blob) != null;
        Platform pl;
        try {
          pl = platform == null ? null : Platform.of(platform.requiredString("os"),
              platform.requiredString("architecture"), platform.string("variant"),
              platform.string("os.version"), platform.strings("os.features"));
        } catch (JsonException e) {
          throw err(e.getMessage());
        }
        if (pl == null) {
          if (!available) {
            throw err("missing blob " + digest);
          }
          readManifest(p);
          pl = parseConfig(readJson(p.configName, p.configLabel, p.configDigest, p.configSize),
              p.configLabel).platform();
        }
        plans.add(p);
        platforms.add(new ImagePlatformEntry(pl, digest, names, available));
      }
      // other media types (artifacts, signatures) are not images: left out
    }
  }

  private static void addName(List<String> names, String n) {
    if (n != null && !n.isEmpty() && !names.contains(n)) {
      names.add(n);
    }
  }

  private void readManifest(Plan p) throws ImageArchiveException {
    String label = "manifest " + p.manifestDigest;
    JsonReader m = readBlobObject(p.manifestDigest, p.manifestSize, label);
    try {
      JsonReader cfg = m.requiredObject("config");
      p.configDigest = cfg.requiredString("digest");
      checkDigest(p.configDigest, cfg.path());
      Long cs = cfg.longValue("size");
      p.configSize = cs == null ? -1 : cs;
      p.configName = blobName(p.configDigest);
      p.configLabel = "config " + p.configDigest;
      p.layers = new ArrayList<>();
      for (JsonReader l : m.objects("layers")) {
        String d = l.requiredString("digest");
        checkDigest(d, l.path());
        Long ls = l.longValue("size");
        p.layers.add(new LayerRef(blobName(d), "layer " + d, d, ls == null ? -1 : ls, null));
      }
    } catch (JsonException e) {
      throw err(label + ": " + e.getMessage());
    }
  }

  private JsonReader readBlobObject(String digest, long size, String label) throws ImageArchiveException {
    byte[] b = readJson(blobName(digest), label, digest, size);
    return JsonReader.of(asObject(parseJson(b, label), label), "");
  }

  private Map<String, Object> asObject(Object doc, String label) throws ImageArchiveException {
    if (!(doc instanceof Map)) {
      throw err(label + ": expected an object but found " + Json.typeName(doc));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) doc;
    return m;
  }

  private Object parseJson(byte[] b, String label) throws ImageArchiveException {
    try {
      return Json.parse(new String(b, StandardCharsets.UTF_8));
    } catch (JsonException e) {
      throw err(label + ": " + e.getMessage());
    }
  }

  private ImageConfig parseConfig(byte[] b, String label) throws ImageArchiveException {
    ImageConfig c;
    try {
      asObject(parseJson(b, label), label);
      c = ImageConfig.parse(new String(b, StandardCharsets.UTF_8), "");
    } catch (JsonException e) {
      throw err(label + ": " + e.getMessage());
    }
    if (c.os().isEmpty() || c.architecture().isEmpty()) {
      throw err(label + ": os and architecture must be set");
    }
    return c;
  }

  private void checkDigest(String digest, String field) throws ImageArchiveException {
    if (!DIGEST.matcher(digest).matches()) {
      throw err((field.isEmpty() ? "" : field + ": ") + "unsupported or invalid digest '" + digest + "'");
    }
  }

  private static String blobName(String digest) {
    return "blobs/sha256/" + digest.substring("sha256:".length());
  }

  private String memberName(String raw) throws ImageArchiveException {
    String n = ImagePaths.archiveName(raw, where());
    if (n == null) {
      throw err("entry '" + raw + "' names the archive root");
    }
    return n;
  }

  /** The digest a member's name promises: {@code <hex>.json} and {@code blobs/sha256/<hex>}. */
  private static String expectedDigest(String member) {
    Matcher m = LEGACY_CONFIG.matcher(member);
    if (m.matches()) {
      return "sha256:" + m.group(1);
    }
    if (member.startsWith("blobs/sha256/") && DIGEST.matcher("sha256:" + member.substring(13)).matches()) {
      return "sha256:" + member.substring(13);
    }
    return null;
  }

  /** Reads a JSON member whole: bounded, size- and digest-checked. */
  byte[] readJson(String member, String label, String digest, long size) throws ImageArchiveException {
    Member m = store.member(member);
    if (m == null) {
      throw err(digest != null ? "missing blob " + digest : "missing " + member);
    }
    if (size >= 0 && m.size() != size) {
      throw err(label + " is " + m.size() + " bytes but its descriptor says " + size);
    }
    if (m.size() == 0) {
      throw err(label + " is empty");
    }
    if (m.size() > limits.maxJsonBytes()) {
      throw err(label + " is " + m.size() + " bytes, more than the limit of " + limits.maxJsonBytes()
          + " bytes for JSON");
    }
    byte[] b;
    try (InputStream in = store.open(m)) {
      b = in.readNBytes((int) m.size());
    } catch (ImageArchiveException e) {
      throw e;
    } catch (IOException e) {
      throw err("cannot read " + member + ": " + e.getMessage());
    }
    if (b.length < m.size()) {
      throw err(label + " is truncated");
    }
    if (digest != null && verify) {
      String actual = Streams.sha256(b);
      if (!actual.equals(digest)) {
        throw err("blob " + digest + " digest mismatch (content is " + actual + ")");
      }
    }
    return b;
  }

  // ------------------------------------------------------------------ layers

  /** Indexes one layer of an image: member names and offsets, no contents. */
  LayerIndex indexLayer(LayerRef ref) throws ImageArchiveException {
    LayerIndex idx = store.preIndexed(ref.member());
    if (idx == null) {
      Member m = store.member(ref.member());
      if (m == null) {
        throw err(ref.digest() != null ? "missing blob " + ref.digest() : "missing " + ref.member());
      }
      if (ref.size() >= 0 && m.size() != ref.size()) {
        throw err(ref.label() + " is " + m.size() + " bytes but its descriptor says " + ref.size());
      }
      byte[] magic;
      try (InputStream in = store.open(m)) {
        magic = in.readNBytes(4);
      } catch (IOException e) {
        throw err("cannot read " + ref.member() + ": " + e.getMessage());
      }
      try (InputStream in = store.open(m)) {
        idx = indexLayerStream(in, magic, ref.label(), null);
      } catch (IOException e) {
        throw layerReadFailure(ref, e);
      }
    } else if (ref.size() >= 0 && idx.rawSize() != ref.size()) {
      throw err(ref.label() + " is " + idx.rawSize() + " bytes but its descriptor says " + ref.size());
    }
    if (idx.unsupported() != null) {
      throw err(ref.label() + ": " + idx.unsupported());
    }
    if (idx.rawDigest() != null && verify) {
      String expect = ref.digest() != null ? ref.digest() : idx.compressed() ? null : ref.diffId();
      if (expect != null && !expect.equals(idx.rawDigest())) {
        throw err("blob " + expect + " digest mismatch (content is " + idx.rawDigest() + ")");
      }
    }
    return idx;
  }

  private static boolean isGzip(byte[] m) {
    return m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b;
  }

  private static boolean isZstd(byte[] m) {
    return m.length >= 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f
        && (m[3] & 0xff) == 0xfd;
  }

  /**
   * Walks a layer blob's tar headers. With {@code headBudget} (stream mode) the blob is read whole,
   * its digest computed and executable files' heads kept; without, an uncompressed blob's file data
   * is skipped (free on a seekable source).
   */
  private LayerIndex indexLayerStream(InputStream raw, byte[] magic, String label, long[] headBudget)
      throws IOException {
    String where = where() + ": " + label;
    if (isZstd(magic)) {
      return new LayerIndex(List.of(), true, null, -1, null,
          "zstd-compressed layers are not supported");
    }
    boolean gzip = isGzip(magic);
    Streams.Digesting dig = new Streams.Digesting(raw);
    InputStream data;
    if (gzip) {
      data = new GZIPInputStream(dig, 65536);
    } else {
      data = headBudget != null ? dig : raw;
    }
    Streams.Budget budget = new Streams.Budget(data, limits.maxLayerBytes(), decompressed,
        limits.maxArchiveBytes(), where);
    TarReader tr = new TarReader(budget, where, limits, entryCount);
    List<ImageFileSystem.LayerEntry> list = new ArrayList<>();
    Map<Long, byte[]> heads = headBudget != null ? new HashMap<>() : null;
    TarEntry e;
    while ((e = tr.next()) != null) {
      String path = ImagePaths.layerName(e.name(), where);
      list.add(new ImageFileSystem.LayerEntry(path, e.type(), e.linkName(), e.size(), e.mode(),
          e.dataOffset()));
      if (heads != null && e.type() == TarEntry.Type.FILE && (e.mode() & 0111) != 0 && e.size() > 0) {
        int n = (int) Math.min(e.size(), EntrypointResolver.HEAD_BYTES);
        if (headBudget[0] + n <= limits.maxStreamHeadBytes()) {
          byte[] h = tr.content().readNBytes(n);
          headBudget[0] += h.length;
          heads.put(e.dataOffset(), h);
        }
      }
    }
    String digest = null;
    long rawSize = -1;
    if (gzip || headBudget != null) {
      digest = dig.drainAndDigest();
      rawSize = dig.count;
    }
    return new LayerIndex(List.copyOf(list), gzip, digest, rawSize, heads, null);
  }

  /** Reads the first bytes of a file of a layer: by seeking (plain) or inflating up to it (gzip). */
  byte[] readHead(LayerRef ref, LayerIndex idx, FileNode node, int max) throws ImageArchiveException {
    int n = (int) Math.min(node.size(), max);
    if (idx.heads() != null) {
      byte[] h = idx.heads().get(node.dataOffset());
      return h == null ? null : h.length > n ? java.util.Arrays.copyOf(h, n) : h;
    }
    Member m = store.member(ref.member());
    String where = where() + ": " + ref.label();
    try (InputStream raw = store.open(m)) {
      InputStream data = idx.compressed() ? new GZIPInputStream(raw, 65536) : raw;
      InputStream b = new Streams.Budget(data, limits.maxLayerBytes(), new long[] {0},
          limits.maxLayerBytes(), where);
      Streams.skipFully(b, node.dataOffset());
      byte[] h = b.readNBytes(n);
      if (h.length < n) {
        throw err(ref.label() + ": truncated (the data of " + node.path() + " ends early)");
      }
      return h;
    } catch (IOException e) {
      throw layerReadFailure(ref, e);
    }
  }

  // ------------------------------------------------------------------ single-pass stream

  private void consume(InputStream in, MemoryStore ms) throws IOException {
    TarReader tr = new TarReader(in, where(), limits, entryCount);
    Set<String> seen = new HashSet<>();
    Map<String, String> links = new HashMap<>();
    long[] headBudget = {0};
    long jsonTotal = 0;
    TarEntry e;
    while ((e = tr.next()) != null) {
      String n = ImagePaths.archiveName(e.name(), where());
      if (n == null || e.type() == TarEntry.Type.DIRECTORY) {
        continue;
      }
      if (!seen.add(n)) {
        throw err("duplicate entry '" + n + "'");
      }
      if (e.type() == TarEntry.Type.SYMLINK || e.type() == TarEntry.Type.HARDLINK) {
        links.put(n, linkTarget(n, e));
        continue;
      }
      if (e.type() != TarEntry.Type.FILE) {
        continue;
      }
      InputStream c = tr.content();
      byte[] prefix = c.readNBytes((int) Math.min(512, e.size()));
      if (looksJson(prefix)) {
        if (e.size() > limits.maxJsonBytes()) {
          throw err(n + " is " + e.size() + " bytes, more than the limit of " + limits.maxJsonBytes()
              + " bytes for JSON");
        }
        jsonTotal += e.size();
        if (jsonTotal > limits.maxStreamHeadBytes() + limits.maxJsonBytes()) {
          throw err("holds more JSON than the stream memory limit of "
              + (limits.maxStreamHeadBytes() + limits.maxJsonBytes()) + " bytes");
        }
        byte[] rest = c.readNBytes((int) (e.size() - prefix.length));
        byte[] all = new byte[prefix.length + rest.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(rest, 0, all, prefix.length, rest.length);
        ms.json.put(n, all);
      } else if (looksLayer(prefix)) {
        InputStream whole = new SequenceInputStream(new ByteArrayInputStream(prefix), c);
        ms.layers.put(n, indexLayerStream(whole, prefix, "layer " + n, headBudget));
      }
      // anything else (VERSION files, unknown blobs) is skipped
    }
    // the end marker may be followed by record padding (tar's blocking factor): drain a bounded amount
    // so the sender (a daemon's export) sees its stream consumed
    byte[] scratch = new byte[8192];
    for (int i = 0; i < 128 && in.read(scratch) >= 0; i++) {
      // draining
    }
    for (String n : links.keySet()) {
      String t = followLinks(n, links);
      if (ms.json.containsKey(t)) {
        ms.json.put(n, ms.json.get(t));
      } else if (ms.layers.containsKey(t)) {
        ms.layers.put(n, ms.layers.get(t));
      }
    }
  }

  private static boolean looksJson(byte[] p) {
    for (byte b : p) {
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        continue;
      }
      return b == '{' || b == '[';
    }
    return false;
  }

  private static boolean looksLayer(byte[] p) {
    if (isGzip(p) || isZstd(p)) {
      return true;
    }
    if (p.length == 512) {
      boolean zero = true;
      for (byte b : p) {
        zero &= b == 0;
      }
      return zero || (p[257] == 'u' && p[258] == 's' && p[259] == 't' && p[260] == 'a' && p[261] == 'r');
    }
    return false;
  }

  /** The archive member a link entry names, rejecting links out of the archive. */
  String linkTarget(String n, TarEntry e) throws ImageArchiveException {
    String raw = e.linkName();
    if (e.type() == TarEntry.Type.HARDLINK) {
      return memberName(raw); // hard link names are archive-relative
    }
    String dir = n.contains("/") ? n.substring(0, n.lastIndexOf('/')) : "";
    // relative to the link's directory; an absolute target or a climb above the root leaves the archive
    String t = raw.startsWith("/") ? null : ImagePaths.normalize(dir.isEmpty() ? raw : dir + "/" + raw, false);
    if (t == null || t.equals("/")) {
      throw err("entry '" + n + "' is a symbolic link pointing outside the archive ('" + raw + "')");
    }
    return t.substring(1);
  }

  String followLinks(String n, Map<String, String> links) throws ImageArchiveException {
    String t = n;
    for (int i = 0; i <= MAX_LINK_HOPS; i++) {
      String next = links.get(t);
      if (next == null) {
        return t;
      }
      t = next;
    }
    throw err("symbolic link loop at '" + n + "'");
  }

  /**
   * What a failed read of archive data means: a limit or format error the reader raised passes as
   * it is; an early end of stream or bad deflate data inside gzip is a truncated or corrupt layer;
   * anything else is an I/O error of the file.
   */
  static ImageArchiveException readFailure(IOException e, String gzipWhat, String readWhat) {
    if (e instanceof ImageArchiveException) {
      return (ImageArchiveException) e;
    }
    if (e instanceof ZipException || e instanceof EOFException) {
      return new ImageArchiveException(gzipWhat + ": truncated or corrupt gzip data");
    }
    return new ImageArchiveException(readWhat + ": " + e.getMessage(), e);
  }

  private ImageArchiveException layerReadFailure(LayerRef ref, IOException e) {
    return readFailure(e, where() + ": " + ref.label(), where() + ": cannot read " + ref.member());
  }

  ImageArchiveException err(String what) {
    return new ImageArchiveException(where() + ": " + what);
  }

  // ------------------------------------------------------------------ stores

  /** Where a member's data lies. */
  record Member(String name, long offset, long size) {}

  /** Access to the archive's members, whatever holds them. */
  interface Store {
    Member member(String name) throws ImageArchiveException;

    InputStream open(Member m) throws IOException;

    default LayerIndex preIndexed(String name) {
      return null;
    }
  }

  /** A tar file: one header pass records every member's offset; reads are positional. */
  static final class TarStore implements Store {
    private final Path path;
    private final Streams.Meter meter;
    private final Map<String, Member> members = new HashMap<>();

    private TarStore(Path path, Streams.Meter meter) {
      this.path = path;
      this.meter = meter;
    }

    static TarStore index(Path path, long size, String where, ArchiveLimits limits,
        Streams.Meter meter, long[] entries) throws IOException {
      TarStore s = new TarStore(path, meter);
      ImageArchive helper = new ImageArchive(where.substring("archive ".length()), Format.DOCKER_SAVE,
          limits, s, meter, entries);
      Map<String, String> links = new HashMap<>();
      Set<String> seen = new HashSet<>();
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
        TarReader tr = new TarReader(new Streams.ChannelSlice(ch, 0, size, meter), where, limits,
            entries);
        TarEntry e;
        boolean any = false;
        while ((e = tr.next()) != null) {
          any = true;
          String n = ImagePaths.archiveName(e.name(), where);
          if (n == null || e.type() == TarEntry.Type.DIRECTORY) {
            continue;
          }
          if (!seen.add(n)) {
            throw new ImageArchiveException(where + ": duplicate entry '" + n + "'");
          }
          if (e.type() == TarEntry.Type.SYMLINK || e.type() == TarEntry.Type.HARDLINK) {
            links.put(n, helper.linkTarget(n, e));
          } else if (e.type() == TarEntry.Type.FILE) {
            s.members.put(n, new Member(n, e.dataOffset(), e.size()));
          }
        }
        if (!any) {
          throw new ImageArchiveException(where + ": tar archive holds no entries");
        }
      }
      // moby's classic save writes a layer it already saved as a symlink to the first copy
      for (String n : links.keySet()) {
        Member m = s.members.get(helper.followLinks(n, links));
        if (m != null) {
          s.members.put(n, new Member(n, m.offset(), m.size()));
        }
      }
      return s;
    }

    boolean hasOciLayout() {
      return members.containsKey("oci-layout") && members.containsKey("index.json");
    }

    @Override
    public Member member(String name) {
      return members.get(name);
    }

    @Override
    public InputStream open(Member m) throws IOException {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
      return new Closing(new Streams.ChannelSlice(ch, m.offset(), m.size(), meter), ch);
    }
  }

  /** An OCI layout directory; every member must stay inside it after symlinks. */
  static final class DirStore implements Store {
    private final Path root;
    private final String where;
    private final Streams.Meter meter;

    DirStore(Path root, String where, Streams.Meter meter) {
      this.root = root;
      this.where = where;
      this.meter = meter;
    }

    @Override
    public Member member(String name) throws ImageArchiveException {
      Path p = root.resolve(name);
      if (!Files.exists(p)) {
        return null;
      }
      try {
        Path real = p.toRealPath();
        if (!real.startsWith(root)) {
          throw new ImageArchiveException(where + ": " + name
              + " is a symbolic link pointing outside the layout");
        }
        if (!Files.isRegularFile(real)) {
          throw new ImageArchiveException(where + ": " + name + " is not a regular file");
        }
        return new Member(name, 0, Files.size(real));
      } catch (ImageArchiveException e) {
        throw e;
      } catch (IOException e) {
        throw new ImageArchiveException(where + ": cannot read " + name + ": " + e.getMessage(), e);
      }
    }

    @Override
    public InputStream open(Member m) throws IOException {
      FileChannel ch = FileChannel.open(root.resolve(m.name()).toRealPath(), StandardOpenOption.READ);
      return new Closing(new Streams.ChannelSlice(ch, 0, m.size(), meter), ch);
    }
  }

  /** What a single pass over a stream kept: JSON documents whole and layer indexes. */
  static final class MemoryStore implements Store {
    final Map<String, byte[]> json = new HashMap<>();
    final Map<String, LayerIndex> layers = new HashMap<>();
    private final String where;

    MemoryStore(String where) {
      this.where = where;
    }

    @Override
    public Member member(String name) {
      if (json.containsKey(name)) {
        return new Member(name, 0, json.get(name).length);
      }
      LayerIndex l = layers.get(name);
      return l == null ? null : new Member(name, 0, l.rawSize());
    }

    @Override
    public InputStream open(Member m) throws IOException {
      byte[] b = json.get(m.name());
      if (b == null) {
        throw new ImageArchiveException(where + ": " + m.name()
            + " was not kept from the stream (it is not a JSON document)");
      }
      return new ByteArrayInputStream(b);
    }

    @Override
    public LayerIndex preIndexed(String name) {
      return layers.get(name);
    }
  }

  /** Closes a channel along with the stream reading it. */
  private static final class Closing extends java.io.FilterInputStream {
    private final java.io.Closeable other;

    Closing(InputStream in, java.io.Closeable other) {
      super(in);
      this.other = other;
    }

    @Override
    public long skip(long n) throws IOException {
      return in.skip(n);
    }

    @Override
    public void close() throws IOException {
      other.close();
    }
  }

  /** Counts bytes consumed from a stream into the meter. */
  private static final class Metered extends java.io.FilterInputStream {
    private final Streams.Meter meter;

    Metered(InputStream in, Streams.Meter meter) {
      super(in);
      this.meter = meter;
    }

    @Override
    public int read() throws IOException {
      int c = in.read();
      if (c >= 0) {
        meter.bytes++;
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        meter.bytes += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long k = in.skip(n);
      if (k > 0) {
        meter.bytes += k;
      }
      return k;
    }
  }
}
