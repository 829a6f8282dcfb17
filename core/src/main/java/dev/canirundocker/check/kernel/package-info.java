/**
 * The kernel catalog: which kernel options and modules Docker needs, and the verdicts of a kernel's
 * configuration against them.
 */
@NullMarked
package dev.canirundocker.check.kernel;

import org.jspecify.annotations.NullMarked;
