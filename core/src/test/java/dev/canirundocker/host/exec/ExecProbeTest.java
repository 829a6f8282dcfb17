package dev.canirundocker.host.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.canirundocker.host.BinfmtEntry;
import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.host.ExecProbeResult.Outcome;
import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecProbeTest {
  private static final Platform AMD64 = Platform.parse("linux/amd64");
  private static final Platform I386 = Platform.parse("linux/386");

  @TempDir Path base;

  /** Ground-truth copies and mount points, apart from the runner's base directory. */
  @TempDir Path scratch;

  private ExecProbe probe(List<BinfmtEntry> binfmt) {
    return ExecProbe.create(binfmt).withTempBase(base);
  }

  private static boolean amd64Host() {
    return System.getProperty("os.arch").equals("amd64");
  }

  private void assertBaseEmpty() throws IOException {
    try (Stream<Path> s = Files.list(base)) {
      assertEquals(List.of(), s.toList(), "probe directory left behind");
    }
  }

  @Test
  void everyProbeOnThisMachineAgreesWithTheKernel() throws Exception {
    assumeTrue(amd64Host() && HostExec.hasBash(), "needs an amd64 host with bash");
    List<BinfmtEntry> binfmt = HostExec.binfmtEnabled() ? HostExec.binfmtEntries() : List.of();
    List<Platform> all = ProbeBinaries.supportedPlatforms();
    List<ExecProbeResult> results = probe(binfmt).run(all);
    assertBaseEmpty();
    assertEquals(all.size(), results.size());

    assertEquals(new ExecProbeResult(AMD64, Outcome.RAN, null, "exit status 0"), results.get(0));

    // 386 runs only where the kernel has IA32 emulation on (or a handler takes it): ask bash
    ExecProbeResult r386 = results.get(1);
    assertEquals(I386, r386.platform());
    assertEquals(
        HostExec.bashExec(ProbeBinariesTest.write(mkdir("gt"), I386)),
        r386.outcome(),
        r386.toString());

    // every architecture with an enabled fix-binary (F) handler runs through that handler
    int viaQemu = 0;
    for (int i = 2; i < all.size(); i++) {
      byte[] bin = ProbeBinaries.forPlatform(all.get(i));
      BinfmtEntry handler =
          binfmt.stream().filter(e -> e.enabled() && e.matches(bin)).findFirst().orElse(null);
      if (handler != null && handler.hasFlag('F')) {
        assertEquals(
            new ExecProbeResult(all.get(i), Outcome.RAN, handler.interpreter(), "exit status 0"),
            results.get(i));
        viaQemu++;
      } else {
        Path f = ProbeBinariesTest.write(mkdir("gt" + i), all.get(i));
        assertEquals(HostExec.bashExec(f), results.get(i).outcome(), results.get(i).toString());
      }
    }
    assertTrue(viaQemu > 0 || binfmt.isEmpty(), "no probe ran through binfmt_misc: " + results);
  }

  @Test
  void unknownMachineIsAnExecFormatError() throws Exception {
    assumeTrue(amd64Host() && HostExec.hasBash(), "needs an amd64 host with bash");
    // the amd64 probe with e_machine 0x1234: no kernel loader and no binfmt_misc entry takes it
    byte[] bin = ProbeBinaries.forPlatform(AMD64);
    ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN).putShort(18, (short) 0x1234);
    List<BinfmtEntry> binfmt = HostExec.binfmtEntries();
    List<ExecProbeResult> r = probe(binfmt).withBinaries(p -> bin).run(List.of(AMD64));
    assertBaseEmpty();
    Path f = mkdir("gt").resolve("odd");
    Files.write(f, bin);
    assertTrue(f.toFile().setExecutable(true, true));
    assertEquals(Outcome.EXEC_FORMAT_ERROR, HostExec.bashExec(f));
    assertEquals(1, r.size());
    assertEquals(Outcome.EXEC_FORMAT_ERROR, r.get(0).outcome(), r.get(0).toString());
    assertTrue(
        r.get(0)
            .detail()
            .startsWith("Exec format error (ENOEXEC; /bin/sh then failed on " + "it: "),
        r.get(0).detail());
  }

  @Test
  void shellFallbackLitterIsCleanedUp() throws Exception {
    assumeTrue(amd64Host(), "needs an amd64 host");
    // the amd64 probe with e_machine 0x013e: refused (ENOEXEC); /bin/sh then reads e_machine's
    // low byte 0x3e as '>' and creates a file with a garbage name in its working directory.
    // (Marking it big-endian would not do: Linux ignores EI_DATA and runs it.)
    byte[] bin = ProbeBinaries.forPlatform(AMD64);
    bin[19] = 1;
    List<ExecProbeResult> r = probe(List.of()).withBinaries(p -> bin).run(List.of(AMD64));
    assertEquals(Outcome.EXEC_FORMAT_ERROR, r.get(0).outcome(), r.get(0).toString());
    assertBaseEmpty();
  }

  @Test
  void noexecMountIsPermissionDenied() throws Exception {
    assumeTrue(amd64Host(), "needs an amd64 host");
    Path mnt = mkdir("noexec");
    boolean mounted = sh("mount", "-t", "tmpfs", "-o", "noexec,size=1m", "tmpfs", mnt.toString());
    assumeTrue(mounted, "cannot mount a noexec tmpfs here (needs root)");
    try {
      List<ExecProbeResult> r = ExecProbe.create(List.of()).withTempBase(mnt).run(List.of(AMD64));
      assertEquals(
          List.of(
              new ExecProbeResult(
                  AMD64,
                  Outcome.PERMISSION_DENIED,
                  null,
                  "error=13, Permission denied (is the probe directory on a noexec mount?)")),
          r);
      try (Stream<Path> s = Files.list(mnt)) {
        assertEquals(List.of(), s.toList());
      }
    } finally {
      assertTrue(sh("umount", mnt.toString()));
    }
  }

  @Test
  void probeThatDoesNotExitTimesOutAndIsKilled() throws Exception {
    byte[] script = "#!/bin/sh\nsleep 10\n".getBytes(StandardCharsets.US_ASCII);
    List<ExecProbeResult> r =
        probe(List.of())
            .withTimeout(Duration.ofMillis(300))
            .withBinaries(p -> script)
            .run(List.of(AMD64, I386));
    assertEquals(
        List.of(
            new ExecProbeResult(AMD64, Outcome.TIMEOUT, null, "no exit within 300 ms"),
            new ExecProbeResult(I386, Outcome.TIMEOUT, null, "no exit within 300 ms")),
        r);
    assertBaseEmpty();
  }

  @Test
  void nonZeroExitIsAnError() throws IOException {
    byte[] script = "#!/bin/sh\necho boom >&2\nexit 3\n".getBytes(StandardCharsets.US_ASCII);
    List<ExecProbeResult> r = probe(List.of()).withBinaries(p -> script).run(List.of(AMD64));
    assertEquals(
        List.of(new ExecProbeResult(AMD64, Outcome.ERROR, null, "exit status 3: boom")), r);
    assertBaseEmpty();
  }

  @Test
  void missingInterpreterIsAnError() throws IOException {
    byte[] script = "#!/nonexistent/interpreter\n".getBytes(StandardCharsets.US_ASCII);
    List<ExecProbeResult> r = probe(List.of()).withBinaries(p -> script).run(List.of(AMD64));
    assertEquals(
        List.of(
            new ExecProbeResult(AMD64, Outcome.ERROR, null, "error=2, No such file or directory")),
        r);
    assertBaseEmpty();
  }

  @Test
  void platformWithoutProbe() throws IOException {
    Platform sparc = Platform.parse("linux/sparc64");
    List<ExecProbeResult> r = probe(List.of()).run(List.of(sparc));
    assertEquals(
        List.of(
            new ExecProbeResult(
                sparc,
                Outcome.ERROR,
                null,
                "no exec probe for platform linux/sparc64: supported are "
                    + ProbeBinaries.supportedPlatforms())),
        r);
    assertBaseEmpty();
  }

  @Test
  void interpreterOfTheFirstEnabledMatchingEntry() throws IOException {
    byte[] ok = "#!/bin/sh\nexit 0\n".getBytes(StandardCharsets.US_ASCII);
    String magic = "23212f62696e2f7368"; // "#!/bin/sh"
    List<BinfmtEntry> entries =
        List.of(
            new BinfmtEntry("off", false, "/usr/bin/off", "F", 0, magic, null, null, null),
            new BinfmtEntry("other", true, "/usr/bin/other", "F", 0, "7f454c46", null, null, null),
            new BinfmtEntry("sh", true, "/usr/bin/sh-handler", "F", 0, magic, null, null, null));
    List<ExecProbeResult> r = probe(entries).withBinaries(p -> ok).run(List.of(AMD64));
    assertEquals(
        List.of(new ExecProbeResult(AMD64, Outcome.RAN, "/usr/bin/sh-handler", "exit status 0")),
        r);
  }

  @Test
  void startFailuresAreClassifiedByErrno() {
    assertEquals(
        new ExecProbeResult(I386, Outcome.EXEC_FORMAT_ERROR, null, "error=8, Exec format error"),
        ExecProbe.classifyStartFailure(
            I386,
            null,
            new IOException("Cannot run program \"/tmp/x/1-386\": error=8, Exec format error")));
    assertEquals(
        new ExecProbeResult(
            I386, Outcome.ERROR, "/usr/bin/qemu-i386", "error=2, No such file or directory"),
        ExecProbe.classifyStartFailure(
            I386,
            "/usr/bin/qemu-i386",
            new IOException(
                "Cannot run program \"/tmp/x/1-386\": error=2, " + "No such file or directory")));
    assertEquals(
        new ExecProbeResult(I386, Outcome.ERROR, null, "Stream closed"),
        ExecProbe.classifyStartFailure(I386, null, new IOException("Stream closed")));
  }

  @Test
  void emptyListAndBadSettings() {
    assertEquals(List.of(), ExecProbe.create(List.of()).run(List.of()));
    assertEquals(
        "exec probe timeout must be positive, got PT0S",
        assertThrows(
                IllegalArgumentException.class,
                () -> ExecProbe.create(List.of()).withTimeout(Duration.ZERO))
            .getMessage());
    assertEquals(ExecProbe.DEFAULT_TIMEOUT, ExecProbe.create(List.of()).timeout());
  }

  @Test
  void unwritableBaseGivesErrorsNotExceptions() {
    Path missing = base.resolve("does-not-exist");
    List<ExecProbeResult> r = ExecProbe.create(List.of()).withTempBase(missing).run(List.of(AMD64));
    assertEquals(1, r.size());
    assertEquals(Outcome.ERROR, r.get(0).outcome());
    assertEquals(
        "cannot create the probe directory: " + missing.resolve("cird-exec-"),
        r.get(0).detail().replaceAll("cird-exec-[0-9a-z]+", "cird-exec-"));
  }

  private Path mkdir(String name) throws IOException {
    return Files.createDirectories(scratch.resolve(name));
  }

  private static boolean sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
