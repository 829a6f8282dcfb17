package dev.canirundocker.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Works out where the Docker daemon listens, the way the docker CLI does, then falls back to the
 * sockets that common installations create.
 *
 * <p>Order (docker/cli cli/command/cli.go {@code resolveContextName} and {@code
 * resolveDefaultDockerEndpoint}):
 *
 * <ol>
 *   <li>an explicit host ({@code --docker-host});
 *   <li>{@code DOCKER_HOST}, which makes the CLI use its "default" context;
 *   <li>the docker context: {@code DOCKER_CONTEXT}, else {@code currentContext} in {@code
 *       $DOCKER_CONFIG/config.json}; its endpoint is read from {@code
 *       $DOCKER_CONFIG/contexts/meta/<sha256(name)>/meta.json} (docker/cli
 *       cli/context/store/metadatastore.go) and its TLS files from {@code
 *       contexts/tls/<sha256(name)>/docker/} (store/tlsstore.go); the context named {@code default}
 *       means "no context";
 *   <li>{@code DOCKER_TLS_VERIFY} or {@code DOCKER_TLS} without a host: {@code
 *       tcp://localhost:2376} (docker/cli opts/hosts.go {@code DefaultTLSHost});
 *   <li>the first existing socket of: {@code /var/run/docker.sock}; rootless {@code
 *       $XDG_RUNTIME_DIR/docker.sock}, {@code /run/user/<uid>/docker.sock}; Docker Desktop {@code
 *       ~/.docker/run/docker.sock} (macOS), {@code ~/.docker/desktop/docker.sock} (Linux); colima
 *       {@code ~/.colima/default/docker.sock} then other profiles; Rancher Desktop {@code
 *       ~/.rd/docker.sock}; OrbStack {@code ~/.orbstack/run/docker.sock}; podman {@code
 *       $XDG_RUNTIME_DIR/podman/podman.sock}. On Windows the named pipe {@code
 *       npipe:////./pipe/docker_engine}.
 * </ol>
 *
 * When no candidate exists the answer is the platform default, chosen by {@code default}, so that a
 * caller can still report "no daemon at unix:///var/run/docker.sock".
 *
 * <p>TLS for a host from the flag or DOCKER_HOST comes from the environment, as in docker/cli
 * cli/flags/options.go: {@code DOCKER_TLS_VERIFY} (any non-empty value) turns on TLS with
 * verification, {@code DOCKER_TLS} TLS without it, and {@code DOCKER_CERT_PATH} (default the config
 * directory) holds {@code ca.pem}, {@code cert.pem} and {@code key.pem}.
 *
 * <p>Pure apart from reading the small JSON files of the docker config directory: the environment,
 * home directory, uid and the socket-exists test are injected.
 */
public final class DaemonEndpoints {
  /** The Linux and macOS default socket (moby daemon/config, opts/hosts_unix.go). */
  public static final String DEFAULT_UNIX_SOCKET = "/var/run/docker.sock";

  /** The Windows default named pipe (moby opts/hosts_windows.go). */
  public static final String DEFAULT_NAMED_PIPE = "npipe:////./pipe/docker_engine";

  private final Map<String, String> env;
  private final Path home;
  private final Path configDir;
  private final long uid;
  private final boolean windows;
  private final Predicate<Path> exists;

  /**
   * @param env the environment (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG, DOCKER_TLS_VERIFY,
   *     DOCKER_TLS, DOCKER_CERT_PATH, XDG_RUNTIME_DIR)
   * @param home the user's home directory
   * @param configDir the docker config directory, or null for {@code $DOCKER_CONFIG}, else {@code
   *     ~/.docker} (docker/cli cli/config/config.go)
   * @param uid the user's numeric id, or -1 when unknown (no {@code /run/user/<uid>} candidate)
   * @param windows whether the host is Windows (named pipe instead of sockets)
   * @param exists whether a socket (or pipe) exists at a path
   */
  public DaemonEndpoints(
      Map<String, String> env,
      Path home,
      @Nullable Path configDir,
      long uid,
      boolean windows,
      Predicate<Path> exists) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.home = Objects.requireNonNull(home, "home");
    String dc = this.env.get("DOCKER_CONFIG");
    this.configDir =
        configDir != null
            ? configDir
            : dc != null && !dc.isEmpty() ? Path.of(dc) : home.resolve(".docker");
    this.uid = uid;
    this.windows = windows;
    this.exists = Objects.requireNonNull(exists, "exists");
  }

  /** Discovery for this process: its environment, home, uid and the real file system. */
  public static DaemonEndpoints forCurrentProcess() {
    boolean win = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    return new DaemonEndpoints(
        System.getenv(),
        Path.of(System.getProperty("user.home", "/")),
        null,
        currentUid(),
        win,
        Files::exists);
  }

  private static long currentUid() {
    try {
      // /proc/self belongs to the process's effective uid; elsewhere the uid is not needed
      Object v = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return v instanceof Integer ? (Integer) v : -1;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }

  /** The docker config directory in use. */
  public Path configDir() {
    return configDir;
  }

  /**
   * The endpoint to use.
   *
   * @param explicitHost the {@code --docker-host} value, or null
   * @throws DaemonEndpointException when a host is malformed or the selected context is missing or
   *     unreadable (the docker CLI fails in the same cases)
   */
  public DaemonEndpoint resolve(@Nullable String explicitHost) throws DaemonEndpointException {
    if (explicitHost != null && !explicitHost.isBlank()) {
      return DockerHost.parse(explicitHost, "flag", envTls());
    }
    String dh = env.get("DOCKER_HOST");
    if (dh != null && !dh.isEmpty()) {
      return DockerHost.parse(dh, "DOCKER_HOST", envTls());
    }
    String context = contextName();
    if (context != null && !context.equals("default")) {
      return contexts().endpoint(context, envTls());
    }
    DaemonTls tls = envTls();
    if (tls.enabled()) {
      return new DaemonEndpoint("tcp://localhost:2376", tlsVar(), tls);
    }
    List<DaemonEndpoint> c = socketCandidates();
    for (DaemonEndpoint e : c) {
      Path p =
          e.uri().startsWith("unix://")
              ? Path.of(e.uri().substring(7))
              : Path.of("\\\\.\\pipe\\docker_engine");
      if (exists.test(p)) {
        return e;
      }
    }
    return DaemonEndpoint.of(
        windows ? DEFAULT_NAMED_PIPE : "unix://" + DEFAULT_UNIX_SOCKET, "default");
  }

  private String tlsVar() {
    return nonEmpty("DOCKER_TLS_VERIFY") ? "DOCKER_TLS_VERIFY" : "DOCKER_TLS";
  }

  /**
   * The known sockets in the order they are tried, whether or not they exist (for diagnostics:
   * "tried /var/run/docker.sock, ...").
   */
  public List<DaemonEndpoint> socketCandidates() {
    return SocketCandidates.of(env, home, uid, windows);
  }

  /** The docker context in effect, or null when none is configured. */
  public @Nullable String contextName() throws DaemonEndpointException {
    return contexts().contextName();
  }

  private DockerContextStore contexts() {
    return new DockerContextStore(env, configDir);
  }

  /** The context store's directory name for a context: the hex SHA-256 of its name (go-digest). */
  public static String contextId(String name) {
    return DockerContextStore.contextId(name);
  }

  private boolean nonEmpty(String var) {
    String v = env.get(var);
    return v != null && !v.isEmpty();
  }

  private DaemonTls envTls() {
    boolean verify = nonEmpty("DOCKER_TLS_VERIFY");
    boolean tls = verify || nonEmpty("DOCKER_TLS");
    if (!tls) {
      return DaemonTls.none();
    }
    Path dir = nonEmpty("DOCKER_CERT_PATH") ? Path.of(env.get("DOCKER_CERT_PATH")) : configDir;
    return new DaemonTls(
        true,
        verify,
        DockerContextStore.existing(dir.resolve("ca.pem")),
        DockerContextStore.existing(dir.resolve("cert.pem")),
        DockerContextStore.existing(dir.resolve("key.pem")));
  }

  /** For tests and diagnostics. */
  @Override
  public String toString() {
    return "DaemonEndpoints[config=" + configDir + ", home=" + home + ", uid=" + uid + "]";
  }
}
