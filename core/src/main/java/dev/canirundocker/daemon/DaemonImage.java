package dev.canirundocker.daemon;

import dev.canirundocker.image.ImageConfig;
import dev.canirundocker.json.JsonException;
import dev.canirundocker.json.JsonReader;
import dev.canirundocker.platform.Platform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A local image as {@code GET /images/{name}/json} describes it (moby api/types/image
 * InspectResponse): its names, its configuration (the same {@link ImageConfig} an archive's config
 * blob gives; platform fields raw, as the daemon stored them; {@link #platform()} normalizes) and,
 * from the containerd image store, the entries of its index. docker-java's InspectImageResponse has
 * no variant getter, one reason this client reads the JSON itself.
 *
 * @param id content id ({@code sha256:...}): with the containerd store, the index's digest
 * @param repoTags tags naming it, possibly empty
 * @param repoDigests {@code name@sha256:...} entries, possibly empty
 * @param config the configuration inspect reports: {@code Os}, {@code Architecture}, {@code
 *     Variant} (engines before API 1.41 omit it), {@code OsVersion}, {@code OsFeatures}, {@code
 *     Config.*} and {@code RootFS.Layers}
 * @param manifests the index's entries ({@code Manifests}, API 1.48+ with {@code manifests=1}),
 *     empty with the classic store
 */
public record DaemonImage(
    String id,
    List<String> repoTags,
    List<String> repoDigests,
    ImageConfig config,
    List<ImageManifest> manifests) {

  public DaemonImage {
    Objects.requireNonNull(id, "id");
    repoTags = List.copyOf(repoTags);
    repoDigests = List.copyOf(repoDigests);
    Objects.requireNonNull(config, "config");
    manifests = List.copyOf(manifests);
  }

  /**
   * Parses an image inspect document.
   *
   * @throws JsonException naming the field when the document has the wrong shape
   */
  public static DaemonImage parse(String json) {
    JsonReader r = JsonReader.parse(json, "image");
    JsonReader c = r.object("Config");
    Map<String, String> labels = new LinkedHashMap<>();
    if (c != null && c.object("Labels") != null) {
      JsonReader l = c.object("Labels");
      for (String k : l.raw().keySet()) {
        String v = l.string(k);
        labels.put(k, v == null ? "" : v);
      }
    }
    JsonReader rootfs = r.object("RootFS");
    ImageConfig config =
        new ImageConfig(
            r.string("Os"),
            r.string("Architecture"),
            r.string("Variant"),
            r.string("OsVersion"),
            r.strings("OsFeatures"),
            c == null ? List.of() : c.strings("Entrypoint"),
            c == null ? List.of() : c.strings("Cmd"),
            c == null ? null : c.string("User"),
            c == null ? List.of() : c.strings("Env"),
            c == null ? null : c.string("WorkingDir"),
            labels,
            rootfs == null ? List.of() : rootfs.strings("Layers"));
    return new DaemonImage(
        r.requiredString("Id"),
        r.strings("RepoTags"),
        r.strings("RepoDigests"),
        config,
        ImageManifest.parseAll(r));
  }

  /** The normalized platform (os, architecture, variant, and for Windows the OS version). */
  public Platform platform() {
    return Platform.of(
        config.os(),
        config.architecture(),
        config.variant(),
        config.osVersion(),
        config.osFeatures());
  }

  /** {@code Config.Entrypoint}, possibly empty. */
  public List<String> entrypoint() {
    return config.entrypoint();
  }

  /** {@code Config.Cmd}, possibly empty. */
  public List<String> cmd() {
    return config.cmd();
  }

  /** The platforms of the index's image entries, in the index's order; empty without an index. */
  public List<ImageManifest> imageManifests() {
    if (manifests.isEmpty()) {
      return List.of(); // the classic store's images, which --all asks once each
    }
    return manifests.stream().filter(ImageManifest::isImage).toList();
  }
}
