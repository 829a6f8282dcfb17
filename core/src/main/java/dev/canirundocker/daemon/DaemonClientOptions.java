package dev.canirundocker.daemon;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits for talking to the daemon, so that no call can hang or exhaust memory.
 *
 * @param connectTimeout how long a connect may take
 * @param readTimeout for small requests (ping, version, info, image inspect and list): the longest
 *     wait for any byte, and also the deadline for the whole response
 * @param streamReadTimeout for streamed bodies (image export): the longest wait for the next byte;
 *     the daemon may pause while it assembles a large layer
 * @param maxResponseBytes the largest buffered response body (streams are not bounded)
 */
public record DaemonClientOptions(Duration connectTimeout, Duration readTimeout,
    Duration streamReadTimeout, long maxResponseBytes) {

  public DaemonClientOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(streamReadTimeout, "streamReadTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
        || readTimeout.isZero() || streamReadTimeout.isNegative() || streamReadTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive: " + maxResponseBytes);
    }
  }

  /** 3 s to connect, 10 s per small request, 60 s between bytes of a stream, 64 MiB per body. */
  public static DaemonClientOptions defaults() {
    return new DaemonClientOptions(Duration.ofSeconds(3), Duration.ofSeconds(10),
        Duration.ofSeconds(60), 64L << 20);
  }

  /** These options with both connect and read timeouts set to {@code t}. */
  public DaemonClientOptions withTimeout(Duration t) {
    return new DaemonClientOptions(t, t, streamReadTimeout, maxResponseBytes);
  }
}
