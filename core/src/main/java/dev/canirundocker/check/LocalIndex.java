package dev.canirundocker.check;

import dev.canirundocker.daemon.DaemonImage;
import dev.canirundocker.daemon.ImageManifest;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.platform.PlatformMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which platform of a local image {@code docker run} starts when the image lives in the containerd
 * image store, where it is an index whose entries may or may not be present locally (a {@code
 * docker pull} fetches only one platform; {@code ImageManifest.available}).
 *
 * <p>moby daemon/containerd/image.go resolves an image without {@code --platform} with a matcher
 * that prefers the host's platforms in containerd's {@code Only} order and falls back to any
 * platform present locally ({@code matchAllWithPreference}); the one chosen is what {@code GET
 * /images/{name}/json} reports by default. Here: the best available entry by the host's {@link
 * PlatformMatcher}; else the daemon's default. The other entries are reported, present or not, so
 * that a user sees what {@code --platform} could pick. With the classic store (no entries) nothing
 * changes.
 */
public final class LocalIndex {
  /** Finding: the platform chosen among several in the local index. */
  public static final String SELECTED = FindingIds.IMAGE_INDEX_SELECTED;

  /** Finding: another platform of the local index, present or not. */
  public static final String OTHER = FindingIds.IMAGE_INDEX_OTHER;

  private LocalIndex() {}

  /**
   * The selection.
   *
   * @param platform the platform docker run would start
   * @param indexed whether the image is an index of the containerd store (then inspect and export
   *     can be asked for that platform)
   * @param findings what the index holds besides it
   */
  public record Selection(Platform platform, boolean indexed, List<Finding> findings) {
    public Selection {
      findings = List.copyOf(findings);
    }
  }

  /** Pure: from the inspect answer (with {@code manifests=1}) and the host. */
  public static Selection select(HostProfile host, DaemonImage img, String reference) {
    List<ImageManifest> entries = img.imageManifests();
    if (entries.isEmpty()) {
      return new Selection(img.platform(), false, List.of());
    }
    List<Platform> available = new ArrayList<>();
    for (ImageManifest m : entries) {
      if (m.available()) {
        available.add(m.platform().orElseThrow());
      }
    }
    Optional<Platform> best =
        PlatformMatcher.forHost(ImageCompatibility.matcherPlatform(host)).best(available);
    Platform chosen = best.orElse(img.platform());
    List<Finding> out = new ArrayList<>();
    if (entries.size() > 1) {
      out.add(
          Finding.info(
              SELECTED,
              "The local image index holds "
                  + entries.size()
                  + " platforms ("
                  + available.size()
                  + " present locally); docker run starts "
                  + chosen
                  + (best.isPresent()
                      ? ""
                      : ", the daemon's choice, since none present suits this host")));
    }
    for (ImageManifest m : entries) {
      Platform p = m.platform().orElseThrow();
      if (p.equals(chosen) && m.available()) {
        continue;
      }
      if (m.available()) {
        out.add(
            Finding.info(
                OTHER,
                "The local image index also holds " + p + ", present locally",
                "docker run --platform " + p + " " + reference));
      } else {
        out.add(
            Finding.info(
                OTHER,
                "The local image index also lists " + p + ", not present locally",
                "docker pull --platform " + p + " " + reference));
      }
    }
    return new Selection(chosen, true, out);
  }
}
