package dev.canirundocker.daemon;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The calls this project makes to a Docker daemon. An interface so that checks can be tested with a
 * fake daemon; {@link HttpDaemonClient} is the real one. Every method has a bounded duration (see
 * {@link DaemonClientOptions}) and fails with a specific {@link DaemonException}.
 */
public interface DaemonClient extends AutoCloseable {

  /** Where this client connects. */
  DaemonEndpoint endpoint();

  /** {@code GET /_ping}: cheap reachability and mode. */
  DaemonPing ping() throws DaemonException;

  /** {@code GET /version}, as parsed JSON. */
  Map<String, Object> version() throws DaemonException;

  /** {@code GET /info}, as parsed JSON. */
  Map<String, Object> info() throws DaemonException;

  /** {@code GET /images/json}: the local images (not intermediate ones). */
  List<DaemonImageSummary> images() throws DaemonException;

  /**
   * {@code GET /images/{name}/json}.
   *
   * @param name a reference ({@code alpine:3.19}, {@code repo@sha256:...}) or an id
   * @throws ImageNotFoundException when the daemon has no such image
   * @throws InvalidImageReferenceException (unchecked) when {@code name} is not a reference, before
   *     anything is sent
   */
  DaemonImage inspectImage(String name) throws DaemonException;

  /**
   * {@code GET /images/{name}/json} for each of {@code names}: for each, what {@link
   * #inspectImage(String)} answers or throws, one failure not stopping the others. This default
   * asks them one after the other; {@link HttpDaemonClient} pipelines them over a few connections,
   * which is what makes a sweep over a thousand local images cheap.
   *
   * @param each called once per name as its answer arrives, possibly from another thread and in any
   *     order (for progress); it must not block
   * @return one inspection per name, in the order of {@code names}
   * @throws InvalidImageReferenceException (unchecked) when a name is not a reference, before
   *     anything is sent
   */
  default List<ImageInspection> inspectImages(
      List<String> names, java.util.function.Consumer<ImageInspection> each) {
    names.forEach(ImageReferences::check);
    List<ImageInspection> out = new java.util.ArrayList<>();
    for (String name : names) {
      ImageInspection r;
      try {
        r = ImageInspection.of(name, inspectImage(name));
      } catch (DaemonException e) {
        r = ImageInspection.failed(name, e);
      }
      each.accept(r);
      out.add(r);
    }
    return out;
  }

  /**
   * {@code GET /images/get?names=...}: a docker-save tar of the images, streamed. The caller closes
   * the stream; reads fail with a {@link DaemonException} when the daemon stalls past the stream
   * timeout or the connection breaks.
   *
   * @throws ImageNotFoundException when the daemon rejects a name as unknown before streaming
   * @throws InvalidImageReferenceException (unchecked) when a name is not a reference, before
   *     anything is sent
   */
  InputStream exportImages(List<String> names) throws DaemonException;

  /**
   * {@code GET /images/{name}/json?platform=...} (API 1.49+): the configuration of one platform of
   * a multi-platform image in the containerd image store.
   *
   * @return empty where the engine cannot select a platform (an older API, or a client that does
   *     not support it); the caller then has only the platform the index lists
   * @throws ImageNotFoundException when the daemon has no such image or not that platform of it
   */
  default java.util.Optional<DaemonImage> inspectImage(
      String name, dev.canirundocker.platform.Platform platform) throws DaemonException {
    return java.util.Optional.empty();
  }

  /**
   * {@code GET /images/get?names=...&platform=...} (API 1.48+): the export of one platform of the
   * images; where the engine cannot select one, the plain export, which the caller reads for the
   * platform it wants.
   */
  default InputStream exportImages(List<String> names, dev.canirundocker.platform.Platform platform)
      throws DaemonException {
    return exportImages(names);
  }

  /** The API version the calls use, once known (negotiated on the first call); else empty. */
  default java.util.Optional<ApiVersion> apiVersion() {
    return java.util.Optional.empty();
  }

  /**
   * The daemon's status from {@code /version} and {@code /info}; never throws: an unreachable or
   * misbehaving daemon gives {@link DaemonStatus.Unreachable} with the error.
   */
  default DaemonStatus status() {
    try {
      Map<String, Object> v = version();
      Map<String, Object> i = info();
      try {
        return DaemonStatus.of(endpoint(), v, i, apiVersion().orElse(null));
      } catch (IllegalArgumentException e) {
        throw new DaemonProtocolException(
            endpoint().uri() + ": unexpected /info or /version: " + e.getMessage(), e);
      }
    } catch (DaemonException e) {
      return DaemonStatus.unreachable(endpoint(), e);
    }
  }

  /** Releases what the client holds (kept-alive connections); it may still be used afterwards. */
  @Override
  default void close() {}
}
