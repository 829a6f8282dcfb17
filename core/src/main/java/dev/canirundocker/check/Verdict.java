package dev.canirundocker.check;

import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * How a host can run something, ordered from best to worst; when several things are judged together
 * the worst wins. Each verdict has the CLI exit code of the table at the top of the README.
 */
public enum Verdict {
  /** The host kernel runs it directly. */
  NATIVE(0),
  /** Runs on this kernel only through user-mode emulation usable inside containers. */
  EMULATED(3),
  /**
   * Cannot run on this kernel; runs in a VM (Docker Desktop, WSL 2, Hyper-V isolation, a Linux VM).
   */
  NEEDS_VM(4),
  /** Cannot run on this host as it is configured; the findings say what would change that. */
  UNSUPPORTED(5);

  private final int exitCode;

  Verdict(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The process exit code the CLI uses for this verdict. */
  public int exitCode() {
    return exitCode;
  }

  /** The worse of two verdicts. */
  public Verdict worst(@Nullable Verdict other) {
    return other != null && other.ordinal() > ordinal() ? other : this;
  }

  /** The worst of several verdicts; NATIVE for none. */
  public static Verdict worstOf(Collection<Verdict> verdicts) {
    Verdict v = NATIVE;
    for (Verdict x : verdicts) {
      v = v.worst(x);
    }
    return v;
  }

  /** Parses a verdict name as written in JSON. */
  public static Verdict parse(String s) {
    for (Verdict v : values()) {
      if (v.name().equals(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown verdict '" + s + "'");
  }
}
