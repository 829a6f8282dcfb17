package dev.canirundocker.daemon;

import dev.canirundocker.json.Json;
import dev.canirundocker.json.JsonException;
import dev.canirundocker.platform.Platform;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The real {@link DaemonClient}: the Engine API over a unix socket, TCP (optionally TLS), a Windows
 * named pipe or ssh, with small requests on kept-alive connections.
 *
 * <p>API version negotiation as the docker CLI does it (docker/docker client/client.go {@code
 * NegotiateAPIVersionPing}): the first call learns the daemon's version from {@code /_ping}'s
 * {@code API-Version} header (or {@code /version}'s {@code ApiVersion}, when that is the first
 * call), 1.24 when it sends none; then every path is versioned, {@code /v1.41/info}, at min(client
 * maximum {@link ApiVersion#CLIENT_MAX}, the daemon's). A daemon below {@link
 * ApiVersion#CLIENT_MIN} is refused with a clear error. A ping that fails with an HTTP error or
 * garbage does not stop the call (the CLI ignores it too): the paths stay unversioned, which every
 * engine answers at its own version. Messages name the call unversioned ({@code GET /info}).
 *
 * <p>Thread-safe: calls share nothing but the immutable configuration and the lazily built TLS
 * context.
 */
public final class HttpDaemonClient implements DaemonClient {
  private final DaemonEndpoint endpoint;
  private final DaemonClientOptions options;

  /** Idle kept-alive connections, most recent first; at most {@link #MAX_IDLE}. */
  private final java.util.concurrent.ConcurrentLinkedDeque<DaemonConnection> idle =
      new java.util.concurrent.ConcurrentLinkedDeque<>();

  private static final int MAX_IDLE = 8;
  private volatile SSLContext ssl;

  /** The path prefix once negotiated: {@code /v1.41}, or empty for unversioned; null before. */
  private volatile String prefix;

  private volatile ApiVersion negotiated;
  private final DaemonConnection.Transports transports;

  private HttpDaemonClient(
      DaemonEndpoint endpoint,
      DaemonClientOptions options,
      DaemonConnection.Transports transports) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.options = Objects.requireNonNull(options, "options");
    this.transports = Objects.requireNonNull(transports, "transports");
  }

  /** A client with {@link DaemonClientOptions#defaults()}. */
  public static HttpDaemonClient create(DaemonEndpoint endpoint) {
    return create(endpoint, DaemonClientOptions.defaults());
  }

  /** A client with the given limits. */
  public static HttpDaemonClient create(DaemonEndpoint endpoint, DaemonClientOptions options) {
    return new HttpDaemonClient(endpoint, options, DaemonConnection.Transports.DEFAULT);
  }

  /** A client whose pipes and ssh are the given ones (tests). */
  static HttpDaemonClient create(
      DaemonEndpoint endpoint,
      DaemonClientOptions options,
      DaemonConnection.Transports transports) {
    return new HttpDaemonClient(endpoint, options, transports);
  }

  @Override
  public DaemonEndpoint endpoint() {
    return endpoint;
  }

  /** The limits in use. */
  public DaemonClientOptions options() {
    return options;
  }

  @Override
  public DaemonPing ping() throws DaemonException {
    DaemonPing p;
    try (Exchange x = open("/_ping", false, null, false)) {
      x.bodyBytes(); // "OK"
      DaemonHttp.Response r = x.response;
      p =
          new DaemonPing(
              r.header("Api-Version"),
              r.header("Ostype"),
              "true".equalsIgnoreCase(r.header("Docker-Experimental")),
              r.header("Builder-Version"),
              r.header("Server"));
    }
    if (prefix == null) {
      negotiate(p.apiVersion(), "/_ping API-Version");
    }
    return p;
  }

  @Override
  public Map<String, Object> version() throws DaemonException {
    if (prefix != null) {
      return object("/version");
    }
    // unversioned: /version answers every engine at its own version, and says which that is
    Map<String, Object> v;
    try (Exchange x = open("/version", false, null, false)) {
      v = parseObject(x, "/version");
    }
    if (prefix == null) {
      Object api = v.get("ApiVersion");
      negotiate(api instanceof String ? (String) api : null, "/version ApiVersion");
    }
    return v;
  }

  @Override
  public Optional<ApiVersion> apiVersion() {
    return Optional.ofNullable(negotiated);
  }

  /**
   * Sets the version from what the daemon said (docker/docker client/client.go: an empty version
   * means 1.24; the result is the lower of the client's and the daemon's).
   *
   * @throws DaemonApiException when the daemon is older than {@link ApiVersion#CLIENT_MIN}
   */
  private synchronized void negotiate(String daemonVersion, String source) throws DaemonException {
    if (prefix != null) {
      return;
    }
    ApiVersion d;
    try {
      d = ApiVersion.negotiate(daemonVersion, endpoint.uri());
    } catch (IllegalArgumentException e) {
      throw protocol(
          "GET " + source.substring(0, source.indexOf(' ')), source + " is " + e.getMessage(), e);
    }
    negotiated = d;
    prefix = "/v" + negotiated;
  }

  /**
   * Negotiates before the first versioned call (a ping), unless a call did already. A ping that
   * gets no answer is reported as the call's: it is the call that got none.
   */
  private String prefix(String target) throws DaemonException {
    String p = prefix;
    if (p != null) {
      return p;
    }
    try {
      ping();
    } catch (DaemonTimeoutException e) {
      throw new DaemonTimeoutException(
          endpoint.uri()
              + ": no answer to GET "
              + target
              + " within "
              + options.readTimeout().toMillis()
              + " ms",
          e);
    } catch (DaemonApiException | DaemonProtocolException e) {
      if ("api-version".equals(e.kind())) {
        throw e;
      }
      // a daemon (or proxy) that answers calls but not pings: unversioned paths, as the docker
      // CLI keeps its default when its ping fails
      synchronized (this) {
        if (prefix == null) {
          prefix = "";
        }
      }
    }
    return prefix;
  }

  @Override
  public Map<String, Object> info() throws DaemonException {
    return object("/info");
  }

  @Override
  public List<DaemonImageSummary> images() throws DaemonException {
    try (Exchange x = open("/images/json", false)) {
      String body = x.bodyText();
      try {
        return DaemonImageSummary.parseList(body);
      } catch (JsonException e) {
        throw protocol("GET /images/json", e.getMessage(), e);
      }
    }
  }

  @Override
  public DaemonImage inspectImage(String name) throws DaemonException {
    checkName(name);
    String target = "/images/" + encodePath(name) + "/json";
    // the containerd store's index entries; the classic store ignores the parameter
    String query = atLeast(ApiVersion.MANIFESTS, target) ? "?manifests=1" : "";
    return inspect(name, target, query);
  }

  @Override
  public Optional<DaemonImage> inspectImage(String name, Platform platform) throws DaemonException {
    checkName(name);
    if (!atLeast(ApiVersion.INSPECT_PLATFORM, "/images/" + encodePath(name) + "/json")) {
      return Optional.empty();
    }
    return Optional.of(
        inspect(
            name,
            "/images/" + encodePath(name) + "/json",
            "?platform=" + URLEncoder.encode(platformJson(platform), StandardCharsets.UTF_8)));
  }

  private DaemonImage inspect(String name, String target, String query) throws DaemonException {
    try (Exchange x = open(target + query, false, name)) {
      String body = x.bodyText();
      try {
        return DaemonImage.parse(body);
      } catch (JsonException e) {
        throw protocol("GET " + target + query, e.getMessage(), e);
      }
    }
  }

  private boolean atLeast(ApiVersion v, String target) throws DaemonException {
    prefix(target);
    ApiVersion n = negotiated;
    return n != null && n.atLeast(v);
  }

  /**
   * An OCI platform as the Engine API's {@code platform} parameters take it: JSON with the
   * image-spec's lower-case keys ({@code {"os":"linux","architecture":"arm","variant":"v7"}}).
   */
  static String platformJson(Platform p) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("os", p.os());
    m.put("architecture", p.architecture());
    if (!p.variant().isEmpty()) {
      m.put("variant", p.variant());
    }
    if (!p.osVersion().isEmpty()) {
      m.put("os.version", p.osVersion());
    }
    return Json.compact(m);
  }

  @Override
  public InputStream exportImages(List<String> names) throws DaemonException {
    return export(names, null);
  }

  @Override
  public InputStream exportImages(List<String> names, Platform platform) throws DaemonException {
    return export(names, atLeast(ApiVersion.MANIFESTS, "/images/get") ? platform : null);
  }

  private InputStream export(List<String> names, Platform platform) throws DaemonException {
    Exchange x =
        open(
            ExportStream.target(names, platform),
            true,
            names.size() == 1 ? names.get(0) : String.join(", ", names));
    return new ExportStream(
        x.response.body(),
        options.maxStreamBytes(),
        new ExportStream.Failures() {
          @Override
          public DaemonException map(IOException e) {
            return x.mapRead(e);
          }

          @Override
          public DaemonException tooLong(long max) {
            x.discard();
            return protocol(x.what(), "the stream is longer than " + max + " bytes", null);
          }

          @Override
          public void close() {
            x.close();
          }
        });
  }

  /**
   * Refuses, before anything is sent, a name no daemon would accept (see {@link ImageReferences}).
   */
  private static void checkName(String name) {
    ImageReferences.check(name);
  }

  /**
   * Percent-encodes what may not appear in a path; keeps '/', ':' and '@' as the Go client does.
   */
  static String encodePath(String s) {
    StringBuilder b = new StringBuilder();
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      int u = c & 0xff;
      if ((u >= 'a' && u <= 'z')
          || (u >= 'A' && u <= 'Z')
          || (u >= '0' && u <= '9')
          || "-._~/:@+".indexOf(u) >= 0) {
        b.append((char) u);
      } else {
        b.append('%').append(String.format(java.util.Locale.ROOT, "%02X", u));
      }
    }
    return b.toString();
  }

  private Map<String, Object> object(String target) throws DaemonException {
    try (Exchange x = open(target, false)) {
      return parseObject(x, target);
    }
  }

  private Map<String, Object> parseObject(Exchange x, String target) throws DaemonException {
    String body = x.bodyText();
    try {
      return Json.parseObject(body);
    } catch (JsonException e) {
      throw protocol("GET " + target, e.getMessage(), e);
    }
  }

  private DaemonProtocolException protocol(String what, String problem, Throwable cause) {
    return new DaemonProtocolException(
        endpoint.uri() + ": bad answer to " + what + ": " + problem, cause);
  }

  private Exchange open(String target, boolean stream) throws DaemonException {
    return open(target, stream, null);
  }

  private Exchange open(String target, boolean stream, String image) throws DaemonException {
    return open(target, stream, image, true);
  }

  /**
   * Connects (or takes an idle kept-alive connection), sends the request, reads the head, and turns
   * an error status into an exception. A kept-alive connection the daemon closed meanwhile fails
   * before any answer; the GET is then sent once more on a new connection (GETs are idempotent).
   */
  private Exchange open(String target, boolean stream, String image, boolean versioned)
      throws DaemonException {
    String wire = (versioned ? prefix(target) : "") + target;
    DaemonConnection pooled = stream ? null : idle.pollFirst();
    if (pooled != null) {
      Exchange x = new Exchange(pooled, target, stream);
      try {
        pooled.idleMillis = options.readTimeout().toMillis();
        pooled.deadlineNanos = System.nanoTime() + options.readTimeout().toNanos();
        x.response = DaemonHttp.get(pooled, hostHeader(), wire, true);
      } catch (IOException e) {
        // closed by the daemon while idle: no answer came, so asking again is safe
        x.discard();
        pooled = null;
      }
      if (pooled != null) {
        return checked(x, target, image);
      }
    }
    DaemonConnection c = connect();
    Exchange x = new Exchange(c, target, stream);
    try {
      c.idleMillis = options.readTimeout().toMillis();
      c.deadlineNanos = System.nanoTime() + options.readTimeout().toNanos();
      x.response = DaemonHttp.get(c, hostHeader(), wire, !stream);
    } catch (IOException e) {
      x.discard();
      throw x.mapRead(e);
    } catch (RuntimeException e) {
      x.discard();
      throw e;
    }
    return checked(x, target, image);
  }

  /** Turns an error status into an exception; closes the exchange when it throws. */
  private Exchange checked(Exchange x, String target, String image) throws DaemonException {
    DaemonConnection c = x.conn;
    try {
      if (x.stream) {
        // from the request on: an export that trickles or never ends is cut there
        c.deadlineNanos = x.started + options.streamDeadline().toNanos();
        c.idleMillis = options.streamReadTimeout().toMillis();
      }
      int st = x.response.status();
      if (st < 200 || st > 299) {
        String msg = errorMessage(x);
        x.close();
        if (st == 404 && image != null) {
          throw new ImageNotFoundException(image, endpoint.uri(), msg);
        }
        throw new DaemonApiException(
            st,
            msg,
            endpoint.uri() + ": GET " + target + " failed with" + " HTTP " + st + ": " + msg);
      }
      return x;
    } catch (DaemonException e) {
      throw e;
    } catch (IOException e) {
      x.discard();
      throw x.mapRead(e);
    }
  }

  /**
   * Closes the kept-alive connections this client holds. A client that is not closed leaves them to
   * the JVM's exit (or the daemon's idle timeout).
   */
  @Override
  public void close() {
    DaemonConnection c;
    while ((c = idle.pollFirst()) != null) {
      try {
        c.close();
      } catch (IOException e) {
        // closing: nothing to report
      }
    }
  }

  /** The daemon's error text: the "message" of its JSON error body, else the start of the body. */
  private String errorMessage(Exchange x) throws IOException {
    // the error body is small; a stream request switches to the small-request limits for it
    x.conn.idleMillis = options.readTimeout().toMillis();
    x.conn.deadlineNanos = System.nanoTime() + options.readTimeout().toNanos();
    String body =
        new String(DaemonHttp.readAll(x.response.body(), 64 * 1024), StandardCharsets.UTF_8).trim();
    try {
      Object m = Json.parseObject(body).get("message");
      if (m instanceof String) {
        return (String) m;
      }
    } catch (JsonException e) {
      // not JSON: fall through to the raw text
    }
    String line = body.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private String hostHeader() {
    if (endpoint.scheme().equals("tcp")) {
      String u = endpoint.uri().substring("tcp://".length());
      int slash = u.indexOf('/');
      return slash < 0 ? u : u.substring(0, slash);
    }
    // the Go client sends a placeholder host for socket transports
    return "docker";
  }

  private DaemonConnection connect() throws DaemonException {
    long ms = options.connectTimeout().toMillis();
    try {
      if (endpoint.tls().enabled() && ssl == null) {
        ssl = PemTls.context(endpoint.tls());
      }
      return DaemonConnection.open(endpoint, options, ssl, transports);
    } catch (DaemonException e) {
      throw e;
    } catch (SocketTimeoutException e) {
      throw new DaemonTimeoutException(
          "cannot connect to " + endpoint.uri() + ": no connection" + " within " + ms + " ms", e);
    } catch (SSLException e) {
      throw new DaemonProtocolException(
          "TLS handshake with " + endpoint.uri() + " failed: " + e.getMessage(), e);
    } catch (UnknownHostException e) {
      throw new DaemonUnreachableException(
          "cannot connect to " + endpoint.uri() + ": unknown host " + e.getMessage(), e);
    } catch (java.nio.file.NoSuchFileException e) {
      // a named pipe that does not exist: nothing serves it (Docker Desktop is not running)
      throw new DaemonUnreachableException(
          "cannot connect to "
              + endpoint.uri()
              + ": no such named pipe ("
              + endpoint.chosenBy()
              + ")",
          e);
    } catch (IOException e) {
      if (endpoint.scheme().equals("ssh") && !(e instanceof AccessDeniedException)) {
        // ProcessBuilder.start: "Cannot run program "ssh": error=2, No such file or directory"
        throw new DaemonUnreachableException(
            "cannot connect to "
                + endpoint.uri()
                + ": cannot run '"
                + transports.ssh()
                + "': "
                + e.getMessage(),
            "Install an OpenSSH client (ssh on the PATH) or use a unix:// or tcp:// endpoint.",
            e);
      }
      throw connectFailure(e);
    }
  }

  private DaemonException connectFailure(IOException e) {
    String m = String.valueOf(e.getMessage());
    String lm = m.toLowerCase(Locale.ROOT);
    if (e instanceof AccessDeniedException
        || lm.contains("permission denied")
        || lm.contains("access is denied")
        || lm.contains("operation not permitted")) {
      return new DaemonPermissionDeniedException(
          "permission denied connecting to " + endpoint.uri(), e);
    }
    if (endpoint.scheme().equals("unix")) {
      try {
        Path p = endpoint.socketPath();
        if (!Files.exists(p)) {
          return new DaemonUnreachableException(
              "cannot connect to "
                  + endpoint.uri()
                  + ": no such socket ("
                  + endpoint.chosenBy()
                  + ")",
              e);
        }
      } catch (DaemonEndpointException ignored) {
        // not a unix path after all: report the raw failure below
      }
    }
    if (e instanceof ConnectException || lm.contains("connection refused")) {
      return new DaemonUnreachableException(
          "cannot connect to " + endpoint.uri() + ": connection refused (is the daemon running?)",
          e);
    }
    return new DaemonUnreachableException("cannot connect to " + endpoint.uri() + ": " + m, e);
  }

  /** One request: its connection and response, and the mapping of read failures. */
  private final class Exchange implements AutoCloseable {
    final DaemonConnection conn;
    final String target;
    final boolean stream;
    final long started = System.nanoTime();
    DaemonHttp.Response response;

    Exchange(DaemonConnection conn, String target, boolean stream) {
      this.conn = conn;
      this.target = target;
      this.stream = stream;
    }

    byte[] bodyBytes() throws DaemonException {
      try {
        return DaemonHttp.readAll(response.body(), options.maxResponseBytes());
      } catch (IOException e) {
        throw mapRead(e);
      }
    }

    String bodyText() throws DaemonException {
      return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    String what() {
      return "GET " + target;
    }

    DaemonException mapRead(IOException e) {
      String what = what();
      if (e instanceof DaemonException) {
        return (DaemonException) e;
      }
      DaemonException t = conn.explain(endpoint.uri(), e);
      if (t != null) {
        return t;
      }
      if (e instanceof SocketTimeoutException) {
        boolean streaming = stream && response != null;
        if (streaming && e instanceof DaemonConnection.DeadlineExceeded) {
          return new DaemonTimeoutException(
              endpoint.uri()
                  + ": "
                  + what
                  + " did not finish within"
                  + " "
                  + options.streamDeadline().toMillis()
                  + " ms",
              e);
        }
        long ms = (streaming ? options.streamReadTimeout() : options.readTimeout()).toMillis();
        return new DaemonTimeoutException(
            endpoint.uri() + ": no answer to " + what + " within " + ms + " ms", e);
      }
      if (e instanceof DaemonHttp.MalformedResponse || e instanceof EOFException) {
        return protocol(what, e.getMessage(), e);
      }
      if (e instanceof SocketException) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("reset") || m.contains("broken pipe")) {
          return protocol(what, "the connection was reset (" + e.getMessage() + ")", e);
        }
      }
      return new DaemonUnreachableException(
          endpoint.uri() + ": " + what + " failed: " + e.getMessage(), e);
    }

    /**
     * Done with the exchange: a kept-alive connection whose body was read to the end goes back to
     * the idle pool (bounded); any other is closed.
     */
    @Override
    public void close() {
      if (response != null
          && response.reusable()
          && DaemonHttp.finished(response.body())
          && idle.size() < MAX_IDLE) {
        conn.deadlineNanos = 0;
        idle.offerFirst(conn);
        return;
      }
      discard();
    }

    void discard() {
      try {
        conn.close();
      } catch (IOException e) {
        // nothing useful to do: the call's outcome is already decided
      }
    }
  }
}
