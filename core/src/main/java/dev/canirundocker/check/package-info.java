/**
 * Every rule, as pure functions of host and image profiles: image-on-host verdicts, VM routes,
 * engine readiness, and the finding ids scripts match on.
 */
@NullMarked
package dev.canirundocker.check;

import org.jspecify.annotations.NullMarked;
