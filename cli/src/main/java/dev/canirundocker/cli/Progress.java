package dev.canirundocker.cli;

import java.io.PrintStream;
import org.jspecify.annotations.Nullable;

/**
 * A one-line progress indication on stderr for long work ({@code check --all} over many images,
 * several archives): {@code checking 12/1000 images…}, rewritten in place with a carriage return
 * and erased when the work is done, so that what stays on the screen is the report alone.
 *
 * <p>Only on a terminal and never with {@code -q}: stderr of a script, a CI log or a file must hold
 * diagnostics only, not a stream of carriage returns. Thread-safe: image jobs report from a pool.
 */
final class Progress implements AutoCloseable {
  /** Progress that prints nothing. */
  static final Progress NONE = new Progress(null, "", 0);

  /** Where it prints; null: nowhere ({@link #NONE}). */
  private final @Nullable PrintStream err;

  private final String noun;
  private final int total;
  private int done;
  private int shown;

  private Progress(@Nullable PrintStream err, String noun, int total) {
    this.err = err;
    this.noun = noun;
    this.total = total;
  }

  /**
   * Progress over {@code total} items, printed only where the CLI talks to a person: a terminal,
   * without {@code --quiet}, and more than one item (one item needs no counter).
   */
  static Progress of(Main main, String noun, int total) {
    return main.terminal && !main.quiet && total > 1 ? new Progress(main.err, noun, total) : NONE;
  }

  /** Whether anything is printed at all. */
  boolean enabled() {
    return err != null;
  }

  /** Shows that the item {@code label} is being worked on (done so far unchanged). */
  synchronized void working(String label) {
    show("checking " + (done + 1) + "/" + total + " " + noun + "… " + label);
  }

  /** Counts one item as done. */
  synchronized void step() {
    done++;
    if (err == null) {
      return; // no terminal: nothing shown, no line built
    }
    show("checking " + done + "/" + total + " " + noun + "…");
  }

  private void show(String line) {
    if (err == null) {
      return;
    }
    // labels are paths and image names: keep the line short enough not to wrap on a narrow terminal
    String s = line.length() > 78 ? line.substring(0, 77) + "…" : line;
    int pad = Math.max(0, shown - s.length());
    err.print("\r" + s + " ".repeat(pad));
    err.flush();
    shown = s.length();
  }

  /** Erases the line, so the report that follows starts on a clean line. */
  @Override
  public synchronized void close() {
    if (err != null && shown > 0) {
      err.print("\r" + " ".repeat(shown) + "\r");
      err.flush();
      shown = 0;
    }
  }
}
