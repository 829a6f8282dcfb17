package dev.canirundocker.image.archive;

import dev.canirundocker.image.ArchiveLimits;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.image.ImageConfig;
import dev.canirundocker.image.ImagePlatformEntry;
import dev.canirundocker.json.Json;
import dev.canirundocker.json.JsonException;
import dev.canirundocker.json.JsonReader;
import dev.canirundocker.platform.Platform;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Interprets an archive's layout into one {@link ImagePlan} per runnable image: a classic {@code
 * docker save}'s {@code manifest.json} (moby {@code image/tarexport}), or an OCI layout's {@code
 * index.json} (image-spec {@code image-layout.md}, {@code image-index.md}), nested indexes
 * flattened (cycles and excessive nesting are errors), attestation manifests left out (BuildKit
 * marks them {@code vnd.docker.reference.type=attestation-manifest}), and artifacts that are not
 * images (other media types) left out too.
 */
final class LayoutReader {
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  private static final int MAX_DESCRIPTORS = 10_000;

  /** The images of an archive, in archive order: entries and plans at the same positions. */
  record Layout(List<ImagePlatformEntry> entries, List<ImagePlan> plans) {
    Layout {
      entries = List.copyOf(entries);
      plans = List.copyOf(plans);
    }
  }

  private final Documents docs;
  private final ArchiveLimits limits;

  LayoutReader(Documents docs, ArchiveLimits limits) {
    this.docs = docs;
    this.limits = limits;
  }

  /**
   * Reads the layout; {@code oci} says whether it is an OCI layout (else a classic docker save).
   */
  Layout read(boolean oci) throws ImageArchiveException {
    List<ImagePlatformEntry> entries = new ArrayList<>();
    List<ImagePlan> plans = new ArrayList<>();
    if (oci) {
      readOci(entries, plans);
    } else {
      readDockerSave(entries, plans);
    }
    if (entries.isEmpty()) {
      throw docs.err("holds no image");
    }
    return new Layout(entries, plans);
  }

  private void readDockerSave(List<ImagePlatformEntry> entries, List<ImagePlan> plans)
      throws ImageArchiveException {
    if (docs.store().member("manifest.json") == null) {
      throw docs.err(
          "neither a docker-save archive (no manifest.json) nor an OCI image layout (no oci-layout)");
    }
    Object doc = docs.parse(docs.read("manifest.json", "manifest.json", null, -1), "manifest.json");
    if (!(doc instanceof List)) {
      throw docs.err("manifest.json: expected an array but found " + Json.typeName(doc));
    }
    String where = docs.where();
    int i = 0;
    for (Object o : (List<?>) doc) {
      String label = "manifest.json[" + i + "]";
      JsonReader r = JsonReader.of(docs.object(o, label), label);
      String configName;
      List<String> layerNames;
      List<String> tags;
      try {
        configName = Links.memberName(r.requiredString("Config"), where);
        layerNames = r.strings("Layers");
        tags = r.strings("RepoTags");
      } catch (JsonException e) {
        throw docs.err(e.getMessage());
      }
      String configDigest = Documents.expectedDigest(configName);
      String configLabel = "config " + configName;
      byte[] configBytes = docs.read(configName, configLabel, configDigest, -1);
      ImageConfig config = docs.config(configBytes, configLabel);
      List<LayerRef> layers = new ArrayList<>();
      for (int k = 0; k < layerNames.size(); k++) {
        String m = Links.memberName(layerNames.get(k), where);
        String diffId = k < config.diffIds().size() ? config.diffIds().get(k) : null;
        layers.add(new LayerRef(m, "layer " + m, Documents.expectedDigest(m), -1, diffId));
      }
      // untagged, an image is known by its ID: the digest of its config
      plans.add(
          new ImagePlan(
              null,
              -1,
              configName,
              configLabel,
              configDigest,
              -1,
              layers,
              tags,
              i,
              Streams.sha256(configBytes)));
      entries.add(new ImagePlatformEntry(config.platform(), null, tags, true));
      i++;
    }
  }

  private void readOci(List<ImagePlatformEntry> entries, List<ImagePlan> plans)
      throws ImageArchiveException {
    byte[] layout = docs.read("oci-layout", "oci-layout", null, -1);
    try {
      JsonReader.of(docs.object(docs.parse(layout, "oci-layout"), "oci-layout"), "oci-layout")
          .requiredString("imageLayoutVersion");
    } catch (JsonException e) {
      throw docs.err(e.getMessage());
    }
    byte[] index = docs.read("index.json", "index.json", null, -1);
    JsonReader r =
        JsonReader.of(docs.object(docs.parse(index, "index.json"), "index.json"), "index.json");
    new Walk(entries, plans).index(r, 0, List.of(), -1, null);
  }

  /** One walk over nested indexes: the stack for cycles and the descriptor count are its state. */
  private final class Walk {
    private final List<ImagePlatformEntry> entries;
    private final List<ImagePlan> plans;
    private final Deque<String> stack = new ArrayDeque<>();
    private int descriptors;

    Walk(List<ImagePlatformEntry> entries, List<ImagePlan> plans) {
      this.entries = entries;
      this.plans = plans;
    }

    /**
     * @param top the top-level descriptor this index was reached from, -1 for index.json itself
     */
    void index(JsonReader index, int depth, List<String> refs, int top, @Nullable String topDigest)
        throws ImageArchiveException {
      List<JsonReader> descs;
      try {
        descs = index.objects("manifests");
      } catch (JsonException e) {
        throw docs.err(e.getMessage());
      }
      for (int i = 0; i < descs.size(); i++) {
        if (++descriptors > MAX_DESCRIPTORS) {
          throw docs.err("image indexes list more than " + MAX_DESCRIPTORS + " manifests");
        }
        descriptor(descs.get(i), depth, refs, top < 0 ? i : top, topDigest);
      }
    }

    private void descriptor(
        JsonReader d, int depth, List<String> refs, int top, @Nullable String topDigest)
        throws ImageArchiveException {
      String digest;
      String mediaType;
      long size;
      List<String> names = new ArrayList<>(refs);
      JsonReader platform;
      boolean attestation = false;
      try {
        digest = d.requiredString("digest");
        mediaType = d.string("mediaType");
        Long s = d.longValue("size");
        size = s == null ? -1 : s;
        platform = d.object("platform");
        JsonReader ann = d.object("annotations");
        if (ann != null) {
          attestation = "attestation-manifest".equals(ann.string("vnd.docker.reference.type"));
          addName(names, ann.string("io.containerd.image.name"));
          addName(names, ann.string("org.opencontainers.image.ref.name"));
        }
      } catch (JsonException e) {
        throw docs.err(e.getMessage());
      }
      docs.checkDigest(digest, d.path());
      if (attestation) {
        return;
      }
      String imageDigest = topDigest != null ? topDigest : digest;
      boolean available = docs.store().member(Documents.blobName(digest)) != null;
      if (mediaType == null && available) {
        // a descriptor may omit the media type; the document itself then tells
        JsonReader doc = docs.blobObject(digest, size, "blob " + digest);
        mediaType = doc.has("manifests") ? OCI_INDEX : doc.has("config") ? OCI_MANIFEST : "";
      }
      if (OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType)) {
        if (stack.contains(digest)) {
          throw docs.err("image index cycle at " + digest);
        }
        if (depth + 1 > limits.maxIndexDepth()) {
          throw docs.err("image indexes nested deeper than " + limits.maxIndexDepth());
        }
        JsonReader child = docs.blobObject(digest, size, "index " + digest);
        stack.push(digest);
        index(child, depth + 1, names, top, imageDigest);
        stack.pop();
      } else if (OCI_MANIFEST.equals(mediaType)
          || DOCKER_MANIFEST.equals(mediaType)
          || mediaType == null) {
        ImagePlan p = ImagePlan.ofManifest(digest, size, top, imageDigest);
        Platform pl;
        try {
          pl =
              platform == null
                  ? null
                  : Platform.of(
                      platform.requiredString("os"),
                      platform.requiredString("architecture"),
                      platform.string("variant"),
                      platform.string("os.version"),
                      platform.strings("os.features"));
        } catch (JsonException e) {
          throw docs.err(e.getMessage());
        }
        if (pl == null) {
          if (!available) {
            throw docs.err("missing blob " + digest);
          }
          p = resolve(p);
          pl =
              docs.config(
                      docs.read(
                          p.resolvedConfigName(),
                          p.resolvedConfigLabel(),
                          p.configDigest(),
                          p.configSize()),
                      p.resolvedConfigLabel())
                  .platform();
        }
        plans.add(p);
        entries.add(new ImagePlatformEntry(pl, digest, names, available));
      }
      // other media types (artifacts, signatures) are not images: left out
    }
  }

  private static void addName(List<String> names, @Nullable String n) {
    if (n != null && !n.isEmpty() && !names.contains(n)) {
      names.add(n);
    }
  }

  /** The whole plan of an image known by its manifest descriptor: reads the manifest. */
  ImagePlan resolve(ImagePlan p) throws ImageArchiveException {
    if (p.resolved()) {
      return p;
    }
    String label = "manifest " + p.manifestDigest();
    JsonReader m =
        docs.blobObject(
            java.util.Objects.requireNonNull(
                p.manifestDigest(), "an unresolved plan has its digest"),
            p.manifestSize(),
            label);
    try {
      JsonReader cfg = m.requiredObject("config");
      String configDigest = cfg.requiredString("digest");
      docs.checkDigest(configDigest, cfg.path());
      Long cs = cfg.longValue("size");
      List<LayerRef> layers = new ArrayList<>();
      for (JsonReader l : m.objects("layers")) {
        String d = l.requiredString("digest");
        docs.checkDigest(d, l.path());
        Long ls = l.longValue("size");
        layers.add(
            new LayerRef(Documents.blobName(d), "layer " + d, d, ls == null ? -1 : ls, null));
      }
      return new ImagePlan(
          p.manifestDigest(),
          p.manifestSize(),
          Documents.blobName(configDigest),
          "config " + configDigest,
          configDigest,
          cs == null ? -1 : cs,
          layers,
          p.repoTags(),
          p.image(),
          p.imageDigest());
    } catch (JsonException e) {
      throw docs.err(label + ": " + e.getMessage());
    }
  }
}
