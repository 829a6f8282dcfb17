package dev.canirundocker.daemon;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.canirundocker.json.Json;
import dev.canirundocker.json.JsonException;
import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DaemonClient} over a caller's docker-java transport ({@link DockerHttpClient}: zerodep,
 * Apache httpclient5, OkHttp, Jersey), for projects that already hold one (Testcontainers, the
 * Jenkins docker plugin): the same requests and the same parsers as {@link HttpDaemonClient}, so
 * the raw values docker-java's model lacks ({@code Variant}, {@code OsVersion}, the containerd
 * store's {@code Manifests}) are read as well, and the same API version negotiation. A {@code
 * DockerClient} built with {@code DockerClientImpl.getInstance(config, httpClient)} uses that
 * {@code httpClient}: hand it over here.
 *
 * <p>docker-java is an optional dependency of this library: an embedder who uses this class has it.
 * Connect and read timeouts are the transport's own (zerodep: {@code connectionTimeout}, {@code
 * responseTimeout}); bodies are capped by {@link DaemonClientOptions}, and a whole export is cut at
 * its {@link DaemonClientOptions#streamDeadline()}, as {@link HttpDaemonClient} cuts it. The
 * transport's failures, which docker-java wraps in runtime exceptions, become this library's {@link
 * DaemonException}s.
 */
public final class DockerJavaDaemonClient implements DaemonClient {
  private final DockerHttpClient http;
  private final DaemonEndpoint endpoint;
  private final DaemonClientOptions options;
  private volatile @Nullable String prefix;
  private volatile @Nullable ApiVersion negotiated;

  private DockerJavaDaemonClient(
      DockerHttpClient http, DaemonEndpoint endpoint, DaemonClientOptions options) {
    this.http = Objects.requireNonNull(http, "http");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * A client over {@code http}.
   *
   * @param endpoint what the transport dials (docker-java's {@code
   *     DockerClientConfig.getDockerHost()}), for messages and the daemon JSON object
   */
  public static DockerJavaDaemonClient of(DockerHttpClient http, DaemonEndpoint endpoint) {
    return new DockerJavaDaemonClient(http, endpoint, DaemonClientOptions.defaults());
  }

  /** A client over {@code http} with the given body caps. */
  public static DockerJavaDaemonClient of(
      DockerHttpClient http, DaemonEndpoint endpoint, DaemonClientOptions options) {
    return new DockerJavaDaemonClient(http, endpoint, options);
  }

  @Override
  public DaemonEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public Optional<ApiVersion> apiVersion() {
    return Optional.ofNullable(negotiated);
  }

  /** One GET; the caller closes the response. Error statuses become exceptions here. */
  private DockerHttpClient.Response get(String target, @Nullable String image)
      throws DaemonException {
    DockerHttpClient.Response r;
    try {
      r =
          http.execute(
              new DockerHttpClient.Request.Builder()
                  .method(DockerHttpClient.Request.Method.GET)
                  .path(target)
                  .build());
    } catch (RuntimeException e) {
      throw mapped("GET " + unversioned(target), e);
    }
    int st = r.getStatusCode();
    if (st >= 200 && st <= 299) {
      return r;
    }
    String msg;
    try (r) {
      msg = errorText(read(r, DaemonFailures.MAX_ERROR_BODY, target));
    }
    if (st == 404 && image != null) {
      throw new ImageNotFoundException(image, endpoint.uri(), msg);
    }
    throw new DaemonApiException(
        st,
        msg,
        endpoint.uri() + ": GET " + unversioned(target) + " failed with HTTP " + st + ": " + msg);
  }

  private String unversioned(String target) {
    String p = prefix;
    return p != null && !p.isEmpty() && target.startsWith(p + "/")
        ? target.substring(p.length())
        : target;
  }

  private byte[] read(DockerHttpClient.Response r, long max, String target) throws DaemonException {
    try (InputStream in = r.getBody()) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (b.length > max) {
        throw new DaemonProtocolException(
            endpoint.uri()
                + ": bad answer to GET "
                + unversioned(target)
                + ": response body larger than "
                + max
                + " bytes",
            null);
      }
      return b;
    } catch (IOException | RuntimeException e) {
      throw mapped("GET " + unversioned(target), e);
    }
  }

  private static String errorText(byte[] body) {
    return DaemonFailures.errorText(new String(body, StandardCharsets.UTF_8));
  }

  private String text(String target, @Nullable String image) throws DaemonException {
    try (DockerHttpClient.Response r = get(target, image)) {
      return new String(read(r, options.maxResponseBytes(), target), StandardCharsets.UTF_8);
    }
  }

  private Map<String, Object> object(String target) throws DaemonException {
    String body = text(target, null);
    try {
      return Json.parseObject(body);
    } catch (JsonException e) {
      throw new DaemonProtocolException(
          endpoint.uri() + ": bad answer to GET " + unversioned(target) + ": " + e.getMessage(), e);
    }
  }

  /**
   * The failure of a docker-java transport call: docker-java wraps the I/O failure in a
   * RuntimeException; the cause says what it was.
   */
  DaemonException mapped(String what, Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof DaemonException) {
        return (DaemonException) c;
      }
      if (c instanceof SocketTimeoutException || c instanceof InterruptedIOException) {
        return new DaemonTimeoutException(
            endpoint.uri() + ": no answer to " + what + " in time (" + c.getMessage() + ")", e);
      }
      if (c instanceof AccessDeniedException
          || String.valueOf(c.getMessage())
              .toLowerCase(Locale.ROOT)
              .contains("permission denied")) {
        return new DaemonPermissionDeniedException(
            "permission denied connecting to " + endpoint.uri(), e);
      }
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      // zerodep's unix sockets say so in a plain SocketException
      if (c instanceof NoSuchFileException
          || c instanceof ConnectException
          || m.contains("no such file")
          || m.contains("connection refused")) {
        return new DaemonUnreachableException(
            "cannot connect to " + endpoint.uri() + ": " + c.getMessage(), e);
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return new DaemonUnreachableException(
        endpoint.uri()
            + ": "
            + what
            + " failed: "
            + root.getClass().getSimpleName()
            + ": "
            + root.getMessage(),
        e);
  }

  @Override
  public DaemonPing ping() throws DaemonException {
    DaemonPing p;
    try (DockerHttpClient.Response r = get("/_ping", null)) {
      read(r, 1024, "/_ping");
      p = DaemonPing.fromHeaders(r::getHeader);
    }
    negotiate(p.apiVersion());
    return p;
  }

  /** As {@link HttpDaemonClient}: min(client maximum, the daemon's); 1.24 when it sends none. */
  private synchronized void negotiate(@Nullable String daemonVersion) throws DaemonException {
    if (prefix != null) {
      return;
    }
    try {
      negotiated = ApiVersion.negotiate(daemonVersion, endpoint.uri());
    } catch (IllegalArgumentException e) {
      throw new DaemonProtocolException(
          endpoint.uri() + ": bad answer to GET /_ping: API-Version" + " is " + e.getMessage(), e);
    }
    prefix = "/v" + negotiated;
  }

  private String v(String target) throws DaemonException {
    if (prefix == null) {
      ping();
    }
    return prefix + target;
  }

  private boolean atLeast(ApiVersion version) throws DaemonException {
    v("");
    return Objects.requireNonNull(negotiated, "v() negotiated the version").atLeast(version);
  }

  @Override
  public Map<String, Object> version() throws DaemonException {
    return object(v("/version"));
  }

  @Override
  public Map<String, Object> info() throws DaemonException {
    return object(v("/info"));
  }

  @Override
  public List<DaemonImageSummary> images() throws DaemonException {
    String body = text(v("/images/json"), null);
    try {
      return DaemonImageSummary.parseList(body);
    } catch (JsonException e) {
      throw new DaemonProtocolException(
          endpoint.uri() + ": bad answer to GET /images/json: " + e.getMessage(), e);
    }
  }

  @Override
  public DaemonImage inspectImage(String name) throws DaemonException {
    ImageReferences.check(name);
    return inspect(name, atLeast(ApiVersion.MANIFESTS) ? "?manifests=1" : "");
  }

  @Override
  public Optional<DaemonImage> inspectImage(String name, Platform platform) throws DaemonException {
    ImageReferences.check(name);
    if (!atLeast(ApiVersion.INSPECT_PLATFORM)) {
      return Optional.empty();
    }
    return Optional.of(inspect(name, "?" + EngineRequests.platformParam(platform)));
  }

  private DaemonImage inspect(String name, String query) throws DaemonException {
    String target = EngineRequests.inspectTarget(name);
    String body = text(v(target + query), name);
    try {
      return DaemonImage.parse(body);
    } catch (JsonException e) {
      throw new DaemonProtocolException(
          endpoint.uri() + ": bad answer to GET " + target + query + ": " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream exportImages(List<String> names) throws DaemonException {
    return export(names, null);
  }

  @Override
  public InputStream exportImages(List<String> names, Platform platform) throws DaemonException {
    return export(names, atLeast(ApiVersion.MANIFESTS) ? platform : null);
  }

  private InputStream export(List<String> names, @Nullable Platform platform)
      throws DaemonException {
    String target = ExportStream.target(names, platform);
    String what = "GET " + target;
    DockerHttpClient.Response r =
        get(v(target), names.size() == 1 ? names.get(0) : String.join(", ", names));
    StreamDeadline body;
    try {
      // the transport's timeouts bound each wait, not the whole export: ours does (as
      // HttpDaemonClient's stream deadline), closing the response when it passes
      body = new StreamDeadline(r.getBody(), options.streamDeadline(), r::close);
    } catch (RuntimeException e) {
      r.close();
      throw mapped(what, e);
    }
    return new ExportStream(
        body,
        options.maxStreamBytes(),
        new ExportStream.Failures() {
          @Override
          public DaemonException map(IOException e) {
            if (e instanceof StreamDeadline.Expired) {
              return DaemonFailures.streamDeadline(endpoint, options, what, e);
            }
            return mapped(what, e);
          }

          @Override
          public DaemonException tooLong(long max) {
            return new DaemonProtocolException(
                endpoint.uri()
                    + ": bad answer to "
                    + what
                    + ": the stream is longer than "
                    + max
                    + " bytes",
                null);
          }

          @Override
          public void close() {
            body.cancel();
            r.close();
          }
        });
  }

  /** Does not close the caller's transport: it is the caller's. */
  @Override
  public void close() {}
}
