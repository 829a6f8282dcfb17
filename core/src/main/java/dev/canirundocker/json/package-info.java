/** The strict JSON reader and writer the value types of the API parse and print with. */
@NullMarked
package dev.canirundocker.json;

import org.jspecify.annotations.NullMarked;
