package dev.canirundocker.cli;

import dev.canirundocker.check.PlatformMismatchException;
import dev.canirundocker.daemon.DaemonException;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.report.CheckResult;
import dev.canirundocker.report.TargetError;
import org.jspecify.annotations.Nullable;

/**
 * A result with the exception behind it, where it is an error result: the result goes into the
 * document, the exception's stack trace to stderr with -v.
 *
 * @param result the result
 * @param cause why it is an error result, or null
 */
record Judged(CheckResult result, @Nullable Throwable cause) {
  static Judged ok(CheckResult r) {
    return new Judged(r, null);
  }

  /** The error result of a failure judging {@code target}; unexpected failures are rethrown. */
  static Judged failed(String target, CheckResult.Source source, Exception e) {
    TargetError err;
    if (e instanceof DaemonException d) {
      err = TargetError.of(d);
    } else if (e instanceof PlatformMismatchException) {
      err =
          new TargetError(
              TargetError.IMAGE_PLATFORM_MISMATCH, dev.canirundocker.text.Text.message(e));
    } else if (e instanceof ImageArchiveException) {
      err =
          new TargetError(
              source == CheckResult.Source.ARCHIVE
                  ? TargetError.ARCHIVE_UNREADABLE
                  : TargetError.IMAGE_UNREADABLE,
              dev.canirundocker.text.Text.message(e));
    } else if (e instanceof RuntimeException r) {
      throw r;
    } else {
      throw new CliException(dev.canirundocker.text.Text.message(e), e);
    }
    return new Judged(CheckResult.failed(target, source, err), e);
  }
}
