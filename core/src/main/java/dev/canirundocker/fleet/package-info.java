/**
 * Hosts × targets: a matrix of verdicts, Kubernetes NodeLists and NFD labels as hosts, and the
 * matrix renderers.
 */
@NullMarked
package dev.canirundocker.fleet;

import org.jspecify.annotations.NullMarked;
