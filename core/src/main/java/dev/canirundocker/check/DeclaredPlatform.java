package dev.canirundocker.check;

import dev.canirundocker.daemon.DaemonImage;
import dev.canirundocker.host.HostProfile;

/**
 * A daemon image judged by what inspect says only, without reading its layers: the platform its
 * config declares (or, for the containerd store's index, the entry {@link LocalIndex} selects). As
 * fast as {@code docker image inspect}, for sweeps over every local image; since a label is a claim
 * (an image built with the wrong {@code --platform} says amd64 and holds arm64 binaries), an {@link
 * FindingIds#IMAGE_BINARY_NOT_READ} info says the binary was not read.
 */
public final class DeclaredPlatform {
  private DeclaredPlatform() {}

  /** The evaluation of an inspected image by its declared platform. */
  public static Evaluation evaluate(HostProfile host, DaemonImage img) {
    LocalIndex.Selection sel =
        LocalIndex.select(host, img, img.repoTags().isEmpty() ? img.id() : img.repoTags().get(0));
    return ImageCompatibility.evaluate(host, sel.platform(), null)
        .with(sel.findings())
        .with(
            Finding.info(
                FindingIds.IMAGE_BINARY_NOT_READ,
                "Judged by the platform the image declares; its "
                    + "entrypoint binary was not read",
                "Add --binaries (or name the image) to read it"));
  }
}
