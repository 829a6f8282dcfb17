/**
 * Images: configs, entrypoint resolution, and docker-save / OCI archives read through {@link
 * dev.canirundocker.image.ImageArchive}.
 */
@NullMarked
package dev.canirundocker.image;

import org.jspecify.annotations.NullMarked;
