package dev.canirundocker.daemon;

import java.util.Locale;

/**
 * The docker host grammar ({@code --docker-host}, {@code DOCKER_HOST}, a context's endpoint): a
 * pure parser from the string to a {@link DaemonEndpoint}, refusing a malformed host before
 * anything is dialled. Apart from {@link DaemonEndpoints}, which only decides where the string
 * comes from.
 */
final class DockerHost {
  private DockerHost() {}

  /**
   * Normalizes a host as docker/cli opts/hosts.go {@code ParseHost} does: no scheme means TCP, a
   * TCP host without a port gets 2375 (2376 with TLS), an empty unix path the default socket.
   *
   * @param environmentTls the TLS that DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH give a tcp
   *     host (docker/cli cli/flags/options.go)
   */
  static DaemonEndpoint parse(String raw, String how, DaemonTls environmentTls)
      throws DaemonEndpointException {
    String h = raw.trim();
    DaemonTls tls = environmentTls;
    if (h.isEmpty()) {
      throw new DaemonEndpointException("invalid docker host '' (" + how + "): empty", null);
    }
    int sep = h.indexOf("://");
    String scheme = sep < 0 ? "tcp" : h.substring(0, sep).toLowerCase(Locale.ROOT);
    String rest = sep < 0 ? h : h.substring(sep + 3);
    switch (scheme) {
      case "unix":
        return DaemonEndpoint.of(
            "unix://" + (rest.isEmpty() ? DaemonEndpoints.DEFAULT_UNIX_SOCKET : rest), how);
      case "npipe":
        return checked(
            raw,
            how,
            DaemonEndpoint.of(
                "npipe://" + (rest.isEmpty() ? "//./pipe/docker_engine" : rest), how));
      case "ssh":
        return checked(raw, how, DaemonEndpoint.of(scheme + "://" + rest, how));
      case "fd":
        return DaemonEndpoint.of(scheme + "://" + rest, how);
      case "http":
      case "https":
      case "tcp":
        break;
      default:
        throw new DaemonEndpointException(
            "invalid docker host '" + raw + "' (" + how + "): unsupported scheme '" + scheme + "'",
            null);
    }
    // tcp: strip a path, default the host and the port
    String hostPort = rest;
    int slash = hostPort.indexOf('/');
    if (slash >= 0) {
      hostPort = hostPort.substring(0, slash);
    }
    if (hostPort.isEmpty() || hostPort.startsWith(":")) {
      hostPort = "localhost" + hostPort;
    }
    boolean hasPort =
        hostPort.startsWith("[") ? hostPort.contains("]:") : hostPort.indexOf(':') >= 0;
    if (!hasPort) {
      hostPort = hostPort + (tls.enabled() || scheme.equals("https") ? ":2376" : ":2375");
    }
    if (scheme.equals("https") && !tls.enabled()) {
      tls = new DaemonTls(true, true, null, null, null);
    }
    return checked(raw, how, new DaemonEndpoint("tcp://" + hostPort, how, tls));
  }

  /**
   * The endpoint, once its address parses (a port in range, a pipe path, an ssh destination), so
   * that a malformed host is refused before anything is dialled, naming the host and its source.
   */
  private static DaemonEndpoint checked(String raw, String how, DaemonEndpoint e)
      throws DaemonEndpointException {
    try {
      switch (e.scheme()) {
        case "npipe":
          e.namedPipe();
          break;
        case "ssh":
          SshTarget.parse(e.uri());
          break;
        default:
          e.tcpUri();
          break;
      }
    } catch (DaemonEndpointException x) {
      String m = dev.canirundocker.text.Text.message(x);
      int i = m.indexOf("': ");
      throw new DaemonEndpointException(
          "invalid docker host '" + raw + "' (" + how + "): " + (i >= 0 ? m.substring(i + 3) : m),
          x);
    }
    return e;
  }
}
