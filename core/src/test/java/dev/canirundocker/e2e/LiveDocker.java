package dev.canirundocker.e2e;

import dev.canirundocker.daemon.HttpDaemonClient;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.LiveHostProbe;
import dev.canirundocker.host.ProbeOptions;
import dev.canirundocker.testing.DockerAvailable;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon and the probed host a ground-truth test runs against, and the images it loads, so that
 * every one is removed afterwards. Skips (or fails, see {@link DockerAvailable}) without a daemon
 * and the docker CLI.
 */
final class LiveDocker {
  final HttpDaemonClient client;
  final HostProfile host;
  private final List<String> loaded = new ArrayList<>();

  private LiveDocker(HttpDaemonClient client, HostProfile host) {
    this.client = client;
    this.host = host;
  }

  static LiveDocker require() {
    HttpDaemonClient c = DockerAvailable.client();
    DockerAvailable.requireCli();
    return new LiveDocker(c, new LiveHostProbe(ProbeOptions.defaults()).probe());
  }

  /** Records a tag to remove. */
  void loaded(String tag) {
    loaded.add(tag);
  }

  /** Removes every recorded image. */
  void removeAll() {
    for (String t : loaded) {
      DockerAvailable.docker("rmi", "-f", t);
    }
    loaded.clear();
  }
}
