package dev.canirundocker.daemon;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sockets that common installations create, in the order {@link DaemonEndpoints} tries them:
 * the default socket, rootless dockerd's (moby contrib/dockerd-rootless.sh), Docker Desktop's,
 * colima's profiles, Rancher Desktop's, OrbStack's and podman's.
 */
final class SocketCandidates {
  private SocketCandidates() {}

  /** The candidates, whether or not they exist. */
  static List<DaemonEndpoint> of(Map<String, String> env, Path home, long uid, boolean windows) {
    Map<String, String> out = new LinkedHashMap<>();
    if (windows) {
      out.put(DaemonEndpoints.DEFAULT_NAMED_PIPE, "default named pipe");
    } else {
      out.put("unix://" + DaemonEndpoints.DEFAULT_UNIX_SOCKET, "default socket");
    }
    String xdg = env.get("XDG_RUNTIME_DIR");
    // rootless dockerd listens on $XDG_RUNTIME_DIR/docker.sock (moby contrib/dockerd-rootless.sh)
    if (xdg != null && !xdg.isEmpty()) {
      out.putIfAbsent("unix://" + Path.of(xdg, "docker.sock"), "rootless socket");
    }
    if (uid >= 0 && !windows) {
      out.putIfAbsent("unix:///run/user/" + uid + "/docker.sock", "rootless socket");
    }
    out.putIfAbsent("unix://" + home.resolve(".docker/run/docker.sock"), "Docker Desktop socket");
    out.putIfAbsent(
        "unix://" + home.resolve(".docker/desktop/docker.sock"), "Docker Desktop socket");
    out.putIfAbsent("unix://" + home.resolve(".colima/default/docker.sock"), "colima socket");
    for (Path profile : colimaProfiles(home)) {
      out.putIfAbsent("unix://" + profile.resolve("docker.sock"), "colima socket");
    }
    out.putIfAbsent("unix://" + home.resolve(".rd/docker.sock"), "Rancher Desktop socket");
    out.putIfAbsent("unix://" + home.resolve(".orbstack/run/docker.sock"), "OrbStack socket");
    if (xdg != null && !xdg.isEmpty()) {
      out.putIfAbsent("unix://" + Path.of(xdg, "podman", "podman.sock"), "podman socket");
    }
    List<DaemonEndpoint> l = new ArrayList<>();
    out.forEach((u, why) -> l.add(DaemonEndpoint.of(u, why)));
    return List.copyOf(l);
  }

  private static List<Path> colimaProfiles(Path home) {
    Path dir = home.resolve(".colima");
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        // colima keeps shared state in "_lima" and "_templates"; profiles are the other directories
        if (!n.startsWith("_") && !n.equals("default") && Files.isDirectory(p)) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      return out;
    }
    out.sort(null);
    return out;
  }
}
