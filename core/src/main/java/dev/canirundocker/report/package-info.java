/**
 * The tool's outputs as values, one {@link dev.canirundocker.report.Document} per command (host,
 * kernel, preflight, check), each with one JSON codec: an embedder that builds a document gets
 * exactly what {@code --json} prints, and the CLI only renders them.
 */
@NullMarked
package dev.canirundocker.report;

import org.jspecify.annotations.NullMarked;
