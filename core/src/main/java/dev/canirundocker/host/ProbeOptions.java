package dev.canirundocker.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
 * @param facts the Linux facts to read, null or empty for every one ({@link HostFact#all()}): a
 *     command reads only what its checks and its output use, and the profile names the others in
 *     {@link HostProfile#notProbed()}. The platform, OS, kernel release, hostname and the exec
 *     probes (see {@code execProbes}) do not depend on it.
 */
public record ProbeOptions(
    Path root,
    Map<String, String> env,
    boolean execProbes,
    Duration execProbeTimeout,
    @Nullable Path tempDir,
    java.util.@Nullable List<dev.canirundocker.platform.Platform> probePlatforms,
    SystemInputs system,
    java.util.Set<HostFact> facts) {

  public ProbeOptions(
      Path root,
      @Nullable Map<String, String> env,
      boolean execProbes,
      @Nullable Duration execProbeTimeout,
      @Nullable Path tempDir,
      java.util.@Nullable List<dev.canirundocker.platform.Platform> probePlatforms,
      @Nullable SystemInputs system,
      java.util.@Nullable Set<HostFact> facts) {
    // canonical, not compact: a null argument gets the default below, no component is null
    Objects.requireNonNull(root, "root");
    this.env = env == null ? Map.of() : Map.copyOf(env);
    this.execProbeTimeout = execProbeTimeout == null ? Duration.ofSeconds(2) : execProbeTimeout;
    this.probePlatforms = probePlatforms == null ? null : java.util.List.copyOf(probePlatforms);
    this.system = system == null ? SystemInputs.live() : system;
    this.facts =
        facts == null || facts.isEmpty()
            ? HostFact.all()
            : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(facts));
    this.root = root;
    this.execProbes = execProbes;
    this.tempDir = tempDir;
  }

  /** Every fact (see {@link #facts()}). */
  public ProbeOptions(
      Path root,
      @Nullable Map<String, String> env,
      boolean execProbes,
      @Nullable Duration execProbeTimeout,
      @Nullable Path tempDir,
      java.util.@Nullable List<dev.canirundocker.platform.Platform> probePlatforms,
      @Nullable SystemInputs system) {
    this(root, env, execProbes, execProbeTimeout, tempDir, probePlatforms, system, null);
  }

  /** Without a {@link SystemInputs}: the live system's. */
  public ProbeOptions(
      Path root,
      Map<String, String> env,
      boolean execProbes,
      Duration execProbeTimeout,
      Path tempDir,
      java.util.List<dev.canirundocker.platform.Platform> probePlatforms) {
    this(root, env, execProbes, execProbeTimeout, tempDir, probePlatforms, null, null);
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
        SystemInputs.live(),
        null);
  }

  public ProbeOptions withExecProbes(boolean on) {
    return new ProbeOptions(
        root, env, on, execProbeTimeout, tempDir, probePlatforms, system, facts);
  }

  public ProbeOptions withRoot(Path r) {
    return new ProbeOptions(
        r, env, execProbes, execProbeTimeout, tempDir, probePlatforms, system, facts);
  }

  public ProbeOptions withEnv(Map<String, String> e) {
    return new ProbeOptions(
        root, e, execProbes, execProbeTimeout, tempDir, probePlatforms, system, facts);
  }

  /** Only these platforms get an exec probe (null: all). */
  public ProbeOptions withProbePlatforms(
      java.util.@Nullable List<dev.canirundocker.platform.Platform> ps) {
    return new ProbeOptions(root, env, execProbes, execProbeTimeout, tempDir, ps, system, facts);
  }

  /** A different temp base for the exec probes' private directory. */
  public ProbeOptions withTempDir(Path dir) {
    return new ProbeOptions(
        root, env, execProbes, execProbeTimeout, dir, probePlatforms, system, facts);
  }

  /** Other OS inputs (a fixture in tests). */
  public ProbeOptions withSystem(SystemInputs s) {
    return new ProbeOptions(
        root, env, execProbes, execProbeTimeout, tempDir, probePlatforms, s, facts);
  }

  /**
   * Only these Linux facts are read (null or empty: all); see {@link #facts()}.
   *
   * @param f the facts the command uses
   */
  public ProbeOptions withFacts(java.util.@Nullable Set<HostFact> f) {
    return new ProbeOptions(
        root, env, execProbes, execProbeTimeout, tempDir, probePlatforms, system, f);
  }

  /** Whether {@code f} is to be read. */
  public boolean wants(HostFact f) {
    return facts.contains(f);
  }
}
