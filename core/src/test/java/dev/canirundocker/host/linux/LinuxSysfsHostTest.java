package dev.canirundocker.host.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.canirundocker.host.BinfmtEntry;
import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads the machine the tests run on and checks the answers against other ways of asking. */
class LinuxSysfsHostTest {
  private static final Path BINFMT = Path.of("/proc/sys/fs/binfmt_misc");

  private static LinuxReadResult result;

  @BeforeAll
  static void readHost() {
    assumeTrue(System.getProperty("os.name").equals("Linux"), "not a Linux host");
    assumeTrue(Files.exists(Path.of("/proc/sys/kernel/osrelease")), "/proc is not mounted");
    result = LinuxSysfs.host().readAll(System.getenv());
  }

  private static String unameR() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("uname", "-r").redirectErrorStream(true).start();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("uname -r did not finish in 10 s");
    }
    assertEquals(0, p.exitValue(), "uname -r exit status");
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  @Test
  void releaseIsWhatUnameSays() throws Exception {
    assertEquals(unameR(), result.kernel().release());
    assertTrue(
        result.kernel().release().startsWith(result.kernel().version()),
        result.kernel().toString());
  }

  @Test
  void binfmtEntriesAreTheFilesInBinfmtMisc() throws Exception {
    assumeTrue(
        Files.exists(BINFMT.resolve("status")),
        "binfmt_misc is not mounted at /proc/sys/fs/binfmt_misc");
    assertEquals(
        List.of(),
        result.unknowns().stream().filter(u -> u.fact().startsWith("linux.binfmt")).toList());
    // Read the files a second, simpler way: state is the first line, flags the rest of "flags: ".
    Map<String, List<String>> files = new TreeMap<>();
    try (Stream<Path> s = Files.list(BINFMT)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (!n.equals("register") && !n.equals("status")) {
          files.put(n, Files.readAllLines(p));
        }
      }
    }
    Map<String, BinfmtEntry> read = new TreeMap<>();
    for (BinfmtEntry e : result.linux().binfmt().entries()) {
      read.put(e.name(), e);
    }
    assertEquals(files.keySet(), read.keySet());
    for (Map.Entry<String, List<String>> f : files.entrySet()) {
      BinfmtEntry e = read.get(f.getKey());
      List<String> lines = f.getValue();
      assertEquals(lines.get(0).equals("enabled"), e.enabled(), f.getKey());
      for (String l : lines) {
        if (l.startsWith("flags: ")) {
          assertEquals(l.substring("flags: ".length()), e.flags(), f.getKey());
        } else if (l.startsWith("interpreter ")) {
          assertEquals(l.substring("interpreter ".length()), e.interpreter(), f.getKey());
        }
      }
    }
    assertEquals(
        Files.readString(BINFMT.resolve("status")).strip().equals("enabled"),
        result.linux().binfmt().enabled());
    BinfmtEntry aarch64 = read.get("qemu-aarch64");
    if (aarch64 != null && aarch64.magic() != null) {
      assertEquals(Platform.of("linux", "arm64", ""), aarch64.platform());
    }
  }

  @Test
  void cgroupModeAgreesWithTheRootControllersFile() {
    assumeTrue(result.linux().cgroups() != null, "cgroups unknown: " + result.unknowns());
    String mode = result.linux().cgroups().mode().id();
    assumeTrue(!mode.equals("none"), "no cgroup filesystem mounted");
    // only a cgroup2 root has cgroup.controllers at /sys/fs/cgroup
    assertEquals(
        Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")), mode.equals("v2"), mode);
  }

  @Test
  void procConfigGzIsTheConfigSourceWhenReadable() {
    Path gz = Path.of("/proc/config.gz");
    assumeTrue(Files.isReadable(gz), "no readable /proc/config.gz");
    assertNotNull(result.linux().kernelConfig(), result.unknowns().toString());
    assertEquals("/proc/config.gz", result.linux().kernelConfig().source());
    assertEquals("y", result.linux().kernelConfig().get("PROC_FS"));
  }
}
