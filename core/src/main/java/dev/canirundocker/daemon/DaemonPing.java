package dev.canirundocker.daemon;

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
    @Nullable String server) {}
