package dev.canirundocker.image.archive;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where one image of an archive lies: its manifest (OCI), its configuration and its layers.
 * Immutable; a plan read from an index descriptor has no layers yet ({@link #resolved()} false)
 * until {@link LayoutReader#resolve(ImagePlan)} reads its manifest and returns the whole plan.
 *
 * @param manifestDigest the image manifest's digest; null for a classic docker-save entry
 * @param manifestSize the descriptor's size of the manifest, or -1
 * @param configName the archive member holding the configuration, or null until resolved
 * @param configLabel names the configuration in messages
 * @param configDigest what the configuration must hash to, or null
 * @param configSize the descriptor's size of the configuration, or -1
 * @param layers the layers bottom first, or null until resolved
 * @param repoTags the names docker save gives the image ({@code RepoTags}), possibly empty
 * @param image which image of the archive it belongs to: its {@code manifest.json} entry, or the
 *     top-level {@code index.json} descriptor it was reached from (a multi-platform image's
 *     platforms share one)
 * @param imageDigest names that image when it has no name: the config digest (docker save) or the
 *     top-level descriptor's digest (OCI)
 */
public record ImagePlan(
    @Nullable String manifestDigest,
    long manifestSize,
    @Nullable String configName,
    @Nullable String configLabel,
    @Nullable String configDigest,
    long configSize,
    @Nullable List<LayerRef> layers,
    List<String> repoTags,
    int image,
    String imageDigest) {

  public ImagePlan {
    layers = layers == null ? null : List.copyOf(layers);
    repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
  }

  /** A plan known by its manifest's descriptor only. */
  static ImagePlan ofManifest(String digest, long size, int image, String imageDigest) {
    return new ImagePlan(digest, size, null, null, null, -1, null, List.of(), image, imageDigest);
  }

  /** Whether the configuration and layers are known. */
  public boolean resolved() {
    return layers != null;
  }

  /** {@link #configName} of a resolved plan. */
  String resolvedConfigName() {
    return java.util.Objects.requireNonNull(configName, "the plan is resolved");
  }

  /** {@link #configLabel} of a resolved plan. */
  String resolvedConfigLabel() {
    return java.util.Objects.requireNonNull(configLabel, "the plan is resolved");
  }
}
