package dev.canirundocker.host.exec;

import dev.canirundocker.host.BinfmtEntry;
import dev.canirundocker.host.ExecProbeResult.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test helpers that ask this machine directly: its binfmt_misc entries and what bash's exec does.
 */
final class HostExec {
  static final Path BINFMT = Path.of("/proc/sys/fs/binfmt_misc");

  private HostExec() {}

  /** This machine's binfmt_misc entries, through the product's parser. */
  static List<BinfmtEntry> binfmtEntries() throws IOException {
    List<BinfmtEntry> out = new ArrayList<>();
    if (!Files.isDirectory(BINFMT)) {
      return out;
    }
    try (Stream<Path> s = Files.list(BINFMT)) {
      for (Path p : s.sorted().toList()) {
        String n = p.getFileName().toString();
        if (dev.canirundocker.host.linux.Binfmt.CONTROL_FILES.contains(n)) {
          continue;
        }
        try {
          out.add(dev.canirundocker.host.linux.Binfmt.parseBinfmtEntry(n, Files.readAllLines(p)));
        } catch (dev.canirundocker.host.linux.LinuxReadException e) {
          throw new IOException(e.getMessage(), e);
        }
      }
    }
    return out;
  }

  /** Whether binfmt_misc as a whole is switched on. */
  static boolean binfmtEnabled() throws IOException {
    Path st = BINFMT.resolve("status");
    return Files.isRegularFile(st) && Files.readString(st).trim().equals("enabled");
  }

  /**
   * Ground truth without Java's launcher: bash's {@code exec} reports ENOEXEC itself ("cannot
   * execute binary file: Exec format error", status 126) instead of running the file as a script.
   */
  static Outcome bashExec(Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("bash", "-c", "exec \"$0\"", file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return Outcome.TIMEOUT;
    }
    int rc = p.exitValue();
    if (rc == 0) {
      return Outcome.RAN;
    }
    if (rc == 126 && out.contains("Exec format error")) {
      return Outcome.EXEC_FORMAT_ERROR;
    }
    if (rc == 126 && out.contains("Permission denied")) {
      return Outcome.PERMISSION_DENIED;
    }
    return Outcome.ERROR;
  }

  static boolean hasBash() {
    return Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash"));
  }
}
