package dev.canirundocker.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.check.ImageCompatibility;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.json.Json;
import dev.canirundocker.platform.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The feature file {@code host --format nfd} writes, and the labels read back on the node. */
class NfdLabelsTest {
  @Test
  void featureFileOfTheFleet() {
    StringBuilder all = new StringBuilder();
    for (Map.Entry<String, HostProfile> e : FleetFixtures.profiles().entrySet()) {
      all.append("==> ")
          .append(e.getKey())
          .append(" <==\n")
          .append(
              NfdLabels.featureFile(
                  e.getValue()
                      .withOrigin(e.getKey(), java.time.Instant.parse("2026-12-01T09:00:00Z"))));
    }
    Golden.assertGolden("features.d.txt", all.toString());
  }

  @Test
  void amd64WithQemu() {
    Map<String, String> want = new LinkedHashMap<>();
    String p = "feature.node.kubernetes.io/can-i-run-docker.";
    want.put(p + "amd64-level", "3");
    want.put(p + "32bit", "true");
    for (String n : List.of("linux_amd64", "linux_amd64_v2", "linux_amd64_v3", "linux_386")) {
      want.put(p + n, "native");
    }
    for (String n : List.of("linux_arm64", "linux_arm_v7", "linux_arm_v6", "linux_arm_v5")) {
      want.put(p + n, "emulated");
    }
    assertEquals(want, NfdLabels.of(FleetFixtures.profiles().get("amd64-v3")));
  }

  @Test
  void everyLineIsAValidLabel() {
    for (HostProfile h : FleetFixtures.profiles().values()) {
      for (String line : NfdLabels.featureFile(h).lines().toList()) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] kv = line.split("=", 2);
        String name = kv[0].substring(kv[0].indexOf('/') + 1);
        assertEquals(
            true,
            name.length() <= 63 && name.matches("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?"),
            line);
        assertEquals(
            true,
            kv[1].length() <= 63 && kv[1].matches("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?"),
            line);
      }
    }
  }

  /**
   * The labels written on a node, read back by {@code check --nodes}, give the verdict the node's
   * own profile gives, for every platform a label is written for.
   */
  @Test
  void labelsReadBackAsTheNodeSawItself() {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, HostProfile> e : FleetFixtures.profiles().entrySet()) {
      HostProfile self = e.getValue();
      if (!self.platform().isLinux()) {
        continue;
      }
      Map<String, Object> labels = new LinkedHashMap<>(NfdLabels.of(self));
      labels.put("kubernetes.io/arch", self.platform().architecture());
      labels.put("kubernetes.io/os", "linux");
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("name", e.getKey());
      meta.put("labels", labels);
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("kind", "Node");
      node.put("metadata", meta);
      KubernetesNode n = KubernetesNodes.parse(Json.compact(node)).get(0);
      for (Platform p : NfdLabels.PLATFORMS) {
        if (NfdLabels.reported(n.labels(), p) == null) {
          continue;
        }
        var mine = ImageCompatibility.evaluate(self, p).verdict();
        var read = NodeRules.adjust(n, ImageCompatibility.evaluate(n.profile(), p)).verdict();
        if (mine != read) {
          wrong.add(
              e.getKey() + " " + p + ": " + mine + " on the node, " + read + " from its labels");
        }
      }
    }
    assertEquals(List.of(), wrong);
  }
}
