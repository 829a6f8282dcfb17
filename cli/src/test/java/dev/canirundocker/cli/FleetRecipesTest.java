package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.canirundocker.fleet.NfdLabels;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet recipes the distributions ship: the kubernetes/ DaemonSet (parsed as YAML, its fields
 * checked against what the tool and node-feature-discovery need), the node affinity of its README
 * (every label it uses is one the tool writes), and the ansible/ role, run for real with ansible
 * against localhost and a second host reached through a local connection. The YAML parser is
 * Jackson's, which the JSON Schema validator already brings to the tests.
 */
class FleetRecipesTest {
  static final Path KUBERNETES = Path.of("src/main/fleet/kubernetes");
  static final Path ANSIBLE = Path.of("src/main/fleet/ansible");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        docs.add((JsonNode) it.next());
      }
    }
    return docs;
  }

  @Test
  void daemonSetRunsTheProbeWithProcAndSysReadOnlyAndWritesTheFeatureFile() throws IOException {
    List<JsonNode> docs = documents(KUBERNETES.resolve("daemonset.yaml"));
    assertEquals(
        List.of("Namespace", "DaemonSet"),
        docs.stream().map(d -> d.path("kind").asText()).toList());
    JsonNode ds = docs.get(1);
    assertEquals("apps/v1", ds.path("apiVersion").asText());
    assertEquals(
        docs.get(0).path("metadata").path("name").asText(),
        ds.path("metadata").path("namespace").asText());
    JsonNode spec = ds.path("spec");
    assertEquals(
        spec.path("selector").path("matchLabels"),
        spec.path("template").path("metadata").path("labels"),
        "the selector matches the pod template");
    JsonNode pod = spec.path("template").path("spec");
    assertEquals("linux", pod.path("nodeSelector").path("kubernetes.io/os").asText());
    assertEquals(
        "Exists",
        pod.path("tolerations").path(0).path("operator").asText(),
        "every node, tainted too");
    JsonNode c = pod.path("containers").path(0);
    Map<String, String> hostPaths = new java.util.HashMap<>();
    for (JsonNode v : pod.path("volumes")) {
      if (v.has("hostPath")) {
        hostPaths.put(v.path("name").asText(), v.path("hostPath").path("path").asText());
      }
    }
    Map<String, JsonNode> mounts = new java.util.HashMap<>();
    for (JsonNode m : c.path("volumeMounts")) {
      mounts.put(m.path("mountPath").asText(), m);
    }
    for (String p : List.of("/proc", "/sys")) {
      JsonNode m = mounts.get("/host" + p);
      assertTrue(m != null, "mounts the node's " + p + " under /host");
      assertEquals(p, hostPaths.get(m.path("name").asText()));
      assertTrue(m.path("readOnly").asBoolean(), p + " is read-only");
    }
    JsonNode features = mounts.get("/etc/kubernetes/node-feature-discovery/features.d");
    assertEquals(
        "/etc/kubernetes/node-feature-discovery/features.d",
        hostPaths.get(features.path("name").asText()));
    assertTrue(!features.path("readOnly").asBoolean());
    for (JsonNode m : c.path("volumeMounts")) {
      if (hostPaths.containsKey(m.path("name").asText()) && m != features) {
        assertTrue(m.path("readOnly").asBoolean(), m + " is read-only");
      }
    }
    JsonNode sc = c.path("securityContext");
    assertEquals(false, sc.path("allowPrivilegeEscalation").asBoolean(true));
    assertEquals(true, sc.path("readOnlyRootFilesystem").asBoolean());
    assertEquals("ALL", sc.path("capabilities").path("drop").path(0).asText());
    assertTrue(!sc.path("privileged").asBoolean(false));
    String script = c.path("args").path(0).asText();
    assertTrue(
        script.contains("can-i-run-docker host --root /host --json > /tmp/profile.json"), script);
    assertTrue(
        script.contains("can-i-run-docker host --host-profile /tmp/profile.json --format nfd"),
        script);
    assertTrue(
        script.contains(
            "> \"$dir/.can-i-run-docker\" && mv -f \"$dir/.can-i-run-docker\" \"$dir/can-i-run-docker\""),
        "written to a dot file NFD ignores, then renamed: " + script);
    assertTrue(mounts.containsKey("/tmp"), "a writable /tmp for the exec probes");
  }

  /** The script the DaemonSet runs works with this build: the same commands, a fake node root. */
  @Test
  void daemonSetCommandsWorkOnAFakeRoot(@TempDir Path tmp) throws IOException {
    Path root = tmp.resolve("host");
    for (String d : List.of("proc/sys/kernel", "sys", "etc")) {
      Files.createDirectories(root.resolve(d));
    }
    Files.writeString(root.resolve("proc/sys/kernel/osrelease"), "6.1.0-18-amd64\n");
    MainTest.Run probe =
        MainTest.run("host", "--root", root.toString(), "--json", "--no-exec-probe");
    assertEquals(0, probe.code(), probe.err());
    HostProfile h = HostProfile.parse(probe.out());
    assertEquals("6.1.0-18-amd64", h.kernel().release());
    Path saved = Files.writeString(tmp.resolve("profile.json"), probe.out());
    MainTest.Run nfd = MainTest.run("host", "--host-profile", saved.toString(), "--format", "nfd");
    assertEquals(0, nfd.code(), nfd.err());
    assertEquals(NfdLabels.featureFile(h), nfd.out());
  }

  /** Every label the README's node affinity uses is one the tool writes, with a value it writes. */
  @Test
  void readmeNodeAffinityUsesTheLabelsTheToolWrites() throws IOException {
    String readme = Files.readString(KUBERNETES.resolve("README.md"), StandardCharsets.UTF_8);
    Set<String> known = new HashSet<>(List.of(NfdLabels.AMD64_LEVEL, NfdLabels.COMPAT_32BIT));
    for (Platform p : NfdLabels.PLATFORMS) {
      known.add(NfdLabels.platformLabel(p));
    }
    Matcher yaml = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    int blocks = 0;
    int expressions = 0;
    while (yaml.find()) {
      JsonNode doc = YAML.readTree(yaml.group(1));
      blocks++;
      List<JsonNode> found = doc.findValues("matchExpressions");
      for (JsonNode list : found) {
        for (JsonNode e : list) {
          String key = e.path("key").asText();
          assertTrue(known.contains(key), "README uses a label the tool does not write: " + key);
          for (JsonNode v : e.path("values")) {
            String value = v.asText();
            boolean ok =
                key.equals(NfdLabels.AMD64_LEVEL)
                    ? value.matches("[0-4]")
                    : key.equals(NfdLabels.COMPAT_32BIT)
                        ? value.matches("true|false")
                        : value.matches("native|emulated");
            assertTrue(ok, key + " never has the value " + value);
          }
          expressions++;
        }
      }
    }
    assertTrue(
        blocks >= 2 && expressions >= 3, blocks + " blocks, " + expressions + " expressions");
    Matcher mentioned =
        Pattern.compile("feature\\.node\\.kubernetes\\.io/can-i-run-docker\\.[a-z0-9_.-]+")
            .matcher(readme);
    while (mentioned.find()) {
      String l = mentioned.group().replaceAll("[.]$", "");
      assertTrue(
          known.contains(l) || l.equals(NfdLabels.PREFIX + "linux_amd64_v3"), "README names " + l);
    }
  }

  @Test
  void ansibleFilesAreYaml() throws IOException {
    try (Stream<Path> s = Files.walk(ANSIBLE)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".yml")).toList()) {
        assertTrue(!documents(p).isEmpty(), p.toString());
      }
    }
    JsonNode tasks =
        YAML.readTree(ANSIBLE.resolve("roles/can_i_run_docker/tasks/main.yml").toFile());
    List<String> modules = new ArrayList<>();
    for (JsonNode t : tasks) {
      t.fieldNames()
          .forEachRemaining(
              f -> {
                if (f.startsWith("ansible.builtin.")) {
                  modules.add(f);
                }
              });
    }
    assertEquals(
        List.of(
            "ansible.builtin.copy",
            "ansible.builtin.command",
            "ansible.builtin.copy",
            "ansible.builtin.fetch"),
        modules);
  }

  /**
   * The role for real: ansible-playbook with two hosts, localhost and a second one reached through
   * a local connection, each getting its own copy of the tool; the profiles are fetched to the
   * controller and the matrix check runs there. Skipped where ansible is not installed, unless
   * CIRD_REQUIRE_ANSIBLE=1 (.ci/run installs Debian's ansible and sets it).
   */
  @Test
  void ansibleRoleCollectsProfilesAndRunsTheMatrix(@TempDir Path tmp) throws Exception {
    boolean have =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "ansible-playbook")));
    if ("1".equals(System.getenv("CIRD_REQUIRE_ANSIBLE"))) {
      assertTrue(have, "CIRD_REQUIRE_ANSIBLE=1 but ansible-playbook is not on the PATH");
    }
    Assumptions.assumeTrue(have, "ansible-playbook is not installed (apt-get install ansible)");

    // a distribution laid out as the archive does: bin/ runs this build, ansible/ is the recipe
    Path dist = tmp.resolve("dist");
    Files.createDirectories(dist.resolve("bin"));
    Files.createDirectories(dist.resolve("lib"));
    Files.writeString(
        dist.resolve("lib/README"), "the CLI's classes come from the test class path\n");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path launcher = dist.resolve("bin/can-i-run-docker");
    Files.writeString(
        launcher,
        "#!/bin/sh\nexec '"
            + java
            + "' -cp '"
            + System.getProperty("java.class.path")
            + "' dev.canirundocker.cli.Main \"$@\"\n");
    assertTrue(launcher.toFile().setExecutable(true));
    copyTree(ANSIBLE, dist.resolve("ansible"));
    Path inventory =
        Files.writeString(
            tmp.resolve("inventory"),
            ""
                + "localhost ansible_connection=local cird_remote_dir="
                + tmp.resolve("hosts/localhost")
                + "\n"
                + "second ansible_connection=local cird_remote_dir="
                + tmp.resolve("hosts/second")
                + "\n"
                + "[all:vars]\nansible_python_interpreter=/usr/bin/python3\n");
    Path vars =
        Files.writeString(
            tmp.resolve("vars.json"),
            "{\"cird_check_args\": [\"--platform\", "
                + "\"linux/amd64,windows/amd64\"], \"cird_ok_exit_codes\": [0, 3, 4, 5], \"cird_max_age\": \"1d\"}");
    ProcessBuilder pb =
        new ProcessBuilder(
                "ansible-playbook",
                "-i",
                inventory.toString(),
                dist.resolve("ansible/playbook.yml").toString(),
                "-e",
                "@" + vars)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("ansible.log").toFile());
    pb.environment().put("ANSIBLE_HOME", tmp.resolve("ansible-home").toString());
    pb.environment().put("ANSIBLE_LOCAL_TEMP", tmp.resolve("ansible-tmp").toString());
    pb.environment().put("ANSIBLE_REMOTE_TEMP", tmp.resolve("ansible-remote-tmp").toString());
    pb.environment().put("ANSIBLE_NOCOLOR", "1");
    pb.environment().put("ANSIBLE_RETRY_FILES_ENABLED", "false");
    pb.environment().put("ANSIBLE_CONFIG", tmp.resolve("none.cfg").toString());
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ansible-playbook did not finish in 300 s");
    }
    String log = Files.readString(tmp.resolve("ansible.log"));
    assertEquals(0, p.exitValue(), log);

    Path ansibleDir = dist.resolve("ansible");
    for (String h : List.of("localhost", "second")) {
      assertTrue(
          Files.isExecutable(tmp.resolve("hosts/" + h + "/bin/can-i-run-docker")),
          "copied to " + h);
      HostProfile prof =
          HostProfile.parse(Files.readString(ansibleDir.resolve("profiles/" + h + ".json")));
      assertTrue(prof.collectedAt() != null, h + " says when");
    }
    String text = Files.readString(ansibleDir.resolve("reports/matrix.txt"));
    List<String> lines = text.lines().toList();
    assertTrue(lines.get(0).matches("HOST +linux/amd64 +windows/amd64"), text);
    assertTrue(lines.get(1).startsWith("localhost  "), text);
    assertTrue(lines.get(2).startsWith("second     "), text);
    assertTrue(text.contains("2 hosts x 2 targets: "), text);
    JsonSchemaTest.assertValid(
        "check", Files.readString(ansibleDir.resolve("reports/matrix.json")));
    String junit = Files.readString(ansibleDir.resolve("reports/matrix.junit.xml"));
    assertTrue(junit.contains("<testsuites name=\"can-i-run-docker\" tests=\"4\""), junit);
    assertTrue(
        Files.readString(ansibleDir.resolve("reports/matrix.md"))
            .startsWith("### can-i-run-docker: "));
    assertTrue(log.contains("localhost                  : ok="), log);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
