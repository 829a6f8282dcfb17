/**
 * The {@code cird} command line: picocli commands, their options and the rendering of reports.
 *
 * <p>{@code @NullMarked}: a reference is non-null unless its type says {@code @Nullable}; an option
 * that may be absent is {@code @Nullable}, and a field that picocli or the programmatic binding
 * ({@link dev.canirundocker.cli.Specs}) fills before the command runs says so where it is declared.
 */
@NullMarked
package dev.canirundocker.cli;

import org.jspecify.annotations.NullMarked;
