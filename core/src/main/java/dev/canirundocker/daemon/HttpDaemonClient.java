package dev.canirundocker.daemon;

import dev.canirundocker.json.Json;
import dev.canirundocker.json.JsonException;
import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

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
 *
 * <p>Why this file is a little over 400 lines: the failures' wording is {@link DaemonFailures}, one
 * request {@link Exchange}, the pool {@link IdleConnections}, the request targets {@link
 * EngineRequests}; what is left is the {@link DaemonClient} calls and the version negotiation they
 * share (the prefix every path gets), which a further split would have to pass back and forth.
 */
public final class HttpDaemonClient implements DaemonClient {
  private final DaemonEndpoint endpoint;
  private final DaemonClientOptions options;

  /** Idle kept-alive connections, most recent first. */
  private final IdleConnections idle = new IdleConnections();

  private volatile @Nullable SSLContext ssl;

  /** The path prefix once negotiated: {@code /v1.41}, or empty for unversioned; null before. */
  private volatile @Nullable String prefix;

  private volatile @Nullable ApiVersion negotiated;
  private final DaemonConnection.Transports transports;
  private final DaemonFailures failures;

  private HttpDaemonClient(
      DaemonEndpoint endpoint,
      DaemonClientOptions options,
      DaemonConnection.Transports transports) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.options = Objects.requireNonNull(options, "options");
    this.transports = Objects.requireNonNull(transports, "transports");
    this.failures = new DaemonFailures(endpoint, options, transports);
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
      p = DaemonPing.fromHeaders(x.response()::header);
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
  private synchronized void negotiate(@Nullable String daemonVersion, String source)
      throws DaemonException {
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
    return Objects.requireNonNull(prefix, "negotiated or set above");
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
    String target = EngineRequests.inspectTarget(name);
    return inspect(name, target, inspectQuery(target));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here the inspects are pipelined (RFC 9112 section 9.3.2) over a few kept-alive connections,
   * up to 32 requests in flight on each: one over ssh, else two to four. A failure to negotiate the
   * API version fails every name with it.
   */
  @Override
  public List<ImageInspection> inspectImages(
      List<String> names, java.util.function.Consumer<ImageInspection> each) {
    names.forEach(HttpDaemonClient::checkName);
    if (names.isEmpty()) {
      return List.of();
    }
    String query;
    String p;
    try {
      String first = EngineRequests.inspectTarget(names.get(0));
      query = inspectQuery(first);
      p = prefix(first); // negotiated by now: the one the lanes' paths get
    } catch (DaemonException e) {
      List<ImageInspection> out = new java.util.ArrayList<>();
      for (String name : names) {
        ImageInspection r = ImageInspection.failed(name, e);
        each.accept(r);
        out.add(r);
      }
      return out;
    }
    return new InspectPipeline(
            this::connect,
            idle,
            options,
            failures,
            hostHeader(),
            InspectPipeline.maxLanes(endpoint))
        .run(names, p, query, each);
  }

  /**
   * The query every inspect gets, negotiating the version first: {@code ?manifests=1} where the API
   * has it (the containerd store's index entries; the classic store ignores it), else none.
   */
  private String inspectQuery(String target) throws DaemonException {
    return atLeast(ApiVersion.MANIFESTS, target) ? "?manifests=1" : "";
  }

  @Override
  public Optional<DaemonImage> inspectImage(String name, Platform platform) throws DaemonException {
    checkName(name);
    if (!atLeast(ApiVersion.INSPECT_PLATFORM, EngineRequests.inspectTarget(name))) {
      return Optional.empty();
    }
    return Optional.of(
        inspect(
            name,
            EngineRequests.inspectTarget(name),
            "?" + EngineRequests.platformParam(platform)));
  }

  private DaemonImage inspect(String name, String target, String query) throws DaemonException {
    try (Exchange x = open(target + query, false, name)) {
      return failures.image("GET " + target + query, x.bodyText());
    }
  }

  private boolean atLeast(ApiVersion v, String target) throws DaemonException {
    prefix(target);
    ApiVersion n = negotiated;
    return n != null && n.atLeast(v);
  }

  @Override
  public InputStream exportImages(List<String> names) throws DaemonException {
    return export(names, null);
  }

  @Override
  public InputStream exportImages(List<String> names, Platform platform) throws DaemonException {
    return export(names, atLeast(ApiVersion.MANIFESTS, "/images/get") ? platform : null);
  }

  private InputStream export(List<String> names, @Nullable Platform platform)
      throws DaemonException {
    Exchange x =
        open(
            ExportStream.target(names, platform),
            true,
            names.size() == 1 ? names.get(0) : String.join(", ", names));
    return new ExportStream(
        x.response().body(),
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

  private DaemonProtocolException protocol(
      String what, @Nullable String problem, @Nullable Throwable cause) {
    return failures.protocol(what, problem, cause);
  }

  private Exchange open(String target, boolean stream) throws DaemonException {
    return open(target, stream, null);
  }

  private Exchange open(String target, boolean stream, @Nullable String image)
      throws DaemonException {
    return open(target, stream, image, true);
  }

  /**
   * Connects (or takes an idle kept-alive connection), sends the request, reads the head, and turns
   * an error status into an exception. A kept-alive connection the daemon closed meanwhile fails
   * before any answer; the GET is then sent once more on a new connection (GETs are idempotent).
   */
  private Exchange open(String target, boolean stream, @Nullable String image, boolean versioned)
      throws DaemonException {
    String wire = (versioned ? prefix(target) : "") + target;
    DaemonConnection pooled = stream ? null : idle.take();
    if (pooled != null) {
      Exchange x = new Exchange(pooled, target, stream, options, failures, idle);
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
    Exchange x = new Exchange(c, target, stream, options, failures, idle);
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
  private Exchange checked(Exchange x, String target, @Nullable String image)
      throws DaemonException {
    DaemonConnection c = x.conn;
    try {
      if (x.stream) {
        // from the request on: an export that trickles or never ends is cut there
        c.deadlineNanos = x.started + options.streamDeadline().toNanos();
        c.idleMillis = options.streamReadTimeout().toMillis();
      }
      int st = x.response().status();
      if (st < 200 || st > 299) {
        String msg = x.errorMessage();
        x.close();
        throw failures.status(st, msg, target, image);
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
    idle.closeAll();
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
    try {
      if (endpoint.tls().enabled() && ssl == null) {
        ssl = PemTls.context(endpoint.tls());
      }
      return DaemonConnection.open(endpoint, options, ssl, transports);
    } catch (IOException e) {
      throw failures.connectFailed(e);
    }
  }
}
