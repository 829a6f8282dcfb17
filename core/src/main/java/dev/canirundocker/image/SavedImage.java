package dev.canirundocker.image;

import java.util.List;

/**
 * One image an archive holds: {@code docker save a b c} writes three. A multi-platform image is
 * one, with several of {@link ImageArchive#platforms()}.
 *
 * @param names its names: RepoTags (docker save), {@code io.containerd.image.name} / {@code
 *     org.opencontainers.image.ref.name} (OCI), or, untagged, its digest (the config digest, the
 *     image ID Docker shows, for a classic save; the top-level descriptor's digest for OCI)
 * @param entries its positions in {@link ImageArchive#platforms()}, in archive order
 */
public record SavedImage(List<String> names, List<Integer> entries) {

  public SavedImage {
    names = List.copyOf(names);
    entries = List.copyOf(entries);
    if (names.isEmpty() || entries.isEmpty()) {
      throw new IllegalArgumentException("an image has a name and at least one entry");
    }
  }

  /** The name results carry: its first name. */
  public String name() {
    return names.get(0);
  }
}
