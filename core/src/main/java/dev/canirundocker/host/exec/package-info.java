/**
 * Exec probes: a tiny static ELF per architecture, run with a timeout, says whether this host
 * executes that architecture; not an API of its own.
 */
@NullMarked
package dev.canirundocker.host.exec;

import org.jspecify.annotations.NullMarked;
