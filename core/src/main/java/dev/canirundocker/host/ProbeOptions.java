package dev.canirundocker.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the live probe runs.
 *
 * @param root the directory {@code /proc}, {@code /sys}, {@code /etc} and friends are read under:
 *     {@code /} on a live host, a fixture tree in tests
 * @param env the environment variables the probe may consult (CONFIG, XDG_RUNTIME_DIR, PATH, USER)
 * @param execProbes whether to execute the tiny per-architecture ELF probes
 * @param execProbeTimeout how long one exec probe may run
 * @param tempDir where exec probes write their private directory, or null for the JVM default
 * @param probePlatforms the platforms to exec-probe, or null for every platform the tool has a
 *     probe for; a probe costs a process (and for a foreign architecture, an emulator's start-up)
 * @param system the OS's other inputs (system properties such as os.name, the Windows registry,
 *     WMI, macOS sysctls, OSHI's processor and memory): {@link SystemInputs#live()} on a live host,
 *     fixture values in tests. With {@code root} and {@code env} this is the one seam every probe
 *     reads through, so the Windows and macOS paths run in tests on Linux.
 */
public record ProbeOptions(
    Path root,
    Map<String, String> env,
    boolean execProbes,
    Duration execProbeTimeout,
    Path tempDir,
    java.util.List<dev.canirundocker.platform.Platform> probePlatforms,
    SystemInputs system) {

  public ProbeOptions {
    Objects.requireNonNull(root, "root");
    env = env == null ? Map.of() : Map.copyOf(env);
    execProbeTimeout = execProbeTimeout == null ? Duration.ofSeconds(2) : execProbeTimeout;
    probePlatforms = probePlatforms == null ? null : java.util.List.copyOf(probePlatforms);
    system = system == null ? SystemInputs.live() : system;
  }

  /** Without a {@link SystemInputs}: the live system's. */
  public ProbeOptions(
      Path root,
      Map<String, String> env,
      boolean execProbes,
      Duration execProbeTimeout,
      Path tempDir,
      java.util.List<dev.canirundocker.platform.Platform> probePlatforms) {
    this(root, env, execProbes, execProbeTimeout, tempDir, probePlatforms, null);
  }

  /** The live host, exec probes on, the process environment. */
  public static ProbeOptions defaults() {
    return new ProbeOptions(
        Path.of("/"),
        System.getenv(),
        true,
        Duration.ofSeconds(2),
        null,
        null,
        SystemInputs.live());
  }

  public ProbeOptions withExecProbes(boolean on) {
    return new ProbeOptions(root, env, on, execProbeTimeout, tempDir, probePlatforms, system);
  }

  public ProbeOptions withRoot(Path r) {
    return new ProbeOptions(r, env, execProbes, execProbeTimeout, tempDir, probePlatforms, system);
  }

  public ProbeOptions withEnv(Map<String, String> e) {
    return new ProbeOptions(root, e, execProbes, execProbeTimeout, tempDir, probePlatforms, system);
  }

  /** Only these platforms get an exec probe (null: all). */
  public ProbeOptions withProbePlatforms(java.util.List<dev.canirundocker.platform.Platform> ps) {
    return new ProbeOptions(root, env, execProbes, execProbeTimeout, tempDir, ps, system);
  }

  /** A different temp base for the exec probes' private directory. */
  public ProbeOptions withTempDir(Path dir) {
    return new ProbeOptions(root, env, execProbes, execProbeTimeout, dir, probePlatforms, system);
  }

  /** Other OS inputs (a fixture in tests). */
  public ProbeOptions withSystem(SystemInputs s) {
    return new ProbeOptions(root, env, execProbes, execProbeTimeout, tempDir, probePlatforms, s);
  }
}
