package dev.canirundocker.image.archive;

/**
 * Where one member's data lies in its store.
 *
 * @param name the cleaned member name ({@code manifest.json}, {@code blobs/sha256/<hex>})
 * @param offset where its data starts in the file (0 for a directory's file or a kept document)
 * @param size its size in bytes as stored
 */
record Member(String name, long offset, long size) {}
