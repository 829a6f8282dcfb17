/**
 * The Linux readers, one per concern (cgroups, binfmt_misc, kernel configs, security, sysctls,
 * namespaces, rootless, NVIDIA, ...): a pure parser beside a thin read, every path under a
 * configurable root; not an API of its own.
 */
@NullMarked
package dev.canirundocker.host.linux;

import org.jspecify.annotations.NullMarked;
