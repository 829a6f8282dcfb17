/** Bounded reading of files a user names: size limits, bounded waits, and what a path is. */
package dev.canirundocker.io;
