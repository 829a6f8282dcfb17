package dev.canirundocker.daemon;

import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The parts of an {@code ssh://[user@]host[:port][/socket]} endpoint, checked as docker/cli
 * cli/connhelper/ssh/ssh.go {@code ParseURL} checks them: no password in the URL, a host, a port in
 * range, no query and no fragment; a path names the remote daemon's socket.
 *
 * @param user the login name, or null for ssh's default
 * @param host the host (or an alias of the user's ssh config)
 * @param port the port, or 0 for ssh's default
 * @param socketPath the remote socket, or null for the remote CLI's default
 */
record SshTarget(@Nullable String user, String host, int port, @Nullable String socketPath) {

  /** Parses an endpoint URI. */
  static SshTarget parse(String uri) throws DaemonEndpointException {
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      throw new DaemonEndpointException("invalid ssh endpoint '" + uri + "': " + e.getReason(), e);
    }
    String user = u.getRawUserInfo();
    if (user != null && user.contains(":")) {
      throw new DaemonEndpointException(
          "invalid ssh endpoint '" + uri + "': a password in the URL is not supported", null);
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      String auth = u.getRawAuthority();
      if (auth != null && auth.matches(".*:[0-9]+$")) {
        int port = portOf(uri, auth.substring(auth.lastIndexOf(':') + 1));
        throw new DaemonEndpointException(
            "invalid ssh endpoint '" + uri + "': no host (port " + port + ")", null);
      }
      throw new DaemonEndpointException(
          "invalid ssh endpoint '"
              + uri
              + "': "
              + (auth == null || auth.isEmpty() ? "no host" : "invalid host"),
          null);
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new DaemonEndpointException(
          "invalid ssh endpoint '" + uri + "': a query or fragment is not supported", null);
    }
    if (user != null && (user.isEmpty() || user.startsWith("-"))) {
      throw new DaemonEndpointException(
          "invalid ssh endpoint '" + uri + "': invalid user '" + user + "'", null);
    }
    if (u.getHost().startsWith("-")) {
      // would be read by ssh as an option, although it comes after "--" here as well
      throw new DaemonEndpointException("invalid ssh endpoint '" + uri + "': invalid host", null);
    }
    int port = u.getPort();
    if (port == 0 || port > 65535) {
      throw new DaemonEndpointException(
          "invalid ssh endpoint '" + uri + "': port " + port + " out of range 1-65535", null);
    }
    String path = u.getPath();
    return new SshTarget(
        user,
        u.getHost(),
        Math.max(0, port),
        path == null || path.isEmpty() || path.equals("/") ? null : path);
  }

  private static int portOf(String uri, String digits) throws DaemonEndpointException {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new DaemonEndpointException(
          "invalid ssh endpoint '" + uri + "': port " + digits + " out of range 1-65535", null);
    }
  }
}
