package dev.canirundocker.image;

import dev.canirundocker.platform.Platform;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the checks know about one image, whichever way it was read.
 *
 * @param source {@code archive}, {@code daemon} or {@code platform}
 * @param reference the image as the user gave it (a path, a name)
 * @param platform the platform the image's config declares
 * @param platforms every platform the source holds (several for a multi-platform index), in its
 *     order
 * @param command the command the container runs (entrypoint + cmd)
 * @param entrypointPath the file the kernel would load first (the interpreter's binary for a
 *     script), or null
 * @param entrypointReason why the entrypoint answer is incomplete, or null
 * @param binaryHead the first up to 64 KiB of {@code entrypointPath}, or null
 * @param script the script the command names, if it is one, else null
 * @param shebangInterpreter the interpreter as the script's {@code #!} line names it, else null
 * @param config the image configuration
 * @param startProblem why a container of the image cannot start on any host, or null (the reason is
 *     {@code entrypointReason})
 * @param loaderPath the entrypoint's ELF program interpreter as found in the image, or null
 * @param loaderHead the first up to 64 KiB of {@code loaderPath}, or null
 * @param distribution the image's os-release(5) file ({@code /etc/os-release}, else {@code
 *     /usr/lib/os-release}) as read from its layers, or null when it has none or it was not read
 */
public record ImageProfile(
    String source,
    String reference,
    Platform platform,
    List<Platform> platforms,
    List<String> command,
    @Nullable String entrypointPath,
    @Nullable String entrypointReason,
    byte @Nullable [] binaryHead,
    @Nullable String script,
    @Nullable String shebangInterpreter,
    ImageConfig config,
    @Nullable StartProblem startProblem,
    @Nullable String loaderPath,
    byte @Nullable [] loaderHead,
    @Nullable Distribution distribution) {

  private static final Set<String> SOURCES = Set.of("archive", "daemon", "platform");

  public ImageProfile {
    if (!SOURCES.contains(source)) {
      throw new IllegalArgumentException("source must be archive, daemon or platform: " + source);
    }
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(platform, "platform");
    platforms = platforms == null ? List.of() : List.copyOf(platforms);
    command = command == null ? List.of() : List.copyOf(command);
    binaryHead = binaryHead == null ? null : binaryHead.clone();
    loaderHead = loaderHead == null ? null : loaderHead.clone();
  }

  /** A profile without start problem, loader or os-release (a bare declaration). */
  public ImageProfile(
      String source,
      String reference,
      Platform platform,
      List<Platform> platforms,
      List<String> command,
      String entrypointPath,
      String entrypointReason,
      byte[] binaryHead,
      String script,
      String shebangInterpreter,
      ImageConfig config) {
    this(
        source,
        reference,
        platform,
        platforms,
        command,
        entrypointPath,
        entrypointReason,
        binaryHead,
        script,
        shebangInterpreter,
        config,
        null,
        null,
        null,
        null);
  }

  /** A profile from a configuration and an entrypoint resolution. */
  public static ImageProfile of(
      String source,
      String reference,
      ImageConfig config,
      List<Platform> platforms,
      EntrypointResolution entrypoint) {
    return of(source, reference, config, platforms, entrypoint, null);
  }

  /** A profile from a configuration, an entrypoint resolution and the image's os-release. */
  public static ImageProfile of(
      String source,
      String reference,
      ImageConfig config,
      List<Platform> platforms,
      EntrypointResolution entrypoint,
      @Nullable Distribution distribution) {
    return new ImageProfile(
        source,
        reference,
        config.platform(),
        platforms,
        entrypoint.argv(),
        entrypoint.path(),
        entrypoint.reason(),
        entrypoint.head(),
        entrypoint.script(),
        entrypoint.interpreter(),
        config,
        entrypoint.problem(),
        entrypoint.loader(),
        entrypoint.loaderHead(),
        distribution);
  }

  /** The loader head, copied. */
  @Override
  public byte @Nullable [] loaderHead() {
    return loaderHead == null ? null : loaderHead.clone();
  }

  /** The binary head, copied. */
  @Override
  public byte @Nullable [] binaryHead() {
    return binaryHead == null ? null : binaryHead.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageProfile p
        && source.equals(p.source)
        && reference.equals(p.reference)
        && platform.equals(p.platform)
        && platforms.equals(p.platforms)
        && command.equals(p.command)
        && Objects.equals(entrypointPath, p.entrypointPath)
        && Objects.equals(entrypointReason, p.entrypointReason)
        && Arrays.equals(binaryHead, p.binaryHead)
        && Objects.equals(script, p.script)
        && Objects.equals(shebangInterpreter, p.shebangInterpreter)
        && Objects.equals(config, p.config)
        && startProblem == p.startProblem
        && Objects.equals(loaderPath, p.loaderPath)
        && Arrays.equals(loaderHead, p.loaderHead)
        && Objects.equals(distribution, p.distribution);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        source,
        reference,
        platform,
        platforms,
        command,
        entrypointPath,
        entrypointReason,
        Arrays.hashCode(binaryHead),
        script,
        shebangInterpreter,
        config,
        startProblem,
        loaderPath,
        Arrays.hashCode(loaderHead),
        distribution);
  }

  @Override
  public String toString() {
    return "ImageProfile[source="
        + source
        + ", reference="
        + reference
        + ", platform="
        + platform
        + ", platforms="
        + platforms
        + ", command="
        + command
        + ", entrypointPath="
        + entrypointPath
        + ", entrypointReason="
        + entrypointReason
        + ", binaryHead="
        + (binaryHead == null ? "null" : binaryHead.length + " bytes")
        + ", script="
        + script
        + ", shebangInterpreter="
        + shebangInterpreter
        + ", startProblem="
        + startProblem
        + ", loaderPath="
        + loaderPath
        + ", distribution="
        + distribution
        + "]";
  }
}
