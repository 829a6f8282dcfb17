package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.fleet.FleetFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code check --platform} with a variant its architecture does not have is a usage error (exit 2,
 * nothing on stdout), never a verdict; containerd's OS-features syntax is a platform.
 */
class PlatformArgumentTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "linux/amd64/v5|amd64 has no variant 'v5' (variants are v1 to v4)",
        "linux/386/x|386 has no variant 'x' (it has no variants)",
        "linux/amd64/..|amd64 has no variant '..' (variants are v1 to v4)",
        "linux/arm/v9|arm has no variant 'v9' (variants are v4 to v8)"
      })
  void nonexistentVariantIsAUsageError(String platform, String why) {
    MainTest.Run r = MainTest.run("check", "--no-exec-probe", "--platform", platform);
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(
        "can-i-run-docker: --platform: invalid platform '"
            + platform
            + "': "
            + why
            + " (accepted: "
            + dev.canirundocker.platform.PlatformSuggestions.ACCEPTED_FORMS
            + ")\n"
            + "Try 'can-i-run-docker check --help' for more.\n",
        r.err());
  }

  @ParameterizedTest
  @CsvSource({"windows(10.0.20348+win32k)/amd64"})
  void osFeaturesParse(String platform) {
    MainTest.Run r = MainTest.run("check", "--no-exec-probe", "--json", "--platform", platform);
    // a Windows image on this (non-Windows) host: a verdict, not an error
    assertEquals(5, r.code(), r.err());
    assertEquals("", r.err());
  }

  @TempDir Path tmp;

  private Path saved(String name) throws IOException {
    Path p = tmp.resolve(name + ".json");
    Files.writeString(p, FleetFixtures.profiles().get(name).toJsonString());
    return p;
  }

  @Test
  void bareOsTakesTheSavedHostsArchitecture() throws IOException {
    // Docker resolves --platform linux against the daemon's host (containerd Parse fills in the
    // running machine's architecture), so a saved arm64 host judges linux as linux/arm64 wherever
    // this command runs
    MainTest.Run r =
        MainTest.run(
            "check", "--platform", "linux", "--host-profile", saved("arm64-no-aarch32").toString());
    assertEquals("", r.err());
    assertEquals(0, r.code(), r.out());
    assertEquals(
        "NATIVE  linux (linux/arm64)\n"
            + "  INFO The host kernel runs linux/arm64 natively [arch.native]\n",
        r.out());
  }

  @Test
  void bareOsTakesEachHostsArchitectureInAMatrix() throws IOException {
    MainTest.Run r =
        MainTest.run(
            "check",
            "--platform",
            "linux",
            "--host-profile",
            saved("arm64-no-aarch32").toString(),
            "--host-profile",
            saved("amd64-v3").toString());
    assertEquals("", r.err());
    assertEquals(0, r.code(), r.out());
    assertEquals(
        "HOST              linux\n"
            + "arm64-no-aarch32  NATIVE\n"
            + "amd64-v3          NATIVE\n"
            + "\n"
            + "2 hosts x 1 target: 2 NATIVE, 0 EMULATED, 0 NEEDS_VM, 0 UNSUPPORTED, 0 errors\n",
        r.out());
  }

  @Test
  void blanksAroundListElementsAreNotPartOfTheLabel() throws IOException {
    MainTest.Run r =
        MainTest.run(
            "check",
            "--platform",
            "linux/amd64, linux/386",
            "--host-profile",
            saved("amd64-v3").toString(),
            "--format",
            "markdown");
    assertEquals("", r.err());
    assertEquals(0, r.code());
    assertEquals(
        "### can-i-run-docker: NATIVE\n"
            + "\n"
            + "| host | linux/amd64 | linux/386 |\n"
            + "| --- | --- | --- |\n"
            + "| amd64-v3.fleet.example | NATIVE | NATIVE |\n"
            + "\n"
            + "1 host x 2 targets: 2 NATIVE, 0 EMULATED, 0 NEEDS_VM, 0 UNSUPPORTED, 0 errors\n",
        r.out());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"linux/amd64,,linux/386", "linux/amd64,", "' ,linux/386'", "linux/amd64, "})
  void anEmptyListElementIsAUsageError(String value) {
    MainTest.Run r = MainTest.run("check", "--no-exec-probe", "--platform", value);
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(
        "can-i-run-docker: --platform '"
            + value
            + "': empty platform in the "
            + "comma-separated list (expected PLATFORM[,PLATFORM...])\n"
            + "Try 'can-i-run-docker check --help' for more.\n",
        r.err());
  }
}
