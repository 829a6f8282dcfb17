package dev.canirundocker.daemon;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the Docker daemon is expected to listen, and why that address was chosen.
 *
 * @param uri the endpoint as the docker CLI writes it: {@code unix:///var/run/docker.sock}, {@code
 *     tcp://host:2376}, {@code npipe:////./pipe/docker_engine}, {@code ssh://...}
 * @param chosenBy how it was chosen: {@code flag}, {@code DOCKER_HOST}, {@code context NAME},
 *     {@code DOCKER_TLS_VERIFY}, {@code default socket}, {@code rootless socket}, {@code Docker
 *     Desktop socket}, {@code colima socket}, {@code Rancher Desktop socket}, {@code OrbStack
 *     socket}, {@code podman socket}, {@code default named pipe}, or {@code default} when no
 *     candidate socket exists
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

  /**
   * The scheme, lower case: {@code unix}, {@code tcp}, {@code http}, {@code https}, {@code npipe},
   * {@code ssh}, or {@code fd}.
   */
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

  /**
   * The byte stream this endpoint is reached through, as the daemon JSON object's {@code transport}
   * says it: {@code unix}, {@code tcp}, {@code tls} (TCP with TLS), {@code npipe}, {@code ssh}, or
   * the scheme of an endpoint this client cannot dial.
   */
  public String transport() {
    String s = scheme();
    return s.equals("tcp") && tls.enabled() ? "tls" : s;
  }

  /**
   * The Windows path of an {@code npipe://} endpoint: {@code npipe:////./pipe/docker_engine} is
   * {@code \\.\pipe\docker_engine}. The docker CLI hands what follows {@code npipe://} to
   * go-winio's DialPipe as a path ({@code //./pipe/NAME} or {@code //SERVER/pipe/NAME}, four
   * slashes in all: docker-java#1464); the same path with backslashes is what Win32 opens.
   */
  public String namedPipe() throws DaemonEndpointException {
    if (!scheme().equals("npipe")) {
      throw new DaemonEndpointException("endpoint '" + uri + "' is not a named pipe", null);
    }
    String p = uri.substring("npipe://".length());
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("//([^/\\\\]+)/pipe/([^/].*)").matcher(p);
    if (!m.matches()) {
      throw new DaemonEndpointException(
          "endpoint '" + uri + "': not a named pipe path (expected" + " npipe:////./pipe/NAME)",
          null);
    }
    return "\\\\" + m.group(1) + "\\pipe\\" + m.group(2).replace('/', '\\');
  }

  /** Host and port of a {@code tcp://}, {@code http://} or {@code https://} endpoint. */
  URI tcpUri() throws DaemonEndpointException {
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      throw new DaemonEndpointException("endpoint '" + uri + "': " + e.getMessage(), e);
    }
    if (u.getHost() == null) {
      // java.net.URI gives up on the server part when the port does not fit an int
      String auth = u.getRawAuthority();
      if (auth != null && auth.matches(".*:[0-9]+")) {
        throw new DaemonEndpointException(
            "endpoint '"
                + uri
                + "': port "
                + auth.substring(auth.lastIndexOf(':') + 1)
                + " out of range 1-65535",
            null);
      }
      throw new DaemonEndpointException("endpoint '" + uri + "': no host", null);
    }
    if (u.getPort() == 0 || u.getPort() > 65535) {
      throw new DaemonEndpointException(
          "endpoint '" + uri + "': port " + u.getPort() + " out of range 1-65535", null);
    }
    return u;
  }

  @Override
  public String toString() {
    return uri + " (" + chosenBy + ")";
  }
}
