package dev.canirundocker.cli;

import dev.canirundocker.daemon.DaemonClient;
import dev.canirundocker.daemon.DaemonEndpoint;
import dev.canirundocker.daemon.DaemonException;
import dev.canirundocker.daemon.DaemonImage;
import dev.canirundocker.daemon.DaemonImageSummary;
import dev.canirundocker.daemon.DaemonPing;
import dev.canirundocker.daemon.ImageInspection;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon client that logs every request it passes on, with how long the daemon took (debug, so
 * {@code -v} shows it): what -v promises, "daemon requests with timings", whatever transport the
 * client underneath uses.
 */
final class LoggingDaemonClient implements DaemonClient {
  private static final Logger LOG = LoggerFactory.getLogger("dev.canirundocker.cli.daemon");

  private final DaemonClient client;

  LoggingDaemonClient(DaemonClient client) {
    this.client = client;
  }

  private interface Call<T> {
    T run() throws DaemonException;
  }

  /** {@code call}, logged with how long it took (at debug level). */
  private <T> T timed(String request, Call<T> call) throws DaemonException {
    if (!LOG.isDebugEnabled()) {
      return call.run();
    }
    long t0 = System.nanoTime();
    try {
      T t = call.run();
      LOG.debug("{} {}: answered in {} ms", client.endpoint().uri(), request, ms(t0));
      return t;
    } catch (DaemonException e) {
      LOG.debug("{} {}: {} after {} ms", client.endpoint().uri(), request, e.kind(), ms(t0));
      throw e;
    }
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Override
  public DaemonEndpoint endpoint() {
    return client.endpoint();
  }

  @Override
  public DaemonPing ping() throws DaemonException {
    return timed("GET /_ping", client::ping);
  }

  @Override
  public Map<String, Object> version() throws DaemonException {
    return timed("GET /version", client::version);
  }

  @Override
  public Map<String, Object> info() throws DaemonException {
    return timed("GET /info", client::info);
  }

  @Override
  public List<DaemonImageSummary> images() throws DaemonException {
    List<DaemonImageSummary> l = timed("GET /images/json", client::images);
    LOG.debug("{} lists {} images", client.endpoint().uri(), l.size());
    return l;
  }

  @Override
  public DaemonImage inspectImage(String name) throws DaemonException {
    return timed("GET /images/" + Render.clean(name) + "/json", () -> client.inspectImage(name));
  }

  @Override
  public List<ImageInspection> inspectImages(
      List<String> names, java.util.function.Consumer<ImageInspection> each) {
    if (!LOG.isDebugEnabled()) {
      return client.inspectImages(names, each);
    }
    // pipelined: an answer's time is counted from when the batch was sent, not from its own request
    long t0 = System.nanoTime();
    List<ImageInspection> out =
        client.inspectImages(
            names,
            r -> {
              String request = "GET /images/" + Render.clean(r.name()) + "/json";
              DaemonException e = r.error();
              if (e == null) {
                LOG.debug(
                    "{} {}: answered {} ms into the batch",
                    client.endpoint().uri(),
                    request,
                    ms(t0));
              } else {
                LOG.debug(
                    "{} {}: {} {} ms into the batch",
                    client.endpoint().uri(),
                    request,
                    e.kind(),
                    ms(t0));
              }
              each.accept(r);
            });
    LOG.debug("{} {} inspects in {} ms", client.endpoint().uri(), names.size(), ms(t0));
    return out;
  }

  @Override
  public java.util.Optional<DaemonImage> inspectImage(
      String name, dev.canirundocker.platform.Platform platform) throws DaemonException {
    return timed(
        "GET /images/" + Render.clean(name) + "/json (" + platform + ")",
        () -> client.inspectImage(name, platform));
  }

  @Override
  public java.util.Optional<dev.canirundocker.daemon.ApiVersion> apiVersion() {
    return client.apiVersion();
  }

  @Override
  public InputStream exportImages(List<String> names) throws DaemonException {
    return export(names, null);
  }

  @Override
  public InputStream exportImages(List<String> names, dev.canirundocker.platform.Platform platform)
      throws DaemonException {
    return export(names, platform);
  }

  private InputStream export(
      List<String> names, dev.canirundocker.platform.@Nullable Platform platform)
      throws DaemonException {
    long t0 = System.nanoTime();
    String what =
        "GET /images/get ("
            + names.size()
            + " images"
            + (platform == null ? "" : ", " + platform)
            + ")";
    InputStream in =
        timed(
            what,
            () ->
                platform == null
                    ? client.exportImages(names)
                    : client.exportImages(names, platform));
    return new FilterInputStream(in) {
      private long bytes;

      @Override
      public int read() throws IOException {
        int b = super.read();
        bytes += b < 0 ? 0 : 1;
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        bytes += Math.max(0, n);
        return n;
      }

      @Override
      public void close() throws IOException {
        LOG.debug("{} {}: {} bytes read in {} ms", client.endpoint().uri(), what, bytes, ms(t0));
        super.close();
      }
    };
  }

  @Override
  public void close() {
    client.close();
  }
}
