package dev.canirundocker.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * One request of {@link HttpDaemonClient}: its connection and response, the mapping of its read
 * failures, and where the connection goes afterwards (back to the idle pool, or closed).
 */
final class Exchange implements AutoCloseable {
  final DaemonConnection conn;
  final String target;
  final boolean stream;
  final long started = System.nanoTime();

  /** Set by the client once the request is sent and the head read. */
  DaemonHttp.@Nullable Response response;

  private final DaemonClientOptions options;
  private final DaemonFailures failures;
  private final IdleConnections pool;

  /** The response head, which the client read before handing the exchange on. */
  DaemonHttp.Response response() {
    return java.util.Objects.requireNonNull(response, "the request was sent");
  }

  Exchange(
      DaemonConnection conn,
      String target,
      boolean stream,
      DaemonClientOptions options,
      DaemonFailures failures,
      IdleConnections pool) {
    this.conn = conn;
    this.target = target;
    this.stream = stream;
    this.options = options;
    this.failures = failures;
    this.pool = pool;
  }

  byte[] bodyBytes() throws DaemonException {
    try {
      return DaemonHttp.readAll(response().body(), options.maxResponseBytes());
    } catch (IOException e) {
      throw mapRead(e);
    }
  }

  String bodyText() throws DaemonException {
    return new String(bodyBytes(), StandardCharsets.UTF_8);
  }

  /** The call as messages name it, unversioned: {@code GET /info}. */
  String what() {
    return "GET " + target;
  }

  DaemonException mapRead(IOException e) {
    return failures.readFailed(conn, what(), stream && response != null, e);
  }

  /** The daemon's error text of an error answer (see {@link DaemonFailures#errorText}). */
  String errorMessage() throws IOException {
    // the error body is small; a stream request switches to the small-request limits for it
    conn.idleMillis = options.readTimeout().toMillis();
    conn.deadlineNanos = System.nanoTime() + options.readTimeout().toNanos();
    return DaemonFailures.errorText(response().body());
  }

  /**
   * Done with the exchange: a kept-alive connection whose body was read to the end goes back to the
   * idle pool (bounded); any other is closed.
   */
  @Override
  public void close() {
    if (response != null
        && response.reusable()
        && DaemonHttp.finished(response.body())
        && pool.offer(conn)) {
      return;
    }
    discard();
  }

  /** Closes the connection, whatever state its answer is in. */
  void discard() {
    try {
      conn.close();
    } catch (IOException e) {
      // nothing useful to do: the call's outcome is already decided
    }
  }
}
