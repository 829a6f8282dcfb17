/**
 * What a host is: the immutable {@link dev.canirundocker.host.HostProfile}, the probes that fill it
 * (Linux, Windows, macOS) and the one seam they read through, {@link
 * dev.canirundocker.host.ProbeOptions}.
 */
@NullMarked
package dev.canirundocker.host;

import org.jspecify.annotations.NullMarked;
