package dev.canirundocker.image;

import dev.canirundocker.platform.Platform;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the checks know about one image, whichever way it was read.
 *
 * @param source {@code archive}, {@code daemon} or {@code platform}
 * @param reference the image as the user gave it (a path, a name)
 * @param platform the platform the image's config declares
 * @param platforms every platform the source holds (several for a multi-platform index), in its order
 * @param command the command the container runs (entrypoint + cmd)
 * @param entrypointPath the file the kernel would load first (the interpreter's binary for a
 *     script), or null
 * @param entrypointReason why the entrypoint answer is incomplete, or null
 * @param binaryHead the first up to 64 KiB of {@code entrypointPath}, or null
 * @param script the script the command names, if it is one, else null
 * @param shebangInterpreter the interpreter as the script's {@code #!} line names it, else null
 * @param config the image configuration
 */
public record ImageProfile(String source, String reference, Platform platform,
    List<Platform> platforms, List<String> command, String entrypointPath, String entrypointReason,
    byte[] binaryHead, String script, String shebangInterpreter, ImageConfig config) {

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
  }

  /** A profile from a configuration and an entrypoint resolution. */
  public static ImageProfile of(String source, String reference, ImageConfig config,
      List<Platform> platforms, EntrypointResolution entrypoint) {
    return new ImageProfile(source, reference, config.platform(), platforms, entrypoint.argv(),
        entrypoint.path(), entrypoint.reason(), entrypoint.head(), entrypoint.script(),
        entrypoint.interpreter(), config);
  }

  /** The binary head, copied. */
  @Override
  public byte[] binaryHead() {
    return binaryHead == null ? null : binaryHead.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageProfile p && source.equals(p.source) && reference.equals(p.reference)
        && platform.equals(p.platform) && platforms.equals(p.platforms) && command.equals(p.command)
        && Objects.equals(entrypointPath, p.entrypointPath)
        && Objects.equals(entrypointReason, p.entrypointReason)
        && Arrays.equals(binaryHead, p.binaryHead) && Objects.equals(script, p.script)
        && Objects.equals(shebangInterpreter, p.shebangInterpreter) && Objects.equals(config, p.config);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, reference, platform, platforms, command, entrypointPath,
        entrypointReason, Arrays.hashCode(binaryHead), script, shebangInterpreter, config);
  }

  @Override
  public String toString() {
    return "ImageProfile[source=" + source + ", reference=" + reference + ", platform=" + platform
        + ", platforms=" + platforms + ", command=" + command + ", entrypointPath=" + entrypointPath
        + ", entrypointReason=" + entrypointReason + ", binaryHead="
        + (binaryHead == null ? "null" : binaryHead.length + " bytes") + ", script=" + script
        + ", shebangInterpreter=" + shebangInterpreter + "]";
  }
}
