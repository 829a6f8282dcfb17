package dev.canirundocker.daemon;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link HttpDaemonClient#inspectImages}: image inspects pipelined over a few kept-alive
 * connections ("lanes"). HTTP/1.1 lets a client send its next requests before the answers to the
 * earlier ones arrive, and a server answers them in order (RFC 9112 section 9.3.2); Go's net/http,
 * which serves the Engine API, reads a connection's requests one after the other, so the answers
 * come back in request order on each connection.
 *
 * <p>Why: a sweep over a thousand images is a thousand small requests. Sent one at a time, each
 * costs a write, a wake-up of the daemon, a wait and a read per request on both sides; pipelined, a
 * write carries up to {@link #WINDOW} requests and a read several answers. Measured on two cores
 * with Docker 20.10 and 1000 images: check --all 289-294 → 259-276 ms, with about 20% less CPU for
 * the daemon and for us than eight connections asking one request at a time.
 *
 * <p>Failures are the ones {@link DaemonClient#inspectImage(String)} gives, per name. A connection
 * the daemon closes (after answering, or with {@code Connection: close}) is replaced and the
 * unanswered requests are sent again: GETs are idempotent (RFC 9110 section 9.2.2). A connection
 * that answered and then goes quiet with requests queued may be a server or proxy that does not
 * pipeline (it drops what arrived behind the request it read): the rest of that lane are asked
 * again one at a time, on a new connection, after {@link #STALL_MILLIS} rather than the whole read
 * timeout. A timeout then, or a new connection that gets no answer at all, fails the rest of its
 * lane with that error: asking again would wait as long again. Every read is bounded by the read
 * timeout, reset per answer, so a lane waits one read timeout and {@link #STALL_MILLIS} at most
 * before it gives up.
 */
final class InspectPipeline {
  /**
   * Requests in flight per connection, at most. Small enough that a window of requests (at most
   * about 10 KB with the longest references) fits the socket's buffers, so a write never waits on a
   * daemon that waits for its answers to be read.
   */
  static final int WINDOW = 32;

  /**
   * The longest wait for an answer, in ms, on a connection that has answered and has further
   * requests queued: a server that does not pipeline drops those and sends nothing more, so waiting
   * the whole read timeout (10 s by default) for it would be waiting for nothing. A daemon that is
   * only slow loses nothing but the pipelining: the rest are asked one at a time, each with the
   * whole read timeout.
   */
  static final long STALL_MILLIS = 2000;

  /** The fewest names worth a connection of their own. */
  static final int PER_LANE = 16;

  /** How the client opens a new connection. */
  interface Connector {
    DaemonConnection connect() throws DaemonException;
  }

  private final Connector connector;
  private final IdleConnections idle;
  private final DaemonClientOptions options;
  private final DaemonFailures failures;
  private final String hostHeader;
  private final int maxLanes;

  InspectPipeline(
      Connector connector,
      IdleConnections idle,
      DaemonClientOptions options,
      DaemonFailures failures,
      String hostHeader,
      int maxLanes) {
    this.connector = connector;
    this.idle = idle;
    this.options = options;
    this.failures = failures;
    this.hostHeader = hostHeader;
    this.maxLanes = Math.max(1, maxLanes);
  }

  /**
   * The lanes an endpoint gets: one over ssh, where each connection is an ssh process and a remote
   * {@code docker system dial-stdio}, costlier than the parallelism gains; elsewhere one per core,
   * two to four (the daemon answers each connection on a goroutine of its own).
   */
  static int maxLanes(DaemonEndpoint endpoint) {
    if (endpoint.scheme().equals("ssh")) {
      return 1;
    }
    return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * The batch: the names, the request targets sent (versioned, with the query) and the unversioned
   * ones messages name ({@code GET /images/NAME/json}), by position.
   */
  private record Batch(List<String> names, String[] wire, String[] targets, String query) {}

  /**
   * Inspects {@code names}; {@code prefix} is the negotiated path prefix, {@code query} what every
   * target gets ({@code ?manifests=1} or empty).
   */
  List<ImageInspection> run(
      List<String> names, String prefix, String query, Consumer<ImageInspection> each) {
    int n = names.size();
    String[] targets = new String[n];
    String[] wire = new String[n];
    for (int i = 0; i < n; i++) {
      targets[i] = EngineRequests.inspectTarget(names.get(i));
      wire[i] = prefix + targets[i] + query;
    }
    Batch b = new Batch(names, wire, targets, query);
    ImageInspection[] out = new ImageInspection[n];
    int lanes = Math.max(1, Math.min(maxLanes, (n + PER_LANE - 1) / PER_LANE));
    List<Thread> threads = new ArrayList<>();
    Throwable[] failed = new Throwable[lanes];
    for (int k = 1; k < lanes; k++) {
      Thread t =
          new Thread(
              new Lane(this, b, positions(n, lanes, k), out, each, failed, k), "cird-inspect-" + k);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    try {
      lane(b, positions(n, lanes, 0), out, each);
    } finally {
      // also when each threw on this thread: no lane outlives the call
      joinAll(threads);
    }
    for (Throwable t : failed) {
      if (t instanceof RuntimeException e) {
        throw e;
      } else if (t instanceof Error e) {
        throw e;
      }
    }
    return List.of(out); // every position answered: a lane records each of its names
  }

  /**
   * A lane on a thread of its own. A named class, not a lambda: the runtime's class-data archive
   * holds only the lambdas its training runs linked, and those sweep at most a few images (one
   * lane), so a lambda here would be spun at every sweep that has more.
   */
  private record Lane(
      InspectPipeline pipeline,
      Batch batch,
      int[] mine,
      ImageInspection[] out,
      Consumer<ImageInspection> each,
      Throwable[] failed,
      int k)
      implements Runnable {
    @Override
    public void run() {
      try {
        pipeline.lane(batch, mine, out, each);
      } catch (RuntimeException | Error e) {
        failed[k] = e;
      }
    }
  }

  /** Lane {@code k} of {@code lanes} takes every lanes-th name from the k-th on. */
  private static int[] positions(int n, int lanes, int k) {
    int[] p = new int[(n - k + lanes - 1) / lanes];
    for (int j = 0; j < p.length; j++) {
      p[j] = k + j * lanes;
    }
    return p;
  }

  /**
   * Joins the lanes. Not bounded here: each lane is, by the read timeout of each of its answers. An
   * interrupt is kept for the caller, not acted on: the lanes' connections must not be abandoned
   * mid-answer.
   */
  private static void joinAll(List<Thread> threads) {
    boolean interrupted = false;
    for (Thread t : threads) {
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the names at {@code mine} on one connection at a time, pipelined. */
  private void lane(Batch b, int[] mine, ImageInspection[] out, Consumer<ImageInspection> each) {
    int done = 0;
    boolean first = true;
    int window = WINDOW;
    while (done < mine.length) {
      DaemonConnection c = first ? idle.take() : null;
      boolean pooled = c != null;
      first = false;
      if (c == null) {
        try {
          c = connector.connect();
        } catch (DaemonException e) {
          for (int j = done; j < mine.length; j++) {
            record(out, each, mine[j], ImageInspection.failed(b.names().get(mine[j]), e));
          }
          return;
        }
      }
      int answered = 0;
      int sent = done;
      boolean reusable = false;
      boolean stallWait = false;
      try {
        while (done < mine.length) {
          if (sent == done || (sent < mine.length && sent - done <= window / 2)) {
            sent = send(c, b, mine, sent, Math.min(mine.length, done + window));
          }
          long wait = options.readTimeout().toMillis();
          stallWait = answered > 0 && sent - done > 1;
          if (stallWait) {
            wait = Math.min(wait, STALL_MILLIS);
          }
          c.idleMillis = wait;
          c.deadlineNanos = System.nanoTime() + wait * 1_000_000L;
          int i = mine[done];
          DaemonHttp.Response r = DaemonHttp.readResponse(c.buffered(), true);
          record(out, each, i, answer(r, b, i));
          done++;
          answered++;
          reusable = r.reusable() && DaemonHttp.finished(r.body());
          if (!reusable) {
            break; // the daemon closes it: the rest go on a new connection
          }
        }
      } catch (IOException e) {
        reusable = false;
        int i = mine[done];
        boolean timeout = e instanceof SocketTimeoutException;
        if (answered == 0 && pooled && !timeout) {
          // a kept-alive connection the daemon closed while idle: the requests go on a new one
        } else if (timeout && stallWait && window > 1) {
          // it answered, then went quiet with requests queued: a server (or proxy) that does not
          // pipeline drops what came behind the request it read; the rest are asked one at a time
          window = 1;
        } else if (timeout || answered == 0) {
          // a daemon that stopped answering, or a new connection that got nothing: asking again
          // would meet the same; every name left in this lane fails the way its own call would
          for (int j = done; j < mine.length; j++) {
            int k = mine[j];
            DaemonException d = failures.readFailed(c, "GET " + b.targets()[k], false, e);
            record(out, each, k, ImageInspection.failed(b.names().get(k), d));
          }
          done = mine.length;
        } else if (e instanceof DaemonHttp.MalformedResponse
            && !(e instanceof DaemonHttp.NoAnswer)) {
          // this answer is broken and the stream out of step: it fails, the rest are asked anew
          DaemonException d = failures.readFailed(c, "GET " + b.targets()[i], false, e);
          record(out, each, i, ImageInspection.failed(b.names().get(i), d));
          done++;
        }
        // else closed or reset by the daemon between answers (or inside one): the unanswered are
        // sent again on a new connection
      } finally {
        if (!(reusable && done == mine.length && idle.offer(c))) {
          close(c);
        }
      }
    }
  }

  /** Sends the requests of {@code mine[from..to)} in one write; returns {@code to}. */
  private int send(DaemonConnection c, Batch b, int[] mine, int from, int to) throws IOException {
    if (from >= to) {
      return from;
    }
    StringBuilder req = new StringBuilder((to - from) * 160);
    for (int j = from; j < to; j++) {
      DaemonHttp.request(req, hostHeader, b.wire()[mine[j]], true);
    }
    c.out().write(req.toString().getBytes(StandardCharsets.US_ASCII));
    c.out().flush();
    return to;
  }

  /**
   * The inspection one answer gives, its body read to the end (the next answer follows it).
   *
   * @throws IOException when the answer cannot be read to its end
   */
  private ImageInspection answer(DaemonHttp.Response r, Batch b, int i) throws IOException {
    String name = b.names().get(i);
    String target = b.targets()[i];
    int st = r.status();
    if (st < 200 || st > 299) {
      String msg = DaemonFailures.errorText(r.body());
      return ImageInspection.failed(name, failures.status(st, msg, target, name));
    }
    String body =
        new String(
            DaemonHttp.readAll(r.body(), options.maxResponseBytes()), StandardCharsets.UTF_8);
    try {
      return ImageInspection.of(name, failures.image("GET " + target + b.query(), body));
    } catch (DaemonProtocolException e) {
      return ImageInspection.failed(name, e);
    }
  }

  private static void record(
      ImageInspection[] out, Consumer<ImageInspection> each, int i, ImageInspection r) {
    out[i] = r;
    each.accept(r);
  }

  private static void close(DaemonConnection c) {
    try {
      c.close();
    } catch (IOException e) {
      // the answers are decided; nothing to report
    }
  }
}
