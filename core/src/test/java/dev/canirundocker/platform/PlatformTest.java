package dev.canirundocker.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing and normalization: containerd's table plus the uname and Debian spellings. */
class PlatformTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "linux/amd64, linux/amd64",
    "linux/x86_64, linux/amd64",
    "linux/x86-64, linux/amd64",
    "linux/amd64/v1, linux/amd64",
    "linux/amd64/v3, linux/amd64/v3",
    "LINUX/AMD64, linux/amd64",
    "linux/i386, linux/386",
    "linux/i686, linux/386",
    "linux/i586, linux/386",
    "linux/aarch64, linux/arm64",
    "linux/arm64/v8, linux/arm64",
    "linux/arm64/8, linux/arm64",
    "linux/arm64/v8.0, linux/arm64",
    "linux/arm64/9, linux/arm64/v9",
    "linux/armhf, linux/arm/v7",
    "linux/armel, linux/arm/v6",
    "linux/arm, linux/arm/v7",
    "linux/arm/7, linux/arm/v7",
    "linux/arm/6, linux/arm/v6",
    "linux/armv7l, linux/arm/v7",
    "linux/armv6l, linux/arm/v6",
    "linux/armv8l, linux/arm/v8",
    "linux/ppc64el, linux/ppc64le",
    "linux/mips64el, linux/mips64le",
    "linux/loongarch64, linux/loong64",
    "linux/s390x, linux/s390x",
    "linux/riscv64, linux/riscv64",
    "macos/arm64, darwin/arm64",
    "windows/amd64, windows/amd64",
    "arm64, linux/arm64",
    "x86_64, linux/amd64"
  })
  void normalizes(String in, String out) {
    assertEquals(out, Platform.parse(in).toString());
    assertEquals(Platform.parse(out), Platform.parse(in));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plan10/amd64|invalid platform 'plan10/amd64': unknown operating system 'plan10'",
        "linux/z80|invalid platform 'linux/z80': unknown architecture 'z80'",
        "linux/arm/v7/extra|invalid platform 'linux/arm/v7/extra': expected os/arch[/variant]",
        "linux/|invalid platform 'linux/': expected os/arch[/variant]",
        "linux/arm/|invalid platform 'linux/arm/': empty variant",
        "linux/am d64|invalid platform 'linux/am d64': 'am d64' has characters a platform cannot have",
        // variants that do not exist are errors, not platforms that match nothing (issue 12)
        "linux/amd64/v5|invalid platform 'linux/amd64/v5': amd64 has no variant 'v5' (variants are v1 to v4)",
        "linux/386/x|invalid platform 'linux/386/x': 386 has no variant 'x' (it has no variants)",
        "linux/amd64/..|invalid platform 'linux/amd64/..': amd64 has no variant '..' (variants are v1 to v4)",
        "linux/arm/v3|invalid platform 'linux/arm/v3': arm has no variant 'v3' (variants are v4 to v8)",
        "linux/arm64/v8.10|invalid platform 'linux/arm64/v8.10': arm64 has no variant 'v8.10' (variants are v8, v8.1 to v8.9, v9, v9.1 to v9.7)",
        "linux/s390x/v1|invalid platform 'linux/s390x/v1': s390x has no variant 'v1' (it has no variants)",
        "windows(10.0/amd64|invalid platform 'windows(10.0/amd64': 'windows(10.0' is not os or os(version[+feature]...)"
      })
  void rejectsWithTheInputAndTheProblem(String in, String message) {
    InvalidPlatformException e =
        assertThrows(InvalidPlatformException.class, () -> Platform.parse(in));
    assertEquals(message, e.getMessage());
  }

  /** containerd platforms.go Parse: {@code os(version+feature...)}, features sorted (Normalize). */
  @org.junit.jupiter.api.Test
  void osFeaturesSyntax() {
    Platform p = Platform.parse("windows(10.0.20348+win32k)/amd64");
    assertEquals(new Platform("windows", "amd64", "", "10.0.20348", List.of("win32k")), p);
    assertEquals(20348, p.windowsBuild());
    assertEquals(
        List.of("gpu", "win32k"), Platform.parse("windows(+win32k+gpu+win32k)/amd64").osFeatures());
    assertEquals("10.0+x", Platform.parse("windows(10.0%2Bx)/amd64").osVersion());
    assertEquals(List.of(), Platform.parse("windows(10.0.17763)/amd64").osFeatures());
  }

  /** The public constructor normalizes as the factories do. */
  @org.junit.jupiter.api.Test
  void constructorNormalizes() {
    assertEquals(Platform.parse("linux/amd64"), new Platform("Linux", "x86_64", "v1", null, null));
    assertEquals(
        Platform.parse("darwin/arm64"), new Platform("macos", "aarch64", "v8", "", List.of()));
    assertEquals(
        Platform.parse("linux/arm64/v9"), new Platform("linux", "arm64", "9.0", "", List.of()));
    assertEquals(
        List.of("a", "b"),
        new Platform("windows", "amd64", "", "", List.of("b", "a", "b")).osFeatures());
    // an ELF header says "arm", not which variant: the constructor keeps that unknown
    assertEquals("linux/arm", new Platform("linux", "arm", "", "", List.of()).toString());
    assertEquals("linux/arm/v7", Platform.of("linux", "arm", "").toString());
  }

  @org.junit.jupiter.api.Test
  void windowsVersionSyntax() {
    Platform p = Platform.parse("windows(10.0.20348.2113)/amd64");
    assertEquals("windows", p.os());
    assertEquals("10.0.20348.2113", p.osVersion());
    assertEquals(20348, p.windowsBuild());
    assertEquals(-1, Platform.parse("windows/amd64").windowsBuild());
    assertEquals("linux/arm64/v8", Platform.parse("linux/aarch64").formatWithDefaultVariant());
    assertEquals(List.of(), p.osFeatures());
  }
}
