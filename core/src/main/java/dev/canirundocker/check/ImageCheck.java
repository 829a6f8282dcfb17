package dev.canirundocker.check;

import dev.canirundocker.check.gpu.GpuCheck;
import dev.canirundocker.check.gpu.GpuImage;
import dev.canirundocker.daemon.DaemonGpuSupport;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.image.ImageProfile;
import dev.canirundocker.platform.Platform;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The rules one image goes through, in their order, once its files are read: the platform and its
 * entrypoint binary ({@link ImageCompatibility}), whether it can start at all ({@link
 * ImageStartRules}), what reading could not tell, then what it asks of a GPU ({@link GpuCheck}).
 * The same order for an archive's image and a daemon's, so that both give the same verdict on the
 * same image.
 */
public final class ImageCheck {
  private ImageCheck() {}

  /**
   * An image whose files were read: its platform and binary, then the start rules.
   *
   * @param binary the facts of its entrypoint binary, or null where it is not a readable ELF file
   */
  public static Evaluation files(
      HostProfile host, ImageProfile image, @Nullable BinaryFacts binary) {
    return ImageStartRules.apply(
        host, image, ImageCompatibility.evaluate(host, image.platform(), binary));
  }

  /**
   * An image read from an archive: {@link #files}, then its GPU requirements with no daemon to ask
   * for its runtimes.
   */
  public static Evaluation archived(
      HostProfile host, ImageProfile image, @Nullable BinaryFacts binary, GpuImage gpu) {
    return GpuCheck.apply(files(host, image, binary), host, gpu, null);
  }

  /**
   * A local image of the daemon, judged as the platform {@code docker run} starts.
   *
   * @param declared the platform judged (the config's, or the index entry {@link LocalIndex}
   *     selects)
   * @param read its files as the export stream gave them, or null where they were not read (a
   *     Windows image, an export that failed)
   * @param binary the facts of its entrypoint binary, or null
   * @param findings what selecting and reading found, added after the platform and start rules
   * @param support the daemon's GPU runtimes, or null where they were not asked for or unknown
   */
  public static Evaluation daemon(
      HostProfile host,
      Platform declared,
      @Nullable ImageProfile read,
      @Nullable BinaryFacts binary,
      List<Finding> findings,
      GpuImage gpu,
      @Nullable DaemonGpuSupport support) {
    Evaluation ev = ImageCompatibility.evaluate(host, declared, binary);
    if (read != null) {
      ev = ImageStartRules.apply(host, read, ev);
    }
    return GpuCheck.apply(ev.with(findings), host, gpu, support);
  }

  /**
   * An {@link FindingIds#IMAGE_BINARY_UNRESOLVED} info where the entrypoint could not be read and
   * the start rules have not already said why the image cannot start.
   *
   * @param binary the facts of its entrypoint binary, or null
   */
  public static Optional<Finding> unresolvedEntrypoint(
      ImageProfile image, @Nullable BinaryFacts binary) {
    if (binary != null || image.entrypointReason() == null || image.startProblem() != null) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.info(
            FindingIds.IMAGE_BINARY_UNRESOLVED,
            "The entrypoint could not be read: " + image.entrypointReason()));
  }

  /**
   * An {@link FindingIds#IMAGE_EXPORT_FAILED} warning: the layers could not be read, so the verdict
   * rests on the declared platform.
   *
   * @param problem what went wrong reading the export stream
   */
  public static Finding exportFailed(@Nullable String problem) {
    return Finding.warn(
        FindingIds.IMAGE_EXPORT_FAILED, "The image's layers could not be read: " + problem, null);
  }
}
