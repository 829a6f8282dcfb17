package dev.canirundocker.daemon;

import dev.canirundocker.json.JsonException;
import dev.canirundocker.json.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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

  private static final long MAX_CONFIG_BYTES = 1 << 20;

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
  public DaemonEndpoint resolve(String explicitHost) throws DaemonEndpointException {
    if (explicitHost != null && !explicitHost.isBlank()) {
      return fromHost(explicitHost, "flag");
    }
    String dh = env.get("DOCKER_HOST");
    if (dh != null && !dh.isEmpty()) {
      return fromHost(dh, "DOCKER_HOST");
    }
    String context = contextName();
    if (context != null && !context.equals("default")) {
      return fromContext(context);
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
    Map<String, String> out = new LinkedHashMap<>();
    if (windows) {
      out.put(DEFAULT_NAMED_PIPE, "default named pipe");
    } else {
      out.put("unix://" + DEFAULT_UNIX_SOCKET, "default socket");
    }
    String xdg = env.get("XDG_RUNTIME_DIR");
    // rootless dockerd listens on $XDG_RUNTIME_DIR/docker.sock (moby contrib/dockerd-rootless.sh)
    if (xdg != null && !xdg.isEmpty()) {
      out.putIfAbsent("unix://" + Path.of(xdg, "docker.sock"), "rootless socket");
    }
    if (uid >= 0 && !windows) {
      out.putIfAbsent("unix:///run/user/" + uid + "/docker.sock", "rootless socket");
    }
    out.putIfAbsent("unix://" + home.resolve(".docker/run/docker.sock"), "Docker Desktop socket");
    out.putIfAbsent(
        "unix://" + home.resolve(".docker/desktop/docker.sock"), "Docker Desktop socket");
    out.putIfAbsent("unix://" + home.resolve(".colima/default/docker.sock"), "colima socket");
    for (Path profile : colimaProfiles()) {
      out.putIfAbsent("unix://" + profile.resolve("docker.sock"), "colima socket");
    }
    out.putIfAbsent("unix://" + home.resolve(".rd/docker.sock"), "Rancher Desktop socket");
    out.putIfAbsent("unix://" + home.resolve(".orbstack/run/docker.sock"), "OrbStack socket");
    if (xdg != null && !xdg.isEmpty()) {
      out.putIfAbsent("unix://" + Path.of(xdg, "podman", "podman.sock"), "podman socket");
    }
    List<DaemonEndpoint> l = new ArrayList<>();
    out.forEach((u, why) -> l.add(DaemonEndpoint.of(u, why)));
    return List.copyOf(l);
  }

  private List<Path> colimaProfiles() {
    Path dir = home.resolve(".colima");
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        // colima keeps shared state in "_lima" and "_templates"; profiles are the other directories
        if (!n.startsWith("_") && !n.equals("default") && Files.isDirectory(p)) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      return out;
    }
    out.sort(null);
    return out;
  }

  /** The docker context in effect, or null when none is configured. */
  public @Nullable String contextName() throws DaemonEndpointException {
    String c = env.get("DOCKER_CONTEXT");
    if (c != null && !c.isEmpty()) {
      return c;
    }
    Path cfg = configDir.resolve("config.json");
    if (!Files.isRegularFile(cfg)) {
      return null;
    }
    try {
      String cc = JsonReader.parse(readSmall(cfg), "config.json").string("currentContext");
      return cc == null || cc.isEmpty() ? null : cc;
    } catch (JsonException e) {
      throw new DaemonEndpointException(
          "cannot read docker config " + cfg + ": " + e.getMessage(), e);
    }
  }

  private DaemonEndpoint fromContext(String name) throws DaemonEndpointException {
    String id = contextId(name);
    String how = "context " + name;
    Path meta = configDir.resolve("contexts").resolve("meta").resolve(id).resolve("meta.json");
    if (!Files.isRegularFile(meta)) {
      throw new DaemonEndpointException(
          "docker context '"
              + name
              + "' ("
              + (env.containsKey("DOCKER_CONTEXT")
                  ? "DOCKER_CONTEXT"
                  : "currentContext in " + configDir.resolve("config.json"))
              + ") not found: no "
              + meta,
          null);
    }
    String host;
    boolean skipVerify;
    try {
      JsonReader ep =
          JsonReader.parse(readSmall(meta), "meta.json")
              .requiredObject("Endpoints")
              .requiredObject("docker");
      host = ep.requiredString("Host");
      skipVerify = Boolean.TRUE.equals(ep.bool("SkipTLSVerify"));
    } catch (JsonException e) {
      throw new DaemonEndpointException(
          "docker context '" + name + "': " + meta + ": " + e.getMessage(), e);
    }
    Path tlsDir = configDir.resolve("contexts").resolve("tls").resolve(id).resolve("docker");
    Path ca = existing(tlsDir.resolve("ca.pem"));
    Path cert = existing(tlsDir.resolve("cert.pem"));
    Path key = existing(tlsDir.resolve("key.pem"));
    // docker/cli cli/context/docker/load.go: TLS is on when the context has TLS data or skips
    // verification; the scheme alone does not turn it on
    boolean tls = ca != null || cert != null || skipVerify;
    DaemonTls t = tls ? new DaemonTls(true, !skipVerify, ca, cert, key) : DaemonTls.none();
    DaemonEndpoint e = fromHost(host, how);
    return new DaemonEndpoint(e.uri(), how, e.scheme().equals("tcp") ? t : DaemonTls.none());
  }

  private @Nullable Path existing(Path p) {
    return Files.isRegularFile(p) ? p : null;
  }

  /** The context store's directory name for a context: the hex SHA-256 of its name (go-digest). */
  public static String contextId(String name) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
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
        existing(dir.resolve("ca.pem")),
        existing(dir.resolve("cert.pem")),
        existing(dir.resolve("key.pem")));
  }

  /**
   * Normalizes a host as docker/cli opts/hosts.go {@code ParseHost} does: no scheme means TCP, a
   * TCP host without a port gets 2375 (2376 with TLS), an empty unix path the default socket.
   */
  private DaemonEndpoint fromHost(String raw, String how) throws DaemonEndpointException {
    String h = raw.trim();
    DaemonTls tls = envTls();
    if (h.isEmpty()) {
      throw new DaemonEndpointException("invalid docker host '' (" + how + "): empty", null);
    }
    int sep = h.indexOf("://");
    String scheme = sep < 0 ? "tcp" : h.substring(0, sep).toLowerCase(Locale.ROOT);
    String rest = sep < 0 ? h : h.substring(sep + 3);
    switch (scheme) {
      case "unix":
        return DaemonEndpoint.of("unix://" + (rest.isEmpty() ? DEFAULT_UNIX_SOCKET : rest), how);
      case "npipe":
        return checked(
            raw,
            how,
            DaemonEndpoint.of(
                "npipe://" + (rest.isEmpty() ? "//./pipe/docker_engine" : rest), how));
      case "ssh":
        return checked(raw, how, DaemonEndpoint.of(scheme + "://" + rest, how));
      case "fd":
        return DaemonEndpoint.of(scheme + "://" + rest, how);
      case "http":
      case "https":
      case "tcp":
        break;
      default:
        throw new DaemonEndpointException(
            "invalid docker host '" + raw + "' (" + how + "): unsupported scheme '" + scheme + "'",
            null);
    }
    // tcp: strip a path, default the host and the port
    String hostPort = rest;
    int slash = hostPort.indexOf('/');
    if (slash >= 0) {
      hostPort = hostPort.substring(0, slash);
    }
    if (hostPort.isEmpty() || hostPort.startsWith(":")) {
      hostPort = "localhost" + hostPort;
    }
    boolean hasPort =
        hostPort.startsWith("[") ? hostPort.contains("]:") : hostPort.indexOf(':') >= 0;
    if (!hasPort) {
      hostPort = hostPort + (tls.enabled() || scheme.equals("https") ? ":2376" : ":2375");
    }
    if (scheme.equals("https") && !tls.enabled()) {
      tls = new DaemonTls(true, true, null, null, null);
    }
    return checked(raw, how, new DaemonEndpoint("tcp://" + hostPort, how, tls));
  }

  /**
   * The endpoint, once its address parses (a port in range, a pipe path, an ssh destination), so
   * that a malformed host is refused before anything is dialled, naming the host and its source.
   */
  private static DaemonEndpoint checked(String raw, String how, DaemonEndpoint e)
      throws DaemonEndpointException {
    try {
      switch (e.scheme()) {
        case "npipe":
          e.namedPipe();
          break;
        case "ssh":
          SshTarget.parse(e.uri());
          break;
        default:
          e.tcpUri();
          break;
      }
    } catch (DaemonEndpointException x) {
      String m = dev.canirundocker.text.Text.message(x);
      int i = m.indexOf("': ");
      throw new DaemonEndpointException(
          "invalid docker host '" + raw + "' (" + how + "): " + (i >= 0 ? m.substring(i + 3) : m),
          x);
    }
    return e;
  }

  private static String readSmall(Path p) throws DaemonEndpointException {
    try {
      if (Files.size(p) > MAX_CONFIG_BYTES) {
        throw new DaemonEndpointException(p + ": larger than " + MAX_CONFIG_BYTES + " bytes", null);
      }
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DaemonEndpointException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /** For tests and diagnostics. */
  @Override
  public String toString() {
    return "DaemonEndpoints[config=" + configDir + ", home=" + home + ", uid=" + uid + "]";
  }
}
