/**
 * ELF headers and notes, and {@code #!} lines: what a file in an image says about the machine that
 * runs it.
 */
@NullMarked
package dev.canirundocker.elf;

import org.jspecify.annotations.NullMarked;
