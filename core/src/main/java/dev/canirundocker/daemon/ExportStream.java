package dev.canirundocker.daemon;

import dev.canirundocker.io.BlockInputStream;
import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What both daemon clients share about {@code GET /images/get}: the request target, and the body as
 * a stream capped at {@link DaemonClientOptions#maxStreamBytes()} whose read failures are the
 * client's {@link DaemonException}s.
 */
final class ExportStream extends BlockInputStream {
  /** Maps a read failure of the transport. */
  interface Failures {
    DaemonException map(IOException e);

    /** The body went past the cap: the message, after the connection is dropped. */
    DaemonException tooLong(long max);

    void close();
  }

  private final InputStream in;
  private final long max;
  private final Failures failures;
  private long total;

  ExportStream(InputStream body, long max, Failures failures) {
    this.in = body;
    this.max = max;
    this.failures = failures;
  }

  /**
   * {@code /images/get?names=...[&platform=...]}, each name checked first.
   *
   * @param platform the platform to export (API 1.48+), or null for all
   */
  static String target(List<String> names, @Nullable Platform platform) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no image names to export");
    }
    StringBuilder q = new StringBuilder("/images/get?");
    for (String n : names) {
      ImageReferences.check(n);
      if (q.charAt(q.length() - 1) != '?') {
        q.append('&');
      }
      q.append("names=").append(URLEncoder.encode(n, StandardCharsets.UTF_8));
    }
    if (platform != null) {
      q.append('&').append(EngineRequests.platformParam(platform));
    }
    return q.toString();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      // one byte past the cap tells "exactly the cap" from "more"
      n = in.read(b, off, (int) Math.min(len, max - total + 1));
    } catch (IOException e) {
      throw failures.map(e);
    }
    if (n > 0 && (total += n) > max) {
      throw failures.tooLong(max);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // through read, so that skipped bytes count and time out too
    byte[] b = new byte[(int) Math.min(n, 16 * 1024)];
    return Math.max(read(b, 0, b.length), 0);
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() {
    failures.close();
  }
}
