package dev.canirundocker.image.archive;

import org.jspecify.annotations.Nullable;

/**
 * One layer of an image: the archive member that holds it and what it must hash to.
 *
 * @param member the member name ({@code blobs/sha256/<hex>}, {@code <id>/layer.tar})
 * @param label names the layer in messages ({@code layer sha256:...})
 * @param digest the descriptor's digest of the blob as stored, or null (classic docker save)
 * @param size the descriptor's size, or -1
 * @param diffId the config's digest of the uncompressed tar, or null
 */
public record LayerRef(
    String member, String label, @Nullable String digest, long size, @Nullable String diffId) {}
