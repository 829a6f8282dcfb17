/**
 * The Docker daemon as a port ({@link dev.canirundocker.daemon.DaemonClient}): our HTTP client over
 * unix, tcp, tls, named pipe and ssh, API negotiation, endpoint discovery, and the docker-java
 * adapter.
 */
@NullMarked
package dev.canirundocker.daemon;

import org.jspecify.annotations.NullMarked;
