package dev.canirundocker.image;

import dev.canirundocker.platform.Platform;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One runnable image an archive holds: a docker-save {@code manifest.json} entry, or an image
 * manifest an OCI index lists (nested indexes flattened, attestation manifests left out).
 *
 * @param platform the platform the index descriptor declares, else the one the image's config
 *     declares
 * @param manifestDigest the image manifest's digest; null for a docker-save entry without one
 * @param references names the archive gives it (RepoTags, {@code
 *     org.opencontainers.image.ref.name}, {@code io.containerd.image.name}), possibly empty
 * @param available whether the archive holds the manifest's blob (a docker save of a multi-platform
 *     image may list platforms whose content it lacks)
 */
public record ImagePlatformEntry(
    Platform platform,
    @Nullable String manifestDigest,
    List<String> references,
    boolean available) {

  public ImagePlatformEntry {
    Objects.requireNonNull(platform, "platform");
    references = references == null ? List.of() : List.copyOf(references);
  }

  // equals and hashCode written out, as the record's own would be (components in order, the hash
  // folded by 31 from 0 as java.lang.runtime.ObjectMethods does): the generated ones bootstrap
  // through ObjectMethods at first use, which spins about twenty method-handle classes that no
  // class-data archive keeps, a few ms of every CLI start (issue 19)
  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof ImagePlatformEntry e
            && platform.equals(e.platform)
            && Objects.equals(manifestDigest, e.manifestDigest)
            && references.equals(e.references)
            && available == e.available;
  }

  @Override
  public int hashCode() {
    int h = platform.hashCode();
    h = h * 31 + Objects.hashCode(manifestDigest);
    h = h * 31 + references.hashCode();
    return h * 31 + Boolean.hashCode(available);
  }
}
