package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A --docker-host that cannot be an endpoint is a usage error naming the option and the endpoint
 * (exit 2, nothing on stdout), for the preflight as for check, like an out-of-range --timeout;
 * before, the preflight printed NATIVE with a daemon.bad-endpoint warning and exited 0.
 */
class DockerHostArgumentTest {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "preflight|tcp://127.0.0.1:99999|port 99999 out of range 1-65535",
        "check|tcp://127.0.0.1:0|port 0 out of range 1-65535",
        "preflight|gopher://h:1|unsupported scheme 'gopher'",
        "check|npipe://pipe|not a named pipe path (expected npipe:////./pipe/NAME)"
      })
  void badEndpointIsAUsageError(String command, String host, String why) {
    MainTest.Run r =
        command.equals("preflight")
            ? MainTest.run("--no-exec-probe", "--docker-host", host)
            : MainTest.run(
                "check", "--no-exec-probe", "--docker-host", host, "--platform", "linux/amd64");
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(
        "can-i-run-docker: --docker-host: invalid docker host '"
            + host
            + "' (flag): "
            + why
            + "\nTry 'can-i-run-docker "
            + (command.equals("preflight") ? "" : "check ")
            + "--help' for more.\n",
        r.err());
  }
}
