package dev.canirundocker.check.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Item-by-item parity with Debian's copy of moby's check-config.sh, run on the same config.
 *
 * <p>The script gates items on {@code uname -r}, not on the config header, so for the fixtures a
 * {@code uname} shim first on PATH answers {@code -r} with the fixture header's version, and ours
 * is given that same version. For this machine's own config the real {@code uname -r} is used on
 * both sides.
 */
class CheckConfigParityTest {
  private static final Path SCRIPT = Path.of("/usr/share/docker.io/contrib/check-config.sh");
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
  private static final Pattern ITEM =
      Pattern.compile("^\\s*- (CONFIG_[A-Z0-9_]+): (enabled \\(as module\\)|enabled|missing)\\s*$");

  /**
   * Where the two copies of the script gate an item differently, the catalog takes upstream's gate;
   * Debian's copy then prints an item ours leaves out. Name and reason for each.
   */
  private static boolean knownDifference(String name, KernelVersion v) {
    boolean fiveEightOrLater = v.compareTo(KernelVersion.of(5, 8, 0)) >= 0;
    // Debian: check_flags MEMCG_SWAP at every version; upstream: only below 5.8
    if (name.equals("CONFIG_MEMCG_SWAP")) {
      return fiveEightOrLater;
    }
    // Debian: MEMCG_SWAP_ENABLED when <= 5.8; upstream: < 5.8 (5.8 removed the option)
    if (name.equals("CONFIG_MEMCG_SWAP_ENABLED")) {
      return v.major() == 5 && v.minor() == 8;
    }
    return false;
  }

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "centos7-3.10.config",
        "cgroupv2-6.1.config",
        "no-storage-5.15.config",
        "no-namespaces-4.19.config"
      })
  void fixturesAgreeWithDebiansScript(String fixture) throws Exception {
    assumeScript();
    Path config = TestConfigs.fixture(fixture);
    KernelConfigInfo info = TestConfigs.read(config);
    Map<String, String> printed = runScript(config, shimEnv(info.version()));

    for (String mode : new String[] {"v1", "v2"}) {
      assertParity(printed, info, KernelVersion.parse(info.version()), mode);
    }
  }

  /** Each side of every version gate in the script, on one config that sets most old options. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "3.13.0", "3.14.0", "3.18.0", "3.19.0", "4.5.0", "4.6.0", "4.7.0", "4.8.0", "4.14.0",
        "4.15.0", "4.20.0", "5.0.0", "5.1.0", "5.2.0", "5.3.0", "5.4.0", "5.7.0", "5.8.0", "5.9.0"
      })
  void versionGatesAgreeWithDebiansScript(String version) throws Exception {
    assumeScript();
    Path config = TestConfigs.fixture("centos7-3.10.config");
    KernelConfigInfo info = TestConfigs.read(config);
    Map<String, String> printed = runScript(config, shimEnv(version));
    assertParity(printed, info, KernelVersion.parse(version), "v1");
  }

  private Map<String, String> shimEnv(String release) throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path shim = bin.resolve("uname");
    Files.writeString(
        shim,
        "#!/bin/sh\nif [ \"$1\" = \"-r\" ]; then echo \"$FAKE_UNAME_R\";"
            + " else exec "
            + realUname()
            + " \"$@\"; fi\n");
    Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FAKE_UNAME_R", release);
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    return env;
  }

  @Test
  void thisMachinesConfigAgreesWithDebiansScript() throws Exception {
    assumeScript();
    Path proc = Path.of("/proc/config.gz");
    assumeTrue(Files.isReadable(proc), "no /proc/config.gz on this machine");
    Path config = tmp.resolve("this.config");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(proc))) {
      Files.copy(in, config);
    }
    KernelConfigInfo info = TestConfigs.read(config);
    // the script reads uname -r, which is what the JVM reports as os.version on Linux
    KernelVersion v = KernelVersion.parse(System.getProperty("os.version"));
    Map<String, String> printed = runScript(config, Map.of());
    assertParity(printed, info, v, null);
  }

  private static void assumeScript() {
    assumeTrue(
        Files.isReadable(SCRIPT),
        SCRIPT
            + " not present (Debian's docker.io package"
            + " ships it); parity with check-config.sh not checked");
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no /bin/bash to run " + SCRIPT);
  }

  private static String realUname() {
    for (String p : new String[] {"/usr/bin/uname", "/bin/uname"}) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new IllegalStateException("no uname binary in /usr/bin or /bin");
  }

  private static void assertParity(
      Map<String, String> printed, KernelConfigInfo info, KernelVersion v, String mode) {
    assertFalse(printed.isEmpty(), "the script printed no CONFIG_ items");
    KernelConfigReport r = KernelConfigCheck.evaluate(info, v, mode);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : printed.entrySet()) {
      String name = e.getKey();
      KernelConfigReport.Item item = r.item(name);
      String ours;
      if (item != null) {
        ours = item.state().json();
      } else if (knownDifference(name, v)) {
        ours = KernelConfigCatalog.find(name).stateIn(info).json();
      } else {
        problems.add(name + ": printed by the script (" + e.getValue() + ") but not reported");
        continue;
      }
      if (!ours.equals(e.getValue())) {
        problems.add(name + ": script " + e.getValue() + ", ours " + ours);
      }
    }
    // the other way: every item Debian's copy lists that we report, the script printed
    for (KernelConfigReport.Item i : r.items()) {
      KernelConfigItem def = KernelConfigCatalog.find(i.name());
      boolean onlyV2 =
          def.cgroupRule() == KernelConfigItem.CgroupRule.V2_ANY_VERSION && !def.admitsVersion(v);
      if (def.origin().inDebian() && !onlyV2 && !printed.containsKey(i.name())) {
        problems.add(i.name() + ": reported by us but not printed by the script");
      }
    }
    if (!problems.isEmpty()) {
      fail("kernel " + v + ", cgroup " + mode + ": " + String.join("; ", problems));
    }
    assertTrue(printed.size() > 40, "only " + printed.size() + " items parsed");
  }

  /** Runs the script with CONFIG set; its CONFIG_ items and their states in our spelling. */
  private Map<String, String> runScript(Path config, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", SCRIPT.toString());
    pb.environment().putAll(env);
    pb.environment().put("CONFIG", config.toString());
    pb.environment().remove("NO_COLOR");
    Path out = tmp.resolve("out-" + System.nanoTime());
    Path err = tmp.resolve("err-" + System.nanoTime());
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(SCRIPT + " did not finish within 60 s");
    }
    Map<String, String> items = new LinkedHashMap<>();
    for (String raw : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      String line = ANSI.matcher(raw).replaceAll("");
      Matcher m = ITEM.matcher(line);
      if (m.matches()) {
        String state = m.group(2).equals("enabled (as module)") ? "module" : m.group(2);
        String before = items.put(m.group(1), state);
        // NF_NAT appears twice upstream; any repeat must agree with itself
        if (before != null && !before.equals(state)) {
          fail(m.group(1) + " printed as both " + before + " and " + state);
        }
      }
    }
    if (items.isEmpty()) {
      fail(
          "no items in the script's output; stderr: "
              + Files.readString(err, StandardCharsets.UTF_8).trim());
    }
    return items;
  }
}
