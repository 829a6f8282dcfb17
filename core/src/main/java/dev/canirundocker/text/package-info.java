/** Strings from outside made safe for a terminal and a one-line message; not an API of its own. */
@NullMarked
package dev.canirundocker.text;

import org.jspecify.annotations.NullMarked;
