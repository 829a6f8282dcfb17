package dev.canirundocker.cli;

import dev.canirundocker.check.Verdict;

/** The one table of exit codes (../design.md, contract). */
final class ExitCodes {
  static final int NATIVE = Verdict.NATIVE.exitCode();
  static final int ERROR = 1;
  static final int USAGE = 2;
  static final int EMULATED = Verdict.EMULATED.exitCode();
  static final int NEEDS_VM = Verdict.NEEDS_VM.exitCode();
  static final int UNSUPPORTED = Verdict.UNSUPPORTED.exitCode();


  private ExitCodes() {}
}
