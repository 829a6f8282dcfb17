package dev.canirundocker.host.exec;

import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.host.ExecProbeResult.Outcome;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.text.Text;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a probe's end says, as a pure function of its exit status and stderr, or of the launcher's
 * error: ran, refused by the kernel (ENOEXEC, seen directly or through glibc's {@code /bin/sh}
 * fallback, posix/execvpe.c {@code maybe_script_execute}), denied (EACCES: a noexec mount) or
 * failed. {@link ExecProbe}'s class comment says why each sign means what it does.
 */
final class ProbeOutcomes {
  private static final Pattern ERRNO = Pattern.compile("error=(\\d{1,6})");
  private static final int ENOEXEC = 8;
  private static final int EACCES = 13;

  private ProbeOutcomes() {}

  /**
   * A probe that exited with {@code code}; {@code err} is the start of its stderr, {@code file} the
   * path it was started as.
   */
  static ExecProbeResult ofExit(
      Platform platform, Path file, String err, @Nullable String interpreter, int code) {
    if (code == 0) {
      return new ExecProbeResult(platform, Outcome.RAN, interpreter, "exit status 0");
    }
    String path = file.toString();
    if (err.startsWith(path + ":")) {
      // glibc ran the refused file through /bin/sh (see ExecProbe's class comment)
      return new ExecProbeResult(
          platform,
          Outcome.EXEC_FORMAT_ERROR,
          null,
          "Exec format error (ENOEXEC; /bin/sh then failed on it: "
              + firstLine(err.substring(path.length() + 1).trim())
              + ")");
    }
    String detail = code > 128 ? "killed by signal " + (code - 128) : "exit status " + code;
    if (!err.isBlank()) {
      detail += ": " + firstLine(err.trim());
    }
    return new ExecProbeResult(platform, Outcome.ERROR, interpreter, detail);
  }

  /** ProcessBuilder.start failed: "Cannot run program "x": error=8, Exec format error". */
  static ExecProbeResult ofStartFailure(Platform p, @Nullable String interpreter, IOException e) {
    String msg = oneLine(e);
    Matcher m = ERRNO.matcher(msg);
    int errno = -1;
    String detail = msg;
    if (m.find()) {
      errno = Integer.parseInt(m.group(1));
      detail = msg.substring(m.start());
    }
    if (errno == ENOEXEC) {
      return new ExecProbeResult(p, Outcome.EXEC_FORMAT_ERROR, null, detail);
    }
    if (errno == EACCES) {
      return new ExecProbeResult(
          p,
          Outcome.PERMISSION_DENIED,
          null,
          detail + " (is the probe directory on a noexec mount?)");
    }
    return new ExecProbeResult(p, Outcome.ERROR, interpreter, detail);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String l = nl < 0 ? s : s.substring(0, nl);
    // shells echo the binary's bytes back: keep the detail printable and short
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < l.length() && b.length() < 200; i++) {
      char c = l.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }

  static String oneLine(Exception e) {
    return Text.message(e).replace('\n', ' ');
  }
}
