/**
 * can-i-run-docker's facade, {@link dev.canirundocker.CanIRunDocker}: what an embedding project
 * calls to probe a host, read an image and get verdicts.
 */
@NullMarked
package dev.canirundocker;

import org.jspecify.annotations.NullMarked;
