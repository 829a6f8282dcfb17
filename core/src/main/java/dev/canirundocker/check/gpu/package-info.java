/**
 * GPU rules: NVIDIA's requirement language ({@code NVIDIA_REQUIRE_*}) and what a host's driver and
 * CUDA version satisfy.
 */
@NullMarked
package dev.canirundocker.check.gpu;

import org.jspecify.annotations.NullMarked;
