package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.canirundocker.cli.MainTest.Run;
import dev.canirundocker.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON Schemas shipped in the core jar ({@code /dev/canirundocker/schema/*.schema.json})
 * describe what the CLI really prints: each is checked against the draft 2020-12 meta-schema, then
 * real outputs of this machine (live host, exec probes, the daemon where one answers) are validated
 * against them, and documents broken on purpose are rejected.
 */
class JsonSchemaTest {
  static final String ID_PREFIX = "https://github.com/can-i-run-docker/can-i-run-docker/schema/v1/";
  static final String RESOURCE_DIR = "dev/canirundocker/schema/";

  /** Resolves the schemas' $ids to the copies in the core jar: nothing is fetched. */
  static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          b -> b.schemaIdResolvers(r -> r.mapPrefix(ID_PREFIX, "classpath:" + RESOURCE_DIR)));

  static Schema schema(String name) {
    return REGISTRY.getSchema(SchemaLocation.of(ID_PREFIX + name + ".schema.json"));
  }

  /** The validation errors, as "location: message" lines; empty when the document is valid. */
  static List<String> errors(String schemaName, String json) {
    return schema(schemaName).validate(json, InputFormat.JSON).stream()
        .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
        .toList();
  }

  static void assertValid(String schemaName, String json) {
    assertEquals(
        List.of(),
        errors(schemaName, json),
        json.length() > 4000 ? json.substring(0, 4000) + "…" : json);
  }

  static Run run(String... args) {
    return MainTest.run(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"common", "host", "check", "preflight", "kernel"})
  void everySchemaIsAValidDraft202012Schema(String name) throws IOException {
    String text;
    try (InputStream in =
        JsonSchemaTest.class
            .getClassLoader()
            .getResourceAsStream(RESOURCE_DIR + name + ".schema.json")) {
      assertNotNull(in, "missing from the core jar: " + RESOURCE_DIR + name + ".schema.json");
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Schema meta =
        REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    assertEquals(
        List.of(),
        meta.validate(text, InputFormat.JSON).stream()
            .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
            .toList());
    Map<String, Object> m = Json.parseObject(text);
    assertEquals("https://json-schema.org/draft/2020-12/schema", m.get("$schema"));
    assertEquals(ID_PREFIX + name + ".schema.json", m.get("$id"));
  }

  @Test
  void liveHostProfileWithExecProbes() {
    Run r = run("host", "--json");
    assertEquals(0, r.code(), r.err());
    assertValid("host", r.out());
  }

  @Test
  void livePreflight() {
    Run r = run("--json");
    assertNotEquals(1, r.code(), r.err());
    assertNotEquals(2, r.code(), r.err());
    assertValid("preflight", r.out());
    // scripts read the host from the JSON preflight: only the processor counts are left out,
    // named rather than passed off as facts; memory, virtualization and the GPU are probed
    assertEquals(
        true, r.out().contains("\"notProbed\": [\n      \"cpu.topology\"\n    ]"), r.out());
  }

  @Test
  void preflightWithAnUnreachableDaemon(@TempDir Path dir) {
    Run r = run("--json", "--no-exec-probe", "--docker-host", "unix://" + dir.resolve("no.sock"));
    assertValid("preflight", r.out());
    Map<String, Object> daemon =
        Json.parseObject(r.out()).entrySet().stream()
            .filter(e -> e.getKey().equals("daemon"))
            .map(
                e -> {
                  @SuppressWarnings("unchecked")
                  Map<String, Object> d = (Map<String, Object>) e.getValue();
                  return d;
                })
            .findFirst()
            .orElseThrow();
    assertEquals(false, daemon.get("reachable"));
  }

  @Test
  void preflightOfASavedMacProfileHasNoDaemonAndNoKernel(@TempDir Path dir) throws IOException {
    Path host = dir.resolve("mac.json");
    Files.writeString(host, Fixtures.macAppleSilicon().toJsonString());
    Run r = run("--json", "--host-profile", host.toString());
    assertEquals(4, r.code(), r.err());
    assertValid("preflight", r.out());
    assertValid("host", Fixtures.macAppleSilicon().toJsonString());
  }

  @Test
  void checkOfPlatformsOnTheLiveHost() {
    Run r =
        run(
            "check",
            "--json",
            "--platform",
            "linux/amd64,linux/arm64,linux/arm/v7",
            "--platform",
            "linux/s390x,windows/amd64,linux/riscv64");
    assertNotEquals(1, r.code(), r.err());
    assertValid("check", r.out());
    // the image checks' facts only: the engine's are named as not probed, not printed as unknown
    assertEquals(
        true,
        r.out()
            .contains(
                "\"notProbed\": [\n      \"cpu.topology\",\n      \"memory\",\n"
                    + "      \"virtualization\",\n      \"linux.cgroups\",\n      \"linux.namespaces\",\n"
                    + "      \"linux.filesystems\",\n      \"linux.security\",\n"
                    + "      \"linux.sysctls\",\n      \"linux.container\",\n"
                    + "      \"linux.rootless\"\n    ]"),
        r.out());
    assertEquals(
        List.of(
            "/host/notProbed/0: does not have a value in the enumeration [\"cpu\", \"cpu.topology\", \"memory\", "
                + "\"virtualization\", \"linux.kernelConfig\", \"linux.cgroups\", \"linux.namespaces\", "
                + "\"linux.filesystems\", \"linux.security\", \"linux.binfmt\", \"linux.sysctls\", "
                + "\"linux.container\", \"linux.rootless\", \"gpu\"]"),
        errors(
            "check",
            r.out()
                .replace(
                    "\"notProbed\": [\n      \"cpu.topology\"",
                    "\"notProbed\": [\n      \"ram\"")));
  }

  @Test
  void checkOfEveryLocalImageThroughTheDaemon() {
    Run r = run("check", "--json", "--no-exec-probe", "--all");
    if (r.code() == 1 && !"1".equals(System.getenv("CIRD_REQUIRE_DOCKER"))) {
      Assumptions.abort("no Docker daemon answers: " + r.err().strip());
    }
    assertNotEquals(1, r.code(), r.err());
    assertValid("check", r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"cgroupv2-6.1.config", "no-storage-5.15.config", "centos7-3.10.config"})
  void kernelCheckOfConfigFiles(String config) {
    // the fixtures of core's kernel tests; surefire runs in the module directory
    Path file = Path.of("..", "core", "src", "test", "resources", "kernel", config);
    Run r = run("kernel", "--json", "--config", file.toString());
    assertNotEquals(1, r.code(), r.err());
    assertValid("kernel", r.out());
  }

  @Test
  void kernelCheckOfTheRunningKernel() {
    Run r = run("kernel", "--json");
    Assumptions.assumeTrue(r.code() != 1, "no kernel config readable here: " + r.err().strip());
    assertValid("kernel", r.out());
  }

  @Test
  void documentsBrokenOnPurposeAreRejected() {
    Run r = run("check", "--json", "--no-exec-probe", "--platform", "linux/amd64");
    assertValid("check", r.out());
    String good = r.out();
    assertEquals(
        List.of(
            "/verdict: does not have a value in the enumeration [\"NATIVE\", \"EMULATED\", "
                + "\"NEEDS_VM\", \"UNSUPPORTED\"]"),
        errors("check", good.replaceFirst("\"verdict\": \"[A-Z_]+\"", "\"verdict\": \"MAYBE\"")));
    assertEquals(
        List.of(": required property 'host' not found"),
        errors("check", good.replaceFirst("\"host\": \\{", "\"hostess\": {")));
    // through the $ref into host.schema.json
    assertEquals(
        List.of("/host/os/family: must be at least 1 characters long"),
        errors("check", good.replaceFirst("\"family\": \"[a-z]+\"", "\"family\": \"\"")));
    assertEquals(
        List.of("/schemaVersion: must be the constant value '1'"),
        errors(
            "host",
            run("host", "--json", "--no-exec-probe")
                .out()
                .replaceFirst("\"schemaVersion\": 1", "\"schemaVersion\": 2")));
  }
}
