package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code check --platform} with a variant its architecture does not have is a usage error (exit 2,
 * nothing on stdout), never a verdict; containerd's OS-features syntax is a platform.
 */
class PlatformArgumentTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "linux/amd64/v5|amd64 has no variant 'v5' (variants are v1 to v4)",
      "linux/386/x|386 has no variant 'x' (it has no variants)",
      "linux/amd64/..|amd64 has no variant '..' (variants are v1 to v4)",
      "linux/arm/v9|arm has no variant 'v9' (variants are v4 to v8)"})
  void nonexistentVariantIsAUsageError(String platform, String why) {
    MainTest.Run r = MainTest.run("check", "--no-exec-probe", "--platform", platform);
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals("can-i-run-docker: --platform: invalid platform '" + platform + "': " + why
        + " (accepted: " + dev.canirundocker.platform.PlatformSuggestions.ACCEPTED_FORMS + ")\n"
        + "Try 'can-i-run-docker check --help' for more.\n", r.err());
  }

  @ParameterizedTest
  @CsvSource({"windows(10.0.20348+win32k)/amd64"})
  void osFeaturesParse(String platform) {
    MainTest.Run r = MainTest.run("check", "--no-exec-probe", "--json", "--platform", platform);
    // a Windows image on this (non-Windows) host: a verdict, not an error
    assertEquals(5, r.code(), r.err());
    assertEquals("", r.err());
  }
}
