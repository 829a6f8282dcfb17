/** Bounded reading of files a user names: size limits, bounded waits, and what a path is. */
@NullMarked
package dev.canirundocker.io;

import org.jspecify.annotations.NullMarked;
