package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.image.ImageConfig;
import dev.canirundocker.json.JsonReader;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.DockerAvailable;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real daemon; the docker CLI is the peer whose answers ours must equal. */
class RealDaemonTest {
  private static final String RUN =
      HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private static final String AMD64 = "cird-daemon-test/tiny:amd64-" + RUN;
  private static final String ARMV7 = "cird-daemon-test/tiny:armv7-" + RUN;
  private static String amd64Id;
  private static String armv7Id;

  @BeforeAll
  static void load(@TempDir Path dir) throws Exception {
    DockerAvailable.requireCli();
    amd64Id = TinyImage.write(dir.resolve("a.tar"), AMD64, "linux", "amd64", "");
    armv7Id = TinyImage.write(dir.resolve("b.tar"), ARMV7, "linux", "arm", "v7");
    DockerAvailable.docker("load", "-i", dir.resolve("a.tar").toString());
    DockerAvailable.docker("load", "-i", dir.resolve("b.tar").toString());
  }

  @AfterAll
  static void remove() {
    if (amd64Id != null) {
      DockerAvailable.docker("rmi", "-f", AMD64, ARMV7);
    }
  }

  @Test
  void statusAgreesWithDockerInfo() {
    DaemonStatus.Reachable s = (DaemonStatus.Reachable) DockerAvailable.client().status();
    JsonReader info =
        JsonReader.parse(DockerAvailable.docker("info", "--format", "{{json .}}"), "docker info");
    String arch = DockerAvailable.docker("version", "--format", "{{.Server.Arch}}").trim();
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("reachable", true);
    expected.put("version", info.string("ServerVersion"));
    expected.put("os", info.string("OSType"));
    expected.put("arch", arch);
    expected.put("ncpu", info.longValue("NCPU").intValue());
    expected.put("memTotal", info.longValue("MemTotal"));
    expected.put("cgroupVersion", info.string("CgroupVersion"));
    expected.put("cgroupDriver", info.string("CgroupDriver"));
    expected.put("kernelVersion", info.string("KernelVersion"));
    expected.put("operatingSystem", info.string("OperatingSystem"));
    expected.put("securityOptions", info.strings("SecurityOptions"));
    expected.put("capabilities", DaemonCapabilities.parse(info));
    Map<String, Object> actual = new LinkedHashMap<>();
    actual.put("reachable", s.reachable());
    actual.put("version", s.version());
    actual.put("os", s.os());
    actual.put("arch", s.arch());
    actual.put("ncpu", s.ncpu());
    actual.put("memTotal", s.memTotal());
    actual.put("cgroupVersion", s.cgroupVersion());
    actual.put("cgroupDriver", s.cgroupDriver());
    actual.put("kernelVersion", s.kernelVersion());
    actual.put("operatingSystem", s.operatingSystem());
    actual.put("securityOptions", s.securityOptions());
    DaemonCapabilities c = s.capabilities();
    // newer docker CLIs (28 here) leave the deprecated BridgeNfIptables/BridgeNfIp6tables out of
    // their info type even when the daemon sends them: compare those two only when the CLI shows
    // them
    actual.put(
        "capabilities",
        new DaemonCapabilities(
            c.memoryLimit(),
            c.swapLimit(),
            c.cpuCfsQuota(),
            c.cpuCfsPeriod(),
            c.cpuShares(),
            c.cpuSet(),
            c.pidsLimit(),
            c.ipv4Forwarding(),
            info.has("BridgeNfIptables") ? c.bridgeNfIptables() : null,
            info.has("BridgeNfIp6tables") ? c.bridgeNfIp6tables() : null,
            c.kernelMemory(),
            c.oomKillDisable()));
    assertEquals(expected, actual);
    assertEquals(
        DockerAvailable.docker("version", "--format", "{{.Server.APIVersion}}").trim(),
        s.apiVersion());
    assertEquals(
        DockerAvailable.docker("version", "--format", "{{.Server.MinAPIVersion}}").trim(),
        s.minApiVersion());
    Map<String, Object> json = s.toJson();
    assertEquals(
        List.of("reachable", "endpoint", "version", "os", "arch"),
        List.copyOf(json.keySet()).subList(0, 5));
  }

  @Test
  void pingAgreesWithTheCli() throws Exception {
    DaemonPing p = DockerAvailable.client().ping();
    assertEquals(
        DockerAvailable.docker("version", "--format", "{{.Server.APIVersion}}").trim(),
        p.apiVersion());
    assertEquals(DockerAvailable.docker("info", "--format", "{{.OSType}}").trim(), p.osType());
  }

  @Test
  void inspectKeepsPlatformFieldsRaw() throws Exception {
    HttpDaemonClient c = DockerAvailable.client();
    DaemonImage arm = c.inspectImage(ARMV7);
    // what the docker CLI sees for the same image
    String cli =
        DockerAvailable.docker(
                "image",
                "inspect",
                "--format",
                "{{.Id}} {{.Os}} {{.Architecture}} {{.Variant}}",
                ARMV7)
            .trim();
    assertEquals(
        cli,
        arm.id()
            + " "
            + arm.config().os()
            + " "
            + arm.config().architecture()
            + " "
            + arm.config().variant());
    String layers =
        DockerAvailable.docker(
                "image", "inspect", "--format", "{{range .RootFS.Layers}}{{.}} {{end}}", ARMV7)
            .trim();
    assertEquals(
        new DaemonImage(
            armv7Id,
            List.of(ARMV7),
            List.of(),
            new ImageConfig(
                "linux",
                "arm",
                "v7",
                "",
                List.of(),
                List.of("/x"),
                List.of("a"),
                "1000:1000",
                List.of("PATH=/", "NVIDIA_REQUIRE_CUDA=cuda>=12.0"),
                "/w",
                Map.of("org.example", ARMV7),
                List.of(layers.split(" "))),
            List.of()),
        arm);
    assertEquals(Platform.parse("linux/arm/v7"), arm.platform());
    DaemonImage amd = c.inspectImage(AMD64);
    assertEquals(
        amd64Id + " linux amd64 ",
        amd.id()
            + " "
            + amd.config().os()
            + " "
            + amd.config().architecture()
            + " "
            + amd.config().variant());
    // by id too
    assertEquals(amd, c.inspectImage(amd64Id));
  }

  @Test
  void listIncludesTheLoadedImages() throws Exception {
    Map<String, List<String>> byId = new LinkedHashMap<>();
    for (DaemonImageSummary s : DockerAvailable.client().images()) {
      byId.put(s.id(), s.repoTags());
    }
    assertEquals(List.of(AMD64), byId.get(amd64Id));
    assertEquals(List.of(ARMV7), byId.get(armv7Id));
  }

  @Test
  void pipelinedInspectsAgreeWithOneByOne() throws Exception {
    String absent = "cird-daemon-test/absent:" + RUN;
    List<String> names = new java.util.ArrayList<>();
    // enough names for more than one connection, with a missing one among them
    for (int i = 0; i < 20; i++) {
      names.add(i % 2 == 0 ? amd64Id : ARMV7);
    }
    names.add(7, absent);
    HttpDaemonClient c = DockerAvailable.client();
    List<ImageInspection> got = c.inspectImages(names, r -> {});
    assertEquals(names.size(), got.size());
    for (int i = 0; i < names.size(); i++) {
      ImageInspection r = got.get(i);
      assertEquals(names.get(i), r.name());
      if (names.get(i).equals(absent)) {
        ImageNotFoundException e = assertThrows(ImageNotFoundException.class, r::get);
        assertEquals(
            assertThrows(ImageNotFoundException.class, () -> c.inspectImage(absent)).getMessage(),
            e.getMessage());
      } else {
        assertEquals(c.inspectImage(names.get(i)), r.get());
      }
    }
  }

  @Test
  void missingImageIsNotFound() {
    String name = "cird-daemon-test/absent:" + RUN;
    ImageNotFoundException e =
        assertThrows(
            ImageNotFoundException.class, () -> DockerAvailable.client().inspectImage(name));
    assertEquals(
        "image '" + name + "' not found in the daemon at " + DockerAvailable.endpoint().uri(),
        e.getMessage());
    assertTrue(e.daemonMessage().contains("No such image: " + name), e::daemonMessage);
  }

  @Test
  void exportStreamsADockerSaveTar() throws Exception {
    List<String> names;
    try (InputStream in = DockerAvailable.client().exportImages(List.of(ARMV7))) {
      names = TinyImage.names(in);
    }
    assertTrue(names.contains("manifest.json"), () -> "entries: " + names);
    assertTrue(
        names.contains(armv7Id.substring("sha256:".length()) + ".json"), () -> "entries: " + names);
  }

  @Test
  void exportOfAMissingImageFails() {
    String name = "cird-daemon-test/absent:" + RUN;
    DaemonApiException e =
        assertThrows(
            DaemonApiException.class,
            () -> DockerAvailable.client().exportImages(List.of(name)).close());
    assertEquals(404, e.statusCode());
  }
}
