package dev.canirundocker.host.exec;

import dev.canirundocker.host.BinfmtEntry;
import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.host.ExecProbeResult.Outcome;
import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes the {@link ProbeBinaries} of the asked platforms and classifies what the kernel did.
 *
 * <p>The probes are written into a fresh directory that only the owner can use (under the system
 * temporary directory, or a base directory of the caller's choosing, e.g. one not mounted noexec),
 * started all at once, each given {@link #DEFAULT_TIMEOUT} (configurable) to exit, and killed when
 * they do not. The directory is deleted afterwards, and also by a shutdown hook while the probes
 * run, so that a SIGTERM mid-probe leaves nothing behind. Each probe runs with an empty environment
 * (so {@code QEMU_*} variables of the caller do not change the answer) and with the probe directory
 * as its working directory.
 *
 * <p>How a refusal is recognised. When the kernel refuses a file with ENOEXEC, glibc's {@code
 * execvp} (posix/execvpe.c {@code maybe_script_execute}), which the JDK's process launcher uses,
 * does not report the error: like POSIX shells it runs the file as a shell script with {@code
 * /bin/sh FILE}. The shell then fails on the binary and reports it on stderr as {@code FILE: ...}
 * (dash: {@code FILE: 1: Syntax error ...}, bash: {@code FILE: FILE: cannot execute binary file}).
 * A probe that exits non-zero with stderr starting with its own path is therefore classified {@link
 * Outcome#EXEC_FORMAT_ERROR}: the probe itself prints nothing, and neither the kernel nor qemu
 * write messages of that form. Where the launcher does report the errno ({@code error=8, Exec
 * format error} in the IOException, as without glibc's fallback), that is used directly; {@code
 * error=13} (EACCES: a noexec mount) gives {@link Outcome#PERMISSION_DENIED}.
 *
 * <p>The interpreter of a result is that of the first enabled binfmt_misc entry (in the order
 * given) whose magic matches the probe's header, when the probe ran: binfmt_misc is tried before
 * the kernel's own ELF loader (fs/binfmt_misc.c registers with {@code insert_binfmt}, at the head
 * of fs/exec.c's formats list). Pass an empty list when binfmt_misc is disabled as a whole ({@code
 * /proc/sys/fs/binfmt_misc/status}).
 *
 * <p>Instances are immutable and thread-safe; {@code with*} methods return changed copies.
 */
public final class ExecProbe implements ExecProbeRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ExecProbe.class);

  /** How long one probe may take by default: qemu-user starts in well under a second. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private final List<BinfmtEntry> binfmt;
  private final Duration timeout;
  private final @Nullable Path tempBase;
  private final Function<Platform, byte[]> binaries;

  private ExecProbe(
      List<BinfmtEntry> binfmt,
      Duration timeout,
      @Nullable Path tempBase,
      Function<Platform, byte[]> binaries) {
    this.binfmt = List.copyOf(binfmt);
    this.timeout = timeout;
    this.tempBase = tempBase;
    this.binaries = binaries;
  }

  /**
   * A runner with the default timeout, the system temporary directory and the built-in probes.
   *
   * @param binfmt this host's binfmt_misc entries (to name the interpreter of a probe that ran
   *     through one), possibly empty
   */
  public static ExecProbe create(List<BinfmtEntry> binfmt) {
    return new ExecProbe(
        Objects.requireNonNull(binfmt, "binfmt"),
        DEFAULT_TIMEOUT,
        null,
        ProbeBinaries::forPlatform);
  }

  /** This runner with another per-probe time limit (positive). */
  public ExecProbe withTimeout(Duration t) {
    if (t == null || t.isZero() || t.isNegative()) {
      throw new IllegalArgumentException("exec probe timeout must be positive, got " + t);
    }
    return new ExecProbe(binfmt, t, tempBase, binaries);
  }

  /** This runner creating its private directory under {@code base} (null: the system default). */
  public ExecProbe withTempBase(@Nullable Path base) {
    return new ExecProbe(binfmt, timeout, base, binaries);
  }

  /**
   * This runner with other files to execute per platform (the built-in ones are {@link
   * ProbeBinaries#forPlatform}); the function may throw IllegalArgumentException for a platform it
   * has no file for, which becomes an {@link Outcome#ERROR} result.
   */
  public ExecProbe withBinaries(Function<Platform, byte[]> source) {
    return new ExecProbe(binfmt, timeout, tempBase, Objects.requireNonNull(source, "source"));
  }

  /** The per-probe time limit. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public List<ExecProbeResult> run(List<Platform> platforms) {
    Objects.requireNonNull(platforms, "platforms");
    if (platforms.isEmpty()) {
      return List.of();
    }
    Path dir;
    try {
      dir = ProbeFiles.createPrivateDir(tempBase);
    } catch (IOException | UnsupportedOperationException e) {
      String why = "cannot create the probe directory: " + ProbeOutcomes.oneLine(e);
      List<ExecProbeResult> out = new ArrayList<>();
      for (Platform p : platforms) {
        out.add(new ExecProbeResult(p, Outcome.ERROR, null, why));
      }
      return List.copyOf(out);
    }
    // on SIGTERM the hook kills the probes still running (and what they started: a hung qemu, a
    // script's children), which would otherwise outlive the JVM, then deletes the directory
    Live live = new Live();
    Thread cleanup =
        new Thread(
            () -> {
              // wait for a start in flight to register its process, and let no new one begin
              synchronized (live) {
                live.stopping = true;
              }
              live.processes.forEach(ProbeFiles::kill);
              ProbeFiles.deleteTree(dir);
            },
            "exec-probe-cleanup");
    boolean hooked = ProbeFiles.addHook(cleanup);
    try {
      return runIn(dir, platforms, live);
    } finally {
      ProbeFiles.deleteTree(dir);
      if (hooked) {
        ProbeFiles.removeHook(cleanup);
      }
    }
  }

  /** The probes started so far; the lock orders a start against the shutdown hook. */
  private static final class Live {
    final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
    boolean stopping;
  }

  private List<ExecProbeResult> runIn(Path dir, List<Platform> platforms, Live live) {
    int n = platforms.size();
    ExecProbeResult[] results = new ExecProbeResult[n];
    Started[] started = new Started[n];
    // write and start every probe first, then wait: the probes run concurrently
    for (int i = 0; i < n; i++) {
      Platform p = platforms.get(i);
      byte[] bin;
      try {
        bin = binaries.apply(p);
      } catch (IllegalArgumentException e) {
        results[i] = new ExecProbeResult(p, Outcome.ERROR, null, ProbeOutcomes.oneLine(e));
        continue;
      }
      String interp = interpreterFor(bin);
      try {
        Path file = dir.resolve(i + "-" + p.architecture());
        Files.write(file, bin);
        ProbeFiles.setPermissions(file, "rwx------");
        Path err = dir.resolve(i + ".stderr");
        ProcessBuilder pb =
            new ProcessBuilder(file.toString())
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(ProbeFiles.devNull()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.to(err.toFile()));
        pb.environment().clear();
        synchronized (live) {
          if (live.stopping) {
            results[i] = new ExecProbeResult(p, Outcome.ERROR, null, "interrupted: shutting down");
            continue;
          }
          started[i] = new Started(p, file, err, interp, pb.start(), System.nanoTime());
          live.processes.add(started[i].process);
        }
      } catch (IOException e) {
        results[i] = ProbeOutcomes.ofStartFailure(p, interp, e);
      }
    }
    boolean interrupted = false;
    for (int i = 0; i < n; i++) {
      Started s = started[i];
      if (s == null) {
        continue;
      }
      if (interrupted) {
        ProbeFiles.kill(s.process);
        results[i] = new ExecProbeResult(s.platform, Outcome.ERROR, null, "interrupted");
        continue;
      }
      try {
        long left = timeout.toNanos() - (System.nanoTime() - s.startNanos);
        if (left > 0 && s.process.waitFor(left, TimeUnit.NANOSECONDS)) {
          results[i] = classifyExit(s, s.process.exitValue());
        } else {
          ProbeFiles.kill(s.process);
          results[i] =
              new ExecProbeResult(
                  s.platform,
                  Outcome.TIMEOUT,
                  null,
                  "no exit within " + timeout.toMillis() + " ms");
        }
      } catch (InterruptedException e) {
        interrupted = true;
        ProbeFiles.kill(s.process);
        results[i] = new ExecProbeResult(s.platform, Outcome.ERROR, null, "interrupted");
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    LOG.debug("exec probes in {}: {}", dir, List.of(results));
    return List.of(results);
  }

  private record Started(
      Platform platform,
      Path file,
      Path stderr,
      @Nullable String interpreter,
      Process process,
      long startNanos) {}

  private static ExecProbeResult classifyExit(Started s, int code) {
    String err = code == 0 ? "" : ProbeFiles.readStderr(s.stderr);
    return ProbeOutcomes.ofExit(s.platform, s.file, err, s.interpreter, code);
  }

  /** ProcessBuilder.start failed ({@link ProbeOutcomes#ofStartFailure}). */
  static ExecProbeResult classifyStartFailure(
      Platform p, @Nullable String interpreter, IOException e) {
    return ProbeOutcomes.ofStartFailure(p, interpreter, e);
  }

  private @Nullable String interpreterFor(byte[] bin) {
    for (BinfmtEntry e : binfmt) {
      if (e.enabled() && e.matches(bin)) {
        return e.interpreter();
      }
    }
    return null;
  }
}
