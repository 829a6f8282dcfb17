package dev.canirundocker.cli;

import dev.canirundocker.check.Verdict;

/** The one table of exit codes (the table at the top of the README: scripts read them). */
final class ExitCodes {
  static final int NATIVE = Verdict.NATIVE.exitCode();
  static final int ERROR = 1;
  static final int USAGE = 2;
  static final int EMULATED = Verdict.EMULATED.exitCode();
  static final int NEEDS_VM = Verdict.NEEDS_VM.exitCode();
  static final int UNSUPPORTED = Verdict.UNSUPPORTED.exitCode();

  // The exit-code table of every command's help and of the man pages; constants, because
  // annotation values must be. Keep in step with the README's table.
  static final String HEADING = "%nExit codes:%n";
  static final String HELP_NATIVE = " 0:NATIVE: the host kernel runs it directly";
  static final String HELP_ERROR =
      " 1:the check could not be completed (a one-line reason on stderr)";
  static final String HELP_USAGE = " 2:usage error (unknown option, missing argument)";
  static final String HELP_EMULATED =
      " 3:EMULATED: runs only through user-mode emulation (binfmt_misc + QEMU)";
  static final String HELP_NEEDS_VM =
      " 4:NEEDS_VM: needs a VM (Docker Desktop, WSL 2, Hyper-V isolation, a Linux VM)";
  static final String HELP_UNSUPPORTED =
      " 5:UNSUPPORTED: cannot run on this host as configured; the findings say what would change that";

  private ExitCodes() {}
}
