package dev.canirundocker.daemon;

import java.time.Duration;

/**
 * Run by {@link PermissionDeniedTest} in a child JVM as an unprivileged user (root bypasses socket
 * permissions): pings the endpoint in args[0] and writes the outcome on stdout.
 */
public final class PermissionProbe {
  private PermissionProbe() {}

  public static void main(String[] args) {
    DaemonEndpoint ep = DaemonEndpoint.of(args[0], "test");
    DaemonStatus s =
        HttpDaemonClient.create(
                ep, DaemonClientOptions.defaults().withTimeout(Duration.ofSeconds(2)))
            .status();
    System.out.println(
        dev.canirundocker.json.Json.compact(
            s.errorIfAny().isEmpty() ? "reachable" : s.errorIfAny().get().toJson()));
  }
}
