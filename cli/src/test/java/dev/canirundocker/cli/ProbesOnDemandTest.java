package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.host.HostProbe;
import dev.canirundocker.host.ProbeOptions;
import dev.canirundocker.platform.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which exec probes {@code check} asks the host probe for, read at the probe seam (the options each
 * probe call gets): daemon images exec-probe the host's own architectures first and then only the
 * foreign ones the images declare, never every architecture the tool has a probe for (each foreign
 * one costs an emulator's start).
 */
class ProbesOnDemandTest {
  @TempDir Path tmp;

  /** The exec-probe platforms of each probe call ("all" for every one, "off" without). */
  private List<String> probeCalls(String... args) throws IOException {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    Path sock = tmp.resolve("d.sock");
    try (TinyDaemon d = new TinyDaemon(sock, BatchTest.routes())) {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(List.of("--docker-host", "unix://" + sock));
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      Main.run(
          new PrintStream(o, true, StandardCharsets.UTF_8),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          Map.of("NO_COLOR", "1"),
          (ProbeOptions opts) -> {
            calls.add(
                !opts.execProbes()
                    ? "off"
                    : opts.probePlatforms() == null ? "all" : opts.probePlatforms().toString());
            List<ExecProbeResult> ran = new ArrayList<>();
            for (Platform p :
                opts.probePlatforms() == null ? List.<Platform>of() : opts.probePlatforms()) {
              ran.add(new ExecProbeResult(p, ExecProbeResult.Outcome.RAN, null, "exit status 0"));
            }
            return HostProbe.of(Fixtures.macAppleSilicon().withExecProbes(ran));
          },
          false,
          all.toArray(new String[0]));
    } finally {
      java.nio.file.Files.deleteIfExists(sock);
    }
    return calls;
  }

  private static String natives() {
    return HostSource.nativeProbes().toString();
  }

  /**
   * The probe calls expected: the host's own architectures, then those of {@code declared} not
   * among them.
   */
  private static List<String> expected(String... declared) {
    List<String> l = new ArrayList<>(List.of(natives()));
    List<String> foreign = new ArrayList<>();
    for (String d : declared) {
      if (HostSource.nativeProbes().stream().noneMatch(p -> p.toString().equals(d))) {
        foreign.add(d);
      }
    }
    if (!foreign.isEmpty()) {
      l.add(foreign.toString());
    }
    return l;
  }

  @Test
  void namedImagesProbeTheHostsOwnArchitecturesThenOnlyTheForeignOnesTheyDeclare()
      throws IOException {
    // mm/arm:1 declares linux/arm64, win/app:1 windows/amd64 (no exec probe exists for Windows)
    assertEquals(expected("linux/arm64"), probeCalls("check", "mm/arm:1", "win/app:1"));
    // a --platform to run as is probed with the host's own, first
    List<Platform> withPlatform = new ArrayList<>(HostSource.nativeProbes());
    withPlatform.add(Platform.parse("linux/arm64"));
    assertEquals(
        List.of(withPlatform.toString()),
        probeCalls("check", "--platform", "linux/arm64", "mm/arm:1"));
  }

  @Test
  void allProbesTheDeclaredForeignArchitecturesOnce() throws IOException {
    // the sweep declares linux/amd64, linux/arm64 and windows/amd64
    assertEquals(expected("linux/amd64", "linux/arm64"), probeCalls("check", "--all"));
  }

  /** A docker save tar of one image declaring linux/{@code declared}, its binary {@code elf}'s. */
  private Path archive(String name, String elf, String declared) throws IOException {
    return java.nio.file.Files.write(
        tmp.resolve(name),
        CliTar.dockerSave(
            dev.canirundocker.host.exec.ProbeBinaries.forPlatform(Platform.parse(elf)), declared));
  }

  @Test
  void archivesProbeTheHostsOwnArchitecturesAndOnlyTheForeignOnesTheyHold() throws IOException {
    // the host's own are probed on a thread of their own while the archives are read: either call
    // may come first
    Path arm = archive("arm.tar", "linux/arm64", "arm64");
    Path amd = archive("amd.tar", "linux/amd64", "amd64");
    assertEquals(
        sorted(expected("linux/arm64")), sorted(probeCalls("check", "--archive", arm.toString())));
    assertEquals(sorted(expected()), sorted(probeCalls("check", "--archive", amd.toString())));
    assertEquals(
        sorted(expected("linux/arm64")),
        sorted(probeCalls("check", "--archive", amd.toString(), "--archive", arm.toString())));
    // declared amd64, an arm64 binary: judged as arm64, which is probed then, and judged again
    Path mislabeled = archive("mislabeled.tar", "linux/arm64", "amd64");
    assertEquals(
        sorted(expected("linux/arm64")),
        sorted(probeCalls("check", "--archive", mislabeled.toString())));
  }

  private static List<String> sorted(List<String> calls) {
    return calls.stream().sorted().toList();
  }

  @Test
  void binariesProbeOnlyWhatTheExportHolds() throws IOException {
    // the fake daemon has no export: nothing foreign is declared, the host's own are probed only
    assertEquals(List.of(natives()), probeCalls("check", "--all", "--binaries"));
  }

  @Test
  void withABareOsOrNoExecProbesEveryArchitectureIsProbedAsBefore() throws IOException {
    assertEquals(List.of("off"), probeCalls("check", "--no-exec-probe", "mm/arm:1", "win/app:1"));
    // a bare OS takes the judged host's architecture, known only once the host is probed
    assertEquals(List.of("all"), probeCalls("check", "--platform", "linux", "mm/arm:1"));
  }
}
