package dev.canirundocker.host;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import dev.canirundocker.platform.Platform;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What happened when this host executed the tiny static ELF of one architecture.
 *
 * @param platform the probed platform ({@code linux/386})
 * @param outcome what the kernel did
 * @param interpreter the binfmt_misc interpreter that ran it, when it ran through one, else null
 * @param detail the error text or exit status, for a person; may be null
 */
public record ExecProbeResult(
    Platform platform, Outcome outcome, @Nullable String interpreter, @Nullable String detail)
    implements JsonValue {

  /** The outcomes an exec probe tells apart. */
  public enum Outcome {
    /** Exited 0: the kernel (natively or through a binfmt_misc handler) runs this architecture. */
    RAN,
    /** ENOEXEC: the kernel cannot run it and no handler took it. */
    EXEC_FORMAT_ERROR,
    /**
     * EACCES: the probe directory is mounted noexec or access was refused; the answer is unknown.
     */
    PERMISSION_DENIED,
    /** The probe did not exit within its time limit. */
    TIMEOUT,
    /** Anything else (a crash, a non-zero exit, an interpreter that is missing). */
    ERROR;

    public String json() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Outcome parse(String s) {
      for (Outcome o : values()) {
        if (o.json().equals(s)) {
          return o;
        }
      }
      throw new IllegalArgumentException("unknown exec probe outcome '" + s + "'");
    }
  }

  /** Whether the probe ran. */
  public boolean ran() {
    return outcome == Outcome.RAN;
  }

  /**
   * Whether the probe gave an answer (ran, or was refused by the kernel as a format it cannot run).
   */
  public boolean conclusive() {
    return outcome == Outcome.RAN || outcome == Outcome.EXEC_FORMAT_ERROR;
  }

  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("platform", platform.toString());
    m.put("outcome", outcome.json());
    m.put("interpreter", interpreter);
    m.put("detail", detail);
    return m;
  }

  static ExecProbeResult fromJson(JsonReader r) {
    String written = r.requiredString("platform");
    Platform p = Platform.parse(written);
    // an exec probe of 32-bit arm is written without a variant (the probe runs on any arm); parse
    // would give arm its default v7, and the profile would not read back as it was written
    if (written.split("/", -1).length == 2 && !p.variant().isEmpty()) {
      p = p.withVariant("");
    }
    return new ExecProbeResult(
        p, Outcome.parse(r.requiredString("outcome")), r.string("interpreter"), r.string("detail"));
  }
}
