package dev.canirundocker.daemon;

import dev.canirundocker.json.Json;
import dev.canirundocker.json.JsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What {@link HttpDaemonClient} tells its caller when a call fails: every transport, timeout and
 * HTTP failure mapped to one {@link DaemonException} subclass whose message names the endpoint and
 * the call. Kept apart from the request flow so that the wording lives in one place.
 */
final class DaemonFailures {
  private final DaemonEndpoint endpoint;
  private final DaemonClientOptions options;
  private final DaemonConnection.Transports transports;

  DaemonFailures(
      DaemonEndpoint endpoint,
      DaemonClientOptions options,
      DaemonConnection.Transports transports) {
    this.endpoint = endpoint;
    this.options = options;
    this.transports = transports;
  }

  /** An answer that is not what the Engine API promises. */
  DaemonProtocolException protocol(
      String what, @Nullable String problem, @Nullable Throwable cause) {
    return new DaemonProtocolException(
        endpoint.uri() + ": bad answer to " + what + ": " + problem, cause);
  }

  /** A connection that could not be opened (or its TLS handshake failed). */
  DaemonException connectFailed(IOException e) {
    if (e instanceof DaemonException) {
      return (DaemonException) e;
    }
    if (e instanceof SocketTimeoutException) {
      return new DaemonTimeoutException(
          "cannot connect to "
              + endpoint.uri()
              + ": no connection"
              + " within "
              + options.connectTimeout().toMillis()
              + " ms",
          e);
    }
    if (e instanceof javax.net.ssl.SSLException) {
      return new DaemonProtocolException(
          "TLS handshake with " + endpoint.uri() + " failed: " + e.getMessage(), e);
    }
    if (e instanceof UnknownHostException) {
      return new DaemonUnreachableException(
          "cannot connect to " + endpoint.uri() + ": unknown host " + e.getMessage(), e);
    }
    if (e instanceof NoSuchFileException) {
      // a named pipe that does not exist: nothing serves it (Docker Desktop is not running)
      return new DaemonUnreachableException(
          "cannot connect to "
              + endpoint.uri()
              + ": no such named pipe ("
              + endpoint.chosenBy()
              + ")",
          e);
    }
    if (endpoint.scheme().equals("ssh") && !(e instanceof AccessDeniedException)) {
      // ProcessBuilder.start: "Cannot run program "ssh": error=2, No such file or directory"
      return new DaemonUnreachableException(
          "cannot connect to "
              + endpoint.uri()
              + ": cannot run '"
              + transports.ssh()
              + "': "
              + e.getMessage(),
          "Install an OpenSSH client (ssh on the PATH) or use a unix:// or tcp:// endpoint.",
          e);
    }
    return refused(e);
  }

  private DaemonException refused(IOException e) {
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

  /**
   * A request or its answer that failed on an open connection.
   *
   * @param streaming whether the head of a streamed answer had arrived (its limits apply)
   */
  DaemonException readFailed(DaemonConnection conn, String what, boolean streaming, IOException e) {
    if (e instanceof DaemonException) {
      return (DaemonException) e;
    }
    DaemonException t = conn.explain(endpoint.uri(), e);
    if (t != null) {
      return t;
    }
    if (e instanceof SocketTimeoutException) {
      if (streaming && e instanceof DaemonConnection.DeadlineExceeded) {
        return streamDeadline(endpoint, options, what, e);
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
   * An HTTP error status: 404 for a named image is {@link ImageNotFoundException}, any other a
   * {@link DaemonApiException}.
   *
   * @param image the image the call was about, or null
   */
  DaemonException status(int status, String message, String target, @Nullable String image) {
    if (status == 404 && image != null) {
      return new ImageNotFoundException(image, endpoint.uri(), message);
    }
    return new DaemonApiException(
        status,
        message,
        endpoint.uri() + ": GET " + target + " failed with" + " HTTP " + status + ": " + message);
  }

  /**
   * A streamed answer that did not end within {@link DaemonClientOptions#streamDeadline()}: the one
   * wording of both clients.
   */
  static DaemonTimeoutException streamDeadline(
      DaemonEndpoint endpoint, DaemonClientOptions options, String what, Throwable cause) {
    return new DaemonTimeoutException(
        endpoint.uri()
            + ": "
            + what
            + " did not finish within "
            + options.streamDeadline().toMillis()
            + " ms",
        cause);
  }

  /** The largest error body read for its message, in bytes: error answers are small. */
  static final int MAX_ERROR_BODY = 64 * 1024;

  /** {@link #errorText(String)} of an error answer's body, read up to {@link #MAX_ERROR_BODY}. */
  static String errorText(InputStream body) throws IOException {
    return errorText(new String(DaemonHttp.readAll(body, MAX_ERROR_BODY), StandardCharsets.UTF_8));
  }

  /**
   * The image of an inspect answer's body.
   *
   * @param what the call as messages name it ({@code GET /images/NAME/json?manifests=1})
   * @throws DaemonProtocolException naming the call when the body is not an inspect document
   */
  DaemonImage image(String what, String body) throws DaemonProtocolException {
    try {
      return DaemonImage.parse(body);
    } catch (JsonException e) {
      throw protocol(what, e.getMessage(), e);
    }
  }

  /**
   * The daemon's error text: the {@code message} of its JSON error body (docker/docker
   * api/types/error_response.go), else the first line of the body, cut at 200 characters.
   */
  static String errorText(String body) {
    String trimmed = body.trim();
    try {
      Object m = Json.parseObject(trimmed).get("message");
      if (m instanceof String) {
        return (String) m;
      }
    } catch (JsonException e) {
      // not JSON: fall through to the raw text
    }
    String line = trimmed.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
