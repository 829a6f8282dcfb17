package dev.canirundocker.host;

import static dev.canirundocker.testing.Hosts.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.canirundocker.host.ExecProbeResult.Outcome;
import dev.canirundocker.testing.Hosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The profile's JSON round trip, and a golden file that pins its shape. */
class HostProfileTest {
  static Stream<HostProfile> profiles() {
    return Stream.of(
        Hosts.linux()
            .binfmt(Hosts.qemu("qemu-aarch64", "arm64", "PF", true))
            .probe("linux/386", Outcome.EXEC_FORMAT_ERROR, null)
            .probe("linux/arm64", Outcome.RAN, "/usr/libexec/qemu-binfmt/arm64-binfmt-P")
            .build(),
        Hosts.linux().arch("arm64").release("6.1.0-rpi7-rpi-v8").build(),
        Hosts.mac("arm64", "26.1", 16 * GIB),
        Hosts.windows("Windows 11 Pro", "Professional", 22631, true, true, "2.3.26.0", true),
        Hosts.windows("Windows Server 2022", "ServerStandard", 20348, true, false, null, null)
            .withUnknowns(List.of(new Unknown("vmSupport.hyperV", "not asked"))),
        // the exec probe of 32-bit arm is written as linux/arm (ElfMachine's platform, no variant);
        // it read back as linux/arm/v7 once
        Hosts.linux()
            .arch("arm64")
            .build()
            .withExecProbes(
                List.of(
                    new ExecProbeResult(
                        new dev.canirundocker.platform.Platform("linux", "arm", "", "", List.of()),
                        Outcome.RAN,
                        null,
                        null))),
        Hosts.linux()
            .build()
            .withOrigin("build-7", java.time.Instant.parse("2026-12-01T09:30:00Z")),
        // what check --json prints: the facts an image check does not read are marked
        Hosts.linux()
            .build()
            .withNotProbed(
                java.util.EnumSet.of(HostFact.MEMORY, HostFact.CGROUPS, HostFact.ROOTLESS)));
  }

  /**
   * A fact not probed is named, in the enum's order, after the unknowns; a profile of every fact
   * has no notProbed key at all (its JSON is what it was before facts could be left out).
   */
  @Test
  void notProbedFactsAreNamedAndAFullProfileHasNoKey() {
    HostProfile full = Hosts.linux().build();
    assertEquals(false, full.toJsonString().contains("notProbed"));
    HostProfile some =
        full.withNotProbed(java.util.EnumSet.of(HostFact.ROOTLESS, HostFact.CPU, HostFact.GPU));
    String json = some.toJsonString();
    assertEquals(
        true,
        json.endsWith(
            "  \"notProbed\": [\n    \"cpu\",\n    \"linux.rootless\",\n    \"gpu\"\n  ]\n}\n"),
        json);
    assertEquals(false, some.probed(HostFact.CPU));
    assertEquals(true, some.probed(HostFact.BINFMT));
    assertEquals(
        "notProbed: unknown host fact 'linux.kernel' (expected one of cpu, cpu.topology, memory, "
            + "virtualization, linux.kernelConfig, linux.cgroups, linux.namespaces, "
            + "linux.filesystems, linux.security, linux.binfmt, linux.sysctls, linux.container, "
            + "linux.rootless, gpu)",
        assertThrows(
                InvalidHostProfileException.class,
                () -> HostProfile.parse(json.replace("\"cpu\"", "\"linux.kernel\"")))
            .getMessage());
  }

  @Test
  void collectedAtIsRfc3339AndAnOffsetIsReadAsUtc() {
    HostProfile p =
        Hosts.linux().build().withOrigin("pi", java.time.Instant.parse("2026-12-01T09:30:00Z"));
    String json = p.toJsonString();
    assertEquals(
        true,
        json.contains("\n  \"hostname\": \"pi\",\n  \"collectedAt\": \"2026-12-01T09:30:00Z\",\n"),
        json);
    assertEquals(
        java.time.Instant.parse("2026-12-01T08:30:00Z"),
        HostProfile.parse(json.replace("2026-12-01T09:30:00Z", "2026-12-01T10:30:00+02:00"))
            .collectedAt());
    assertEquals(
        "collectedAt: expected an RFC 3339 time such as 2026-12-01T09:30:00Z but found "
            + "'yesterday'",
        assertThrows(
                InvalidHostProfileException.class,
                () -> HostProfile.parse(json.replace("2026-12-01T09:30:00Z", "yesterday")))
            .getMessage());
  }

  @ParameterizedTest
  @MethodSource("profiles")
  void roundTripsExactly(HostProfile p) {
    String json = p.toJsonString();
    HostProfile back = HostProfile.parse(json);
    assertEquals(p, back);
    assertEquals(json, back.toJsonString());
  }

  @Test
  void goldenWindowsProfile() throws IOException {
    HostProfile p =
        Hosts.windows("Windows 11 Pro", "Professional", 22631, true, true, "2.3.26.0", true);
    Path golden = Path.of("src/test/resources/golden/host-windows11.json");
    if (Boolean.getBoolean("cird.golden.update")) {
      Files.writeString(golden, p.toJsonString());
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), p.toJsonString());
  }

  @Test
  void wrongShapesNameTheField() {
    assertEquals(
        "os: missing",
        assertThrows(
                InvalidHostProfileException.class,
                () -> HostProfile.parse("{\"schemaVersion\":1,\"platform\":\"linux/amd64\"}"))
            .getMessage());
    assertEquals(
        "cpu.amd64Level: expected v1..v4 but found 'v9'",
        assertThrows(
                InvalidHostProfileException.class,
                () ->
                    HostProfile.parse(
                        "{\"schemaVersion\":1,"
                            + "\"platform\":\"linux/amd64\",\"os\":{\"family\":\"linux\"},\"cpu\":{\"amd64Level\":\"v9\"}}"))
            .getMessage());
    assertEquals(
        "cpu.logicalCount: -3 is negative; expected a count of 0 or more",
        assertThrows(
                InvalidHostProfileException.class,
                () ->
                    HostProfile.parse(
                        "{\"schemaVersion\":1,"
                            + "\"platform\":\"linux/amd64\",\"os\":{\"family\":\"linux\"},\"cpu\":{\"logicalCount\":-3}}"))
            .getMessage());
    assertEquals(
        "execProbes[0].platform: missing",
        assertThrows(
                InvalidHostProfileException.class,
                () ->
                    HostProfile.parse(
                        "{\"schemaVersion\":1,\"platform\":\"linux/amd64\","
                            + "\"os\":{\"family\":\"linux\"},\"execProbes\":[{}]}"))
            .getMessage());
  }

  @Test
  void collectedAtIsWrittenAsInstantToStringWritesIt() {
    java.util.Random r = new java.util.Random(19);
    List<java.time.Instant> cases =
        new java.util.ArrayList<>(
            List.of(
                java.time.Instant.EPOCH,
                java.time.Instant.parse("2026-12-01T15:07:00Z"),
                java.time.Instant.parse("2024-02-29T23:59:59.5Z"),
                java.time.Instant.parse("1969-12-31T23:59:59.000001Z"),
                java.time.Instant.parse("0000-01-01T00:00:00.000000001Z"),
                java.time.Instant.parse("9999-12-31T23:59:59.999999999Z"),
                java.time.Instant.parse("+10000-01-01T00:00:00Z"),
                java.time.Instant.parse("-0001-06-01T12:00:00.120Z")));
    for (int i = 0; i < 2000; i++) {
      // 0000-01-01 to 9999-12-31, either side of 1970
      long sec = -62167219200L + Math.floorMod(r.nextLong(), 62167219200L + 253402300800L);
      int nano =
          new int[] {
                0,
                r.nextInt(1000) * 1_000_000,
                r.nextInt(1_000_000) * 1000,
                r.nextInt(1_000_000_000)
              }
              [i % 4];
      cases.add(java.time.Instant.ofEpochSecond(sec, nano));
    }
    for (java.time.Instant t : cases) {
      assertEquals(t.toString(), HostProfileJson.instant(t));
    }
  }
}
