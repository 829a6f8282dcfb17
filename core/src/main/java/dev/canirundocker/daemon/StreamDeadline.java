package dev.canirundocker.daemon;

import dev.canirundocker.io.BlockInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The whole-body deadline of a streamed answer on a transport this library does not own (a caller's
 * docker-java {@code DockerHttpClient}): its own timeouts bound each wait for the next bytes at
 * most, so an export that trickles a byte now and then, or a transport configured without a
 * response timeout, would otherwise never end. At the deadline the response is closed from a
 * watchdog thread, which is what unblocks a read stuck in the transport; every read after that, and
 * an end of stream that the close may have caused, is a {@link Expired} failure rather than a
 * truncated body passed off as complete.
 */
final class StreamDeadline extends BlockInputStream {
  /** The read failure once the deadline has passed. */
  static final class Expired extends IOException {
    private static final long serialVersionUID = 1L;

    Expired(Duration deadline) {
      super("the stream did not finish within " + deadline.toMillis() + " ms");
    }
  }

  // One daemon thread for every watched stream of the process: the deadlines are minutes apart
  // and the task only closes a response. Cancelled tasks are dropped at once.
  private static final class Watchdog {
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor t =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread th = new Thread(r, "can-i-run-docker stream deadline");
                th.setDaemon(true);
                return th;
              });
      t.setRemoveOnCancelPolicy(true);
      return t;
    }
  }

  private final InputStream in;
  private final Duration deadline;
  private final long endNanos;
  private final ScheduledFuture<?> cut;
  private volatile boolean expired;

  /**
   * Watches {@code body}: at {@code deadline} from now, {@code onExpiry} runs (it closes the
   * transport's response).
   */
  StreamDeadline(InputStream body, Duration deadline, Runnable onExpiry) {
    this.in = body;
    this.deadline = deadline;
    this.endNanos = System.nanoTime() + deadline.toNanos();
    this.cut =
        Watchdog.TIMER.schedule(
            () -> {
              expired = true;
              onExpiry.run();
            },
            deadline.toNanos(),
            TimeUnit.NANOSECONDS);
  }

  private void check() throws Expired {
    if (expired || System.nanoTime() - endNanos > 0) {
      expired = true;
      throw new Expired(deadline);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    check();
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException e) {
      check(); // a read the watchdog's close broke is the deadline's failure
      throw e;
    }
    check(); // an end of stream caused by the close is no end of the body
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    check();
    long s = in.skip(n);
    check();
    return s;
  }

  /** Stops watching: the body was read to its end or given up. */
  void cancel() {
    cut.cancel(false);
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    cancel();
    in.close();
  }
}
