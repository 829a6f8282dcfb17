package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.check.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * .github/workflows/ci.yml cannot run here: it is checked to be valid YAML of the workflow shape,
 * to name only real actions and GitHub-hosted runner labels (docs.github.com, "GitHub-hosted
 * runners reference": macos-latest is arm64, macos-15-intel x64), and to check the preflight's exit
 * code against the verdict with the contract's table.
 */
class WorkflowTest {
  static final Path WORKFLOW = Path.of("../.github/workflows/ci.yml");

  /** Real actions at their released major versions. */
  static final Set<String> ACTIONS = Set.of("actions/checkout@v4", "actions/setup-java@v4");

  static final Set<String> RUNNERS =
      Set.of("ubuntu-latest", "windows-latest", "macos-latest", "macos-15-intel");

  @SuppressWarnings("unchecked")
  static Map<String, Object> workflow() throws IOException {
    return (Map<String, Object>) new Yaml().load(Files.readString(WORKFLOW));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> steps(Map<String, Object> job) {
    return (List<Map<String, Object>>) job.get("steps");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aWorkflowWithRealActionsAndRunnerLabels() throws IOException {
    Map<String, Object> w = workflow();
    // YAML 1.1 reads the key `on` as true
    assertTrue(w.containsKey("on") || ((Map<?, ?>) w).containsKey(Boolean.TRUE), "no trigger");
    Map<String, Object> jobs = (Map<String, Object>) w.get("jobs");
    assertEquals(Set.of("linux", "desktop-os"), jobs.keySet());
    Set<String> labels = new LinkedHashSet<>();
    List<String> uses = new ArrayList<>();
    for (Object o : jobs.values()) {
      Map<String, Object> job = (Map<String, Object>) o;
      String runsOn = (String) job.get("runs-on");
      if (runsOn.equals("${{ matrix.os }}")) {
        Map<String, Object> matrix =
            (Map<String, Object>) ((Map<String, Object>) job.get("strategy")).get("matrix");
        for (Map<String, Object> inc : (List<Map<String, Object>>) matrix.get("include")) {
          labels.add((String) inc.get("os"));
        }
      } else {
        labels.add(runsOn);
      }
      for (Map<String, Object> step : steps(job)) {
        assertTrue(step.containsKey("uses") ^ step.containsKey("run"), step.toString());
        if (step.containsKey("uses")) {
          uses.add((String) step.get("uses"));
        }
      }
    }
    assertEquals(RUNNERS, labels);
    assertTrue(ACTIONS.containsAll(uses), uses.toString());
    assertTrue(uses.containsAll(ACTIONS), uses.toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void javaSeventeenFromTemurinAndTheLinuxJobRunsCiRun() throws IOException {
    Map<String, Object> jobs = (Map<String, Object>) workflow().get("jobs");
    Map<String, Object> desktop = (Map<String, Object>) jobs.get("desktop-os");
    Map<String, Object> setup =
        steps(desktop).stream()
            .filter(s -> "actions/setup-java@v4".equals(s.get("uses")))
            .findFirst()
            .orElseThrow();
    Map<String, Object> with = (Map<String, Object>) setup.get("with");
    assertEquals("temurin", with.get("distribution"));
    assertEquals("17", with.get("java-version"));
    assertTrue(steps(desktop).stream().anyMatch(s -> "mvn -B verify".equals(s.get("run"))));
    Map<String, Object> linux = (Map<String, Object>) jobs.get("linux");
    assertTrue(steps(linux).stream().anyMatch(s -> ".ci/run".equals(s.get("run"))));
    assertTrue(Files.isExecutable(Path.of("../.ci/run")));
  }

  /** Both preflight checks map every verdict to the contract's exit code. */
  @Test
  @SuppressWarnings("unchecked")
  void thePreflightExitCodeIsCheckedAgainstTheVerdict() throws IOException {
    Map<String, Object> desktop =
        (Map<String, Object>) ((Map<String, Object>) workflow().get("jobs")).get("desktop-os");
    String sh = null;
    String pwsh = null;
    for (Map<String, Object> s : steps(desktop)) {
      String run = (String) s.get("run");
      if (run != null && run.contains("--json") && "bash".equals(s.get("shell"))) {
        sh = run;
      } else if (run != null && run.contains("--json") && "pwsh".equals(s.get("shell"))) {
        pwsh = run;
      }
    }
    assertTrue(sh != null && pwsh != null);
    assertTrue(sh.contains("bin/can-i-run-docker\" --json"));
    assertTrue(pwsh.contains("bin\\can-i-run-docker.cmd\" --json"));
    for (Verdict v : Verdict.values()) {
      assertTrue(sh.contains(v.name() + ") want=" + v.exitCode() + " ;;"), v + " in the bash step");
      assertTrue(pwsh.contains(v.name() + " = " + v.exitCode()), v + " in the PowerShell step");
    }
  }
}
