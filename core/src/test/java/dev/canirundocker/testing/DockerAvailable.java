package dev.canirundocker.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.canirundocker.daemon.DaemonClientOptions;
import dev.canirundocker.daemon.DaemonEndpoint;
import dev.canirundocker.daemon.DaemonEndpoints;
import dev.canirundocker.daemon.DaemonException;
import dev.canirundocker.daemon.HttpDaemonClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate for tests that need a real Docker daemon (and the docker CLI as the peer to agree with).
 *
 * <p>Where no daemon answers, the test is skipped with the reason; with {@code
 * CIRD_REQUIRE_DOCKER=1} (as {@code .ci/run} sets) it fails instead, so CI cannot pass by skipping.
 * The probe runs once per JVM.
 */
public final class DockerAvailable {
  /** The environment variable that turns a skip into a failure. */
  public static final String REQUIRE_ENV = "CIRD_REQUIRE_DOCKER";

  private static volatile String unavailableReason;
  private static volatile DaemonEndpoint endpoint;
  private static volatile boolean probed;

  private DockerAvailable() {}

  /**
   * The endpoint of a daemon that answers {@code /_ping}; skips (or fails, see the class comment)
   * the calling test otherwise.
   */
  public static DaemonEndpoint endpoint() {
    probe();
    if (unavailableReason != null) {
      unavailable(unavailableReason);
    }
    return endpoint;
  }

  /** A client for that daemon, with default limits. */
  public static HttpDaemonClient client() {
    return HttpDaemonClient.create(endpoint());
  }

  /** Also requires the {@code docker} CLI. */
  public static void requireCli() {
    endpoint();
    try {
      Result r =
          run(Duration.ofSeconds(20), "docker", "version", "--format", "{{.Server.Version}}");
      if (r.exitCode() != 0) {
        unavailable("the docker CLI cannot talk to the daemon: " + r.stderr().trim());
      }
    } catch (IOException e) {
      unavailable("no docker CLI: " + e.getMessage());
    }
  }

  /**
   * Runs {@code docker ARGS...} with a 120 s limit and returns its stdout; fails the test on a
   * non-zero exit, naming the command and its stderr.
   */
  public static String docker(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("docker");
    cmd.addAll(List.of(args));
    try {
      Result r = run(Duration.ofSeconds(120), cmd.toArray(new String[0]));
      if (r.exitCode() != 0) {
        fail(String.join(" ", cmd) + " exited " + r.exitCode() + ": " + r.stderr().trim());
      }
      return r.stdout();
    } catch (IOException e) {
      return fail(String.join(" ", cmd) + ": " + e.getMessage());
    }
  }

  /** The outcome of a command. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** Runs a command with a time limit (killing it past the limit); never hangs. */
  public static Result run(Duration limit, String... command) throws IOException {
    Process p =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> slurp(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> slurp(p.getErrorStream()));
    try {
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish within " + limit);
      }
      return new Result(
          p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException(String.join(" ", command) + ": cannot read its output", e);
    }
  }

  private static String slurp(InputStream in) {
    try (in) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static synchronized void probe() {
    if (probed) {
      return;
    }
    probed = true;
    DaemonEndpoint ep;
    try {
      ep = DaemonEndpoints.forCurrentProcess().resolve(null);
    } catch (DaemonException e) {
      unavailableReason = "no Docker daemon endpoint: " + e.getMessage();
      return;
    }
    try {
      HttpDaemonClient.create(ep, DaemonClientOptions.defaults().withTimeout(Duration.ofSeconds(5)))
          .ping();
      endpoint = ep;
    } catch (DaemonException e) {
      unavailableReason = "no Docker daemon answers at " + ep + ": " + e.getMessage();
    }
  }

  private static void unavailable(String reason) {
    if ("1".equals(System.getenv(REQUIRE_ENV))) {
      fail(reason + " (" + REQUIRE_ENV + "=1 requires a daemon)");
    }
    Assumptions.abort(reason + " (set " + REQUIRE_ENV + "=1 to fail instead of skipping)");
  }
}
