package dev.canirundocker.host.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProbeBinariesTest {
  /** Debian qemu-user-static's emulator per probe architecture. */
  private static final Map<String, String> QEMU =
      Map.ofEntries(
          Map.entry("amd64", "x86_64"),
          Map.entry("386", "i386"),
          Map.entry("arm64", "aarch64"),
          Map.entry("arm", "arm"),
          Map.entry("ppc64le", "ppc64le"),
          Map.entry("s390x", "s390x"),
          Map.entry("riscv64", "riscv64"),
          Map.entry("mips64le", "mips64el"),
          Map.entry("mips64", "mips64"),
          Map.entry("mips", "mips"),
          Map.entry("mipsle", "mipsel"),
          Map.entry("ppc64", "ppc64"),
          Map.entry("loong64", "loongarch64"));

  static List<Platform> platforms() {
    return ProbeBinaries.supportedPlatforms();
  }

  @Test
  void supportedPlatformsInOrder() {
    assertEquals(
        "[linux/amd64, linux/386, linux/arm64, linux/arm, linux/ppc64le, linux/s390x, "
            + "linux/riscv64, linux/mips64le, linux/mips64, linux/mips, linux/mipsle, linux/ppc64, "
            + "linux/loong64]",
        ProbeBinaries.supportedPlatforms().toString());
  }

  /**
   * Every architecture the tool knows by its ELF identity has a probe (every qemu handler it
   * names).
   */
  @Test
  void everyKnownElfMachineHasAProbe() {
    for (dev.canirundocker.platform.ElfMachine m : dev.canirundocker.platform.ElfMachine.ALL) {
      assertTrue(ProbeBinaries.supports(m.platform()), m.platform().toString());
    }
  }

  @ParameterizedTest
  @MethodSource("platforms")
  void tinyAndFresh(Platform p) {
    byte[] b = ProbeBinaries.forPlatform(p);
    assertTrue(b.length >= 100 && b.length <= 200, p + ": " + b.length + " bytes");
    assertNotSame(b, ProbeBinaries.forPlatform(p));
  }

  @ParameterizedTest
  @MethodSource("platforms")
  void exitsZeroUnderQemuUser(Platform p, @TempDir Path dir) throws Exception {
    Path qemu = Path.of("/usr/bin/qemu-" + QEMU.get(p.architecture()) + "-static");
    assumeTrue(Files.isExecutable(qemu), "needs " + qemu);
    Path f = write(dir, p);
    // qemu-user loads the file itself: this checks headers and machine code, whatever the kernel
    assertEquals(0, run(qemu.toString(), f.toString()), p.toString());
  }

  @Test
  void amd64RunsNativelyOnAmd64(@TempDir Path dir) throws Exception {
    assumeTrue(System.getProperty("os.arch").equals("amd64"), "needs an amd64 host");
    Path f = write(dir, Platform.parse("linux/amd64"));
    assertEquals(0, run(f.toString()));
  }

  @Test
  void variantsShareTheArchitecturesProbe() {
    assertArrayEquals(
        ProbeBinaries.forPlatform(Platform.parse("linux/arm")),
        ProbeBinaries.forPlatform(Platform.parse("linux/arm/v6")));
    assertArrayEquals(
        ProbeBinaries.forPlatform(Platform.parse("linux/amd64")),
        ProbeBinaries.forPlatform(Platform.parse("linux/amd64/v3")));
    assertTrue(ProbeBinaries.supports(Platform.parse("linux/arm64/v8")));
    assertFalse(ProbeBinaries.supports(Platform.parse("windows/amd64")));
    assertTrue(ProbeBinaries.supports(Platform.parse("linux/mipsle")));
    assertFalse(ProbeBinaries.supports(Platform.parse("linux/sparc64")));
  }

  @Test
  void unsupportedPlatform() {
    assertEquals(
        "no exec probe for platform linux/sparc64: supported are [linux/amd64, linux/386, "
            + "linux/arm64, linux/arm, linux/ppc64le, linux/s390x, linux/riscv64, linux/mips64le, "
            + "linux/mips64, linux/mips, linux/mipsle, linux/ppc64, linux/loong64]",
        assertThrows(
                IllegalArgumentException.class,
                () -> ProbeBinaries.forPlatform(Platform.parse("linux/sparc64")))
            .getMessage());
  }

  static Path write(Path dir, Platform p) throws IOException {
    Path f = dir.resolve(p.architecture());
    Files.write(f, ProbeBinaries.forPlatform(p));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
    return f;
  }

  private static int run(String... cmd) throws Exception {
    Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    pr.getInputStream().readAllBytes();
    assertTrue(pr.waitFor(20, TimeUnit.SECONDS));
    return pr.exitValue();
  }
}
