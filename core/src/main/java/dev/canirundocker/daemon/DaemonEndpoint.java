package dev.canirundocker.daemon;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the Docker daemon is expected to listen, and why that address was chosen.
 *
 * @param uri the endpoint as the docker CLI writes it: {@code unix:///var/run/docker.sock},
 *     {@code tcp://host:2376}, {@code npipe:////./pipe/docker_engine}, {@code ssh://...}
 * @param chosenBy how it was chosen: {@code flag}, {@code DOCKER_HOST}, {@code context NAME},
 *     {@code DOCKER_TLS_VERIFY}, {@code default socket}, {@code rootless socket},
 *     {@code Docker Desktop socket}, {@code colima socket}, {@code Rancher Desktop socket},
 *     {@code OrbStack socket}, {@code podman socket}, {@code default named pipe}, or
 *     {@code default} when no candidate socket exists
 * @param tls TLS settings; {@link DaemonTls#none()} for unix sockets and plain TCP
 */
public record DaemonEndpoint(String uri, String chosenBy, DaemonTls tls) {

  public DaemonEndpoint {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(chosenBy, "chosenBy");
    tls = tls == null ? DaemonTls.none() : tls;
  }

  /** An endpoint without TLS. */
  public static DaemonEndpoint of(String uri, String chosenBy) {
    return new DaemonEndpoint(uri, chosenBy, DaemonTls.none());
  }

  /** A unix socket endpoint. */
  public static DaemonEndpoint unix(Path socket, String chosenBy) {
    return of("unix://" + socket.toAbsolutePath(), chosenBy);
  }

  /** The scheme, lower case: {@code unix}, {@code tcp}, {@code http}, {@code https}, {@code npipe}, {@code ssh}, or {@code fd}. */
  public String scheme() {
    int i = uri.indexOf("://");
    return i < 0 ? "" : uri.substring(0, i).toLowerCase(Locale.ROOT);
  }

  /** The socket path of a {@code unix://} endpoint. */
  public Path socketPath() throws DaemonEndpointException {
    if (!scheme().equals("unix")) {
      throw new DaemonEndpointException("endpoint '" + uri + "' is not a unix socket", null);
    }
    String p = uri.substring("unix://".length());
    if (p.isEmpty()) {
      throw new DaemonEndpointException("endpoint '" + uri + "': empty socket path", null);
    }
    return Path.of(p);
  }

  /** Host and port of a {@code tcp://}, {@code http://} or {@code https://} endpoint. */
  URI tcpUri() throws DaemonEndpointException {
    try {
      URI u = new URI(uri);
      if (u.getHost() == null) {
        throw new DaemonEndpointException("endpoint '" + uri + "': no host", null);
      }
      return u;
    } catch (URISyntaxException e) {
      throw new DaemonEndpointException("endpoint '" + uri + "': " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return uri + " (" + chosenBy + ")";
  }
}
