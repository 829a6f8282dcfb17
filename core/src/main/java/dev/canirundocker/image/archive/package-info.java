/**
 * How {@link dev.canirundocker.image.ImageArchive} reads an archive; not an API of its own.
 *
 * <ul>
 *   <li>{@link dev.canirundocker.image.archive.ArchiveReader}: opens a file, directory or stream
 *       and wires the parts below;
 *   <li>stores: {@code TarStore} (a tar file, positional reads), {@code DirStore} (an OCI layout
 *       directory), {@code MemoryStore} (what a stream pass kept); {@code Links} resolves links
 *       between archive members;
 *   <li>{@code LayoutReader} turns manifest.json / index.json into immutable {@link
 *       dev.canirundocker.image.archive.ImagePlan}s; {@code Documents} reads the JSON members;
 *   <li>{@link dev.canirundocker.image.archive.LayerIndexer} indexes each layer once and reads file
 *       heads; {@link dev.canirundocker.image.archive.KeptFiles} says which heads are kept as a
 *       layer passes;
 *   <li>{@code StreamConsumer}: the single pass over a stream;
 *   <li>{@link dev.canirundocker.image.archive.ReadBudget}: every limit and what has been spent.
 * </ul>
 */
@NullMarked
package dev.canirundocker.image.archive;

import org.jspecify.annotations.NullMarked;
