/**
 * Platforms ({@code os/arch/variant}) parsed and normalized as containerd does, what a host runs
 * (best first), and the one table of compatibility modes.
 */
@NullMarked
package dev.canirundocker.platform;

import org.jspecify.annotations.NullMarked;
