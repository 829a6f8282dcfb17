package dev.canirundocker.daemon;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The answer to {@code GET /_ping}: the cheapest proof that a daemon answers, and its mode (moby
 * api/server/router/system/system_routes.go sets these headers).
 *
 * @param apiVersion the {@code Api-Version} header, such as {@code 1.41}, or null
 * @param osType the {@code Ostype} header ({@code linux} or {@code windows}: a Docker Desktop
 *     engine switched to Windows containers answers {@code windows}), or null
 * @param experimental the {@code Docker-Experimental} header
 * @param builderVersion the {@code Builder-Version} header ({@code 1} or {@code 2}), or null
 * @param server the {@code Server} header, such as {@code Docker/20.10.24 (linux)}, or null
 */
public record DaemonPing(
    @Nullable String apiVersion,
    @Nullable String osType,
    boolean experimental,
    @Nullable String builderVersion,
    @Nullable String server) {

  /**
   * The ping that these response headers describe: the one reading both clients share.
   *
   * @param header a header's value by its name (case-insensitive as HTTP says), or null when absent
   */
  static DaemonPing fromHeaders(Function<String, @Nullable String> header) {
    return new DaemonPing(
        header.apply("Api-Version"),
        header.apply("Ostype"),
        "true".equalsIgnoreCase(header.apply("Docker-Experimental")),
        header.apply("Builder-Version"),
        header.apply("Server"));
  }
}
