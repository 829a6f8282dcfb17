package dev.canirundocker.cli;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Where a run's time goes, for cli/bench/run: with {@code -Dcird.phases=true} (through
 * CIRD_JAVA_OPTS) each phase's duration is printed to stderr at exit as {@code cird-phase NAME MS}.
 * The first phase, {@code jvm}, is the time from {@code CIRD_PHASES_T0} (nanoseconds since the
 * epoch, taken by the caller just before it starts the launcher) to {@code main()}: the launcher
 * script and the JVM's own start. Off, a mark costs one static boolean test.
 */
final class Phases {
  /** Whether phase marks are recorded. */
  static final boolean ON = Boolean.getBoolean("cird.phases");

  private static final StringBuilder LOG = new StringBuilder();
  private static long last;

  static {
    if (ON) {
      last = System.nanoTime();
      String t0 = System.getenv("CIRD_PHASES_T0");
      if (digits(t0)) {
        Instant now = Instant.now();
        long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        line("jvm", nowNs - Long.parseLong(t0));
      }
    }
  }

  private Phases() {}

  /**
   * Whether {@code s} is 1 to 19 ASCII digits. Not a regular expression: compiling one would load
   * java.util.regex and start java.lang.invoke here, and the marks would count that as the run's.
   */
  static boolean digits(String s) {
    if (s == null || s.isEmpty() || s.length() > 19) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Ends the phase {@code name}: the time since the previous mark (or main()) is its own. */
  static void mark(String name) {
    if (ON) {
      long now = System.nanoTime();
      synchronized (LOG) {
        line(name, now - last);
        last = now;
      }
    }
  }

  private static void line(String name, long nanos) {
    LOG.append("cird-phase ").append(name).append(' ').append(nanos / 1000 / 1000.0).append('\n');
  }

  /** Prints the marks, if recorded. */
  static void print(PrintStream err) {
    if (ON) {
      synchronized (LOG) {
        err.print(LOG);
        err.flush();
      }
    }
  }
}
