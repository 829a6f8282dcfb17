package dev.canirundocker.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.Unknown;
import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NodeList in the shape of the Kubernetes API reference (kubectl get nodes -o json) with mixed
 * linux/amd64, linux/arm64 and Windows nodes: the partial profiles it gives, and the verdict of
 * every node for every target.
 */
class KubernetesNodesTest {
  static final Path NODES = Path.of("src/test/resources/fleet/nodes.json");

  @TempDir Path tmp;

  static List<KubernetesNode> nodes() throws IOException {
    return KubernetesNodes.parse(Files.readString(NODES, StandardCharsets.UTF_8));
  }

  @Test
  void everyNodeBecomesAPartialProfile() throws IOException {
    List<KubernetesNode> nodes = nodes();
    assertEquals(
        List.of("pool-amd64-0", "pool-arm64-0", "legacy-kvm64", "akswin19000000", "akswin22000000"),
        nodes.stream().map(KubernetesNode::name).toList());
    HostProfile amd = nodes.get(0).profile();
    assertEquals(Platform.parse("linux/amd64"), amd.platform());
    assertEquals("5.15.0-1057-azure", amd.kernel().release());
    assertEquals("5.15.0", amd.kernel().version());
    assertEquals("Ubuntu 22.04.4 LTS", amd.os().name());
    assertEquals(16365492L * 1024, amd.memoryTotalBytes());
    assertEquals(0, amd.cpu().amd64Level());
    assertEquals("Intel", amd.cpu().vendor());
    assertEquals(4, amd.cpu().logicalCount());
    assertNull(amd.linux());
    assertEquals(
        List.of(
            new Unknown(
                "linux.binfmt",
                "binfmt_misc handlers (emulation): the Kubernetes API does not report it"),
            new Unknown(
                "execProbes",
                "what the node's kernel executes: nothing was run on the node (the "
                    + "Kubernetes API does not report it)"),
            new Unknown(
                "linux.kernelConfig",
                "the kernel's build configuration: the Kubernetes API does not report it"),
            new Unknown(
                "kernel.commandLine",
                "the kernel command line: the Kubernetes API does not report it"),
            new Unknown(
                "cpu.amd64Level",
                "the CPU's x86-64 level: node-feature-discovery's labels put it "
                    + "between v1 and v3 (by default NFD does not publish CX16, POPCNT, SSE3, SSSE3, SSE4.1/4.2, "
                    + "BMI1/2, F16C and LZCNT)")),
        amd.unknowns());
    assertEquals("containerd://1.7.15-1", nodes.get(0).containerRuntime());
    assertEquals("v1.29.2", nodes.get(0).kubeletVersion());

    assertEquals(32L << 30, nodes.get(1).profile().memoryTotalBytes());
    assertEquals(1, nodes.get(2).profile().cpu().amd64Level());
    assertEquals(true, nodes.get(2).unschedulable());
    assertEquals(
        "[node.kubernetes.io/unschedulable:NoSchedule, legacy=true:PreferNoSchedule]",
        nodes.get(2).taints().toString());
    assertEquals(1, nodes.get(2).blockingTaints().size());

    HostProfile win = nodes.get(3).profile();
    assertEquals(Platform.parse("windows/amd64").withOsVersion("10.0.17763.5458"), win.platform());
    assertEquals("17763", win.os().build());
    assertEquals("Windows Server 2019 Datacenter", win.os().name());
    assertEquals("[os=windows:NoSchedule]", nodes.get(3).taints().toString());
  }

  @Test
  void everyNodeGetsTheVerdictItsFactsAllow() throws IOException {
    List<FleetHost> hosts = new ArrayList<>();
    for (KubernetesNode n : nodes()) {
      hosts.add(FleetHost.node("nodes.json", n));
    }
    List<Matrix.Target> targets = new ArrayList<>();
    for (String p :
        List.of(
            "linux/amd64",
            "linux/amd64/v2",
            "linux/arm64",
            "linux/386",
            "windows(10.0.17763)/amd64",
            "windows(10.0.20348)/amd64")) {
      targets.add(Targets.platform(p, Platform.parse(p)));
    }
    targets.add(
        Targets.archive("myapp-multi.tar", FleetFixtures.archives(tmp).get("myapp-multi.tar")));
    Matrix m = Matrix.evaluate(hosts, targets);
    String[][] want = {
      // amd64: level unknown (NFD hides the v2 flags), emulation and 32-bit unknown
      {"NATIVE", "NATIVE", "UNSUPPORTED", "UNSUPPORTED", "UNSUPPORTED", "UNSUPPORTED", "NATIVE"},
      // arm64: its own labels say amd64 runs emulated and arm (32-bit) does not run
      {"EMULATED", "UNSUPPORTED", "NATIVE", "UNSUPPORTED", "UNSUPPORTED", "UNSUPPORTED", "NATIVE"},
      // kvm64: x86-64-v1 and 32-bit by its labels
      {"NATIVE", "UNSUPPORTED", "UNSUPPORTED", "NATIVE", "UNSUPPORTED", "UNSUPPORTED", "NATIVE"},
      // Windows Server 2019: its own build in process isolation; a newer one never
      {
        "UNSUPPORTED",
        "UNSUPPORTED",
        "UNSUPPORTED",
        "UNSUPPORTED",
        "NATIVE",
        "UNSUPPORTED",
        "UNSUPPORTED"
      },
      // Windows Server 2022: an older build needs Hyper-V isolation, which Kubernetes does not
      // offer
      {
        "UNSUPPORTED",
        "UNSUPPORTED",
        "UNSUPPORTED",
        "UNSUPPORTED",
        "UNSUPPORTED",
        "NATIVE",
        "UNSUPPORTED"
      },
    };
    List<String> wrong = new ArrayList<>();
    for (int h = 0; h < want.length; h++) {
      for (int t = 0; t < want[h].length; t++) {
        Matrix.Cell c = m.cell(h, t);
        String got = c.verdict() == null ? "error " + c.error() : c.verdict().name();
        if (!Objects.equals(want[h][t], got)) {
          wrong.add(
              c.host().name() + " / " + c.target().name() + ": " + got + " " + c.evaluation());
        }
      }
    }
    assertEquals(List.of(), wrong);
    assertEquals(
        List.of("arch.native", "cpu.amd64-level.unknown").toString(),
        List.of(m.cell(0, 0).evaluation().ids().get(0), m.cell(0, 1).evaluation().ids().get(0))
            .toString());
    assertEquals(List.of("binfmt.unknown", "node.facts-unknown"), m.cell(0, 2).evaluation().ids());
    assertEquals(
        List.of("arch.compat.unknown", "node.facts-unknown"), m.cell(0, 3).evaluation().ids());
    assertEquals(List.of("node.label.emulated"), m.cell(1, 0).evaluation().ids());
    assertEquals(List.of("arch.compat"), m.cell(2, 3).evaluation().ids());
    assertEquals(List.of("node.os-mismatch"), m.cell(3, 0).evaluation().ids());
    assertEquals(
        List.of("windows.isolation.hyperv", "node.windows.hyperv-isolation"),
        m.cell(4, 4).evaluation().ids());
    Golden.assertGolden("nodes.txt", MatrixText.render(m));
    Golden.assertGolden("nodes.json", Golden.withoutProfiles(MatrixJson.toJson(m), m));
  }

  @Test
  void aSingleNodeReadsToo() {
    List<KubernetesNode> n =
        KubernetesNodes.parse(
            "{\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"},"
                + "\"status\":{\"nodeInfo\":{\"architecture\":\"arm64\",\"operatingSystem\":\"linux\"}}}");
    assertEquals(Platform.parse("linux/arm64"), n.get(0).profile().platform());
    assertEquals(
        List.of(
                "linux.binfmt",
                "execProbes",
                "linux.kernelConfig",
                "kernel.commandLine",
                "kernel.release",
                "memory.totalBytes")
            .stream()
            .sorted()
            .toList(),
        n.get(0).profile().unknowns().stream().map(Unknown::fact).sorted().toList());
  }

  @Test
  void labelsStandInForAMissingNodeInfo() {
    List<KubernetesNode> n =
        KubernetesNodes.parse(
            "{\"kind\":\"NodeList\",\"items\":[{\"metadata\":"
                + "{\"name\":\"n1\",\"labels\":{\"kubernetes.io/arch\":\"arm\",\"kubernetes.io/os\":\"linux\"}}}]}");
    assertEquals("linux/arm/v7", n.get(0).profile().platform().toString());
  }

  @Test
  void badNodeListsSayWhatIsWrong() {
    assertEquals("invalid literal at offset 0", message("not JSON"));
    assertEquals(
        "kind: expected NodeList, List or Node but found 'PodList' (the output of kubectl get nodes -o json)",
        message("{\"kind\":\"PodList\",\"items\":[]}"));
    assertEquals(
        "items: missing (the output of kubectl get nodes -o json)", message("{\"kind\":\"List\"}"));
    assertEquals("items: the list holds no nodes", message("{\"kind\":\"List\",\"items\":[]}"));
    assertEquals(
        "items[0].kind: expected Node but found 'Pod'",
        message("{\"items\":[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}]}"));
    assertEquals("items[0].metadata: missing", message("{\"items\":[{\"kind\":\"Node\"}]}"));
    assertEquals(
        "items[0].status.nodeInfo.architecture: missing, and no kubernetes.io/arch label (node n1)",
        message(
            "{\"items\":[{\"metadata\":{\"name\":\"n1\"},\"status\":{\"nodeInfo\":{\"operatingSystem\":\"linux\"}}}]}"));
    assertEquals(
        "items[1].metadata.name: node 'n1' is listed twice",
        message(
            "{\"items\":["
                + "{\"metadata\":{\"name\":\"n1\",\"labels\":{\"kubernetes.io/arch\":\"amd64\",\"kubernetes.io/os\":\"linux\"}}},"
                + "{\"metadata\":{\"name\":\"n1\",\"labels\":{\"kubernetes.io/arch\":\"amd64\",\"kubernetes.io/os\":\"linux\"}}}]}"));
    assertEquals(
        "items[0].status.nodeInfo: node n1: invalid platform 'linux/z80': unknown architecture 'z80'",
        message(
                "{\"items\":[{\"metadata\":{\"name\":\"n1\"},\"status\":{\"nodeInfo\":"
                    + "{\"operatingSystem\":\"linux\",\"architecture\":\"z80\"}}}]}")
            .replaceAll("' \\(.*", "'"));
  }

  @Test
  void memoryQuantities() {
    assertEquals(
        16365492L * 1024,
        KubernetesNodes.memoryOf(
            dev.canirundocker.json.JsonReader.parse("{\"memory\":\"16365492Ki\"}", "")));
    assertEquals(
        4_000_000_000L,
        KubernetesNodes.memoryOf(
            dev.canirundocker.json.JsonReader.parse("{\"memory\":\"4G\"}", "")));
    assertEquals(
        17179869184L,
        KubernetesNodes.memoryOf(
            dev.canirundocker.json.JsonReader.parse("{\"memory\":\"17179869184\"}", "")));
    assertEquals(
        0,
        KubernetesNodes.memoryOf(
            dev.canirundocker.json.JsonReader.parse("{\"memory\":\"1.5Gi\"}", "")));
  }

  private static String message(String json) {
    return assertThrows(InvalidNodeListException.class, () -> KubernetesNodes.parse(json))
        .getMessage();
  }
}
