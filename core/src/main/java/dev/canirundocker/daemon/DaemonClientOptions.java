package dev.canirundocker.daemon;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits for talking to the daemon, so that no call can hang or exhaust memory: every call has a
 * connect timeout, a per-read timeout and an overall deadline, and every body a byte cap.
 *
 * @param connectTimeout how long a connect may take
 * @param readTimeout for small requests (ping, version, info, image inspect and list): the longest
 *     wait for any byte, and also the deadline for the whole response
 * @param streamReadTimeout for streamed bodies (image export): the longest wait for the next byte;
 *     the daemon may pause while it assembles a large layer
 * @param maxResponseBytes the largest buffered response body
 * @param streamDeadline the longest a streamed body may take from the request to its last byte: an
 *     export that trickles or never ends is cut there
 * @param maxStreamBytes the largest streamed body; more is a protocol error
 */
public record DaemonClientOptions(
    Duration connectTimeout,
    Duration readTimeout,
    Duration streamReadTimeout,
    long maxResponseBytes,
    Duration streamDeadline,
    long maxStreamBytes) {

  /** The default {@link #streamDeadline}: 10 minutes, a multi-gigabyte export on a slow disk. */
  public static final Duration DEFAULT_STREAM_DEADLINE = Duration.ofMinutes(10);

  /** The default {@link #maxStreamBytes}: 64 GiB, beyond any image this tool reads. */
  public static final long DEFAULT_MAX_STREAM_BYTES = 64L << 30;

  public DaemonClientOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(streamReadTimeout, "streamReadTimeout");
    Objects.requireNonNull(streamDeadline, "streamDeadline");
    for (Duration d :
        new Duration[] {connectTimeout, readTimeout, streamReadTimeout, streamDeadline}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
    }
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive: " + maxResponseBytes);
    }
    if (maxStreamBytes <= 0) {
      throw new IllegalArgumentException("maxStreamBytes must be positive: " + maxStreamBytes);
    }
  }

  /** Options with the default stream deadline and stream cap. */
  public DaemonClientOptions(
      Duration connectTimeout,
      Duration readTimeout,
      Duration streamReadTimeout,
      long maxResponseBytes) {
    this(
        connectTimeout,
        readTimeout,
        streamReadTimeout,
        maxResponseBytes,
        DEFAULT_STREAM_DEADLINE,
        DEFAULT_MAX_STREAM_BYTES);
  }

  /**
   * 3 s to connect, 10 s per small request, 60 s between bytes of a stream, 64 MiB per body, 10
   * minutes and 64 GiB per stream.
   */
  public static DaemonClientOptions defaults() {
    return new DaemonClientOptions(
        Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(60), 64L << 20);
  }

  /**
   * How many times {@code --timeout} a whole export may take: {@link #withTimeout} sets the stream
   * deadline to this multiple, so that the default 10 s answer timeout keeps the default 10-minute
   * deadline, and a user's {@code --timeout} bounds an export that trickles (a byte now and then,
   * never idle for a whole {@code --timeout}) as well as one that stalls.
   */
  public static final int STREAM_DEADLINE_FACTOR = 60;

  /**
   * These options with the connect timeout, the small-request timeout and the wait between bytes of
   * a stream all set to {@code t} (the CLI's {@code --timeout}), and the stream deadline set to
   * {@link #STREAM_DEADLINE_FACTOR} times {@code t}.
   */
  public DaemonClientOptions withTimeout(Duration t) {
    return new DaemonClientOptions(
        t, t, t, maxResponseBytes, t.multipliedBy(STREAM_DEADLINE_FACTOR), maxStreamBytes);
  }

  /** These options with another stream deadline and stream cap. */
  public DaemonClientOptions withStreamLimits(Duration deadline, long maxBytes) {
    return new DaemonClientOptions(
        connectTimeout, readTimeout, streamReadTimeout, maxResponseBytes, deadline, maxBytes);
  }
}
