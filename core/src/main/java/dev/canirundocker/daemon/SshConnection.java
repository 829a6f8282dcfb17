package dev.canirundocker.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An {@code ssh://[user@]host[:port][/socket]} endpoint, dialled as the docker CLI does it
 * (docker/cli cli/connhelper/connhelper.go and cli/connhelper/ssh/ssh.go): run {@code ssh [-l user]
 * [-p port] -- host docker [--host unix://socket] system dial-stdio} and speak HTTP over the
 * process's stdin and stdout. The CLI adds {@code -o ConnectTimeout=30} when the user set none and
 * {@code -T} (no pseudo-terminal); this client also passes {@code -o BatchMode=yes}, so that ssh
 * fails at once instead of waiting for a password or a host-key prompt nobody can answer, and sets
 * ConnectTimeout from its own connect timeout.
 *
 * <p>One process per connection; closing the connection ends it (TERM, then KILL after a second).
 * What ssh wrote to stderr (the last line, bounded) explains a failure: a refused key, an unknown
 * host, {@code docker: command not found} on the remote side.
 */
final class SshConnection extends StreamConnection {
  /** The most stderr kept, in bytes: the end is what explains a failure. */
  private static final int MAX_STDERR = 4096;

  private final Process process;
  private final ByteArrayOutputStream stderr;
  private final Thread drain;

  private SshConnection(
      String name, Process p, ByteArrayOutputStream stderr, Thread drain, long idleMillis) {
    super(name, p.getInputStream(), p.getOutputStream(), () -> end(p), idleMillis);
    this.process = p;
    this.stderr = stderr;
    this.drain = drain;
  }

  /**
   * The ssh command line for an endpoint.
   *
   * @param ssh the ssh program ({@code ssh}, found on the PATH)
   * @param extra options placed before the destination (tests pass {@code -F config})
   */
  static List<String> command(String ssh, List<String> extra, SshTarget t, long connectMillis) {
    List<String> c = new ArrayList<>();
    c.add(ssh);
    c.add("-o");
    c.add("ConnectTimeout=" + Math.max(1, (connectMillis + 999) / 1000));
    c.add("-o");
    c.add("BatchMode=yes");
    c.add("-T");
    c.addAll(extra);
    if (t.user() != null) {
      c.add("-l");
      c.add(t.user());
    }
    if (t.port() > 0) {
      c.add("-p");
      c.add(Integer.toString(t.port()));
    }
    c.add("--");
    c.add(t.host());
    c.add("docker");
    if (t.socketPath() != null) {
      c.add("--host");
      c.add("unix://" + t.socketPath());
    }
    c.add("system");
    c.add("dial-stdio");
    return c;
  }

  /** Starts ssh; fails when the program cannot be started. */
  static SshConnection start(List<String> command, String name, long idleMillis)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    Process p = pb.start();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread drain = new Thread(() -> drain(p.getErrorStream(), err), "cird-ssh-stderr " + name);
    drain.setDaemon(true);
    drain.start();
    return new SshConnection(name, p, err, drain, idleMillis);
  }

  private static void drain(InputStream in, ByteArrayOutputStream err) {
    byte[] b = new byte[1024];
    try (in) {
      int n;
      while ((n = in.read(b)) >= 0) {
        synchronized (err) {
          if (err.size() + n > MAX_STDERR) {
            byte[] keep = err.toByteArray();
            err.reset();
            int from = Math.max(0, keep.length + n - MAX_STDERR);
            if (from < keep.length) {
              err.write(keep, from, keep.length - from);
            }
          }
          err.write(b, 0, n);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private static void end(Process p) throws InterruptedException {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    if (!p.waitFor(1, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(1, TimeUnit.SECONDS);
    }
  }

  /**
   * Why the exchange failed, when ssh itself failed: it exited (within a short grace period) before
   * the daemon answered. Null while ssh runs: the failure is then the daemon's.
   */
  @Override
  @Nullable DaemonException explain(String endpoint, IOException e) {
    try {
      if (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
        return null;
      }
      // the process is gone; what it wrote last may still be in the pipe
      drain.join(500);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return null;
    }
    String line;
    synchronized (stderr) {
      line = lastLine(stderr.toString(StandardCharsets.UTF_8));
    }
    int code = process.exitValue();
    String why = "ssh exited with status " + code + (line.isEmpty() ? "" : ": " + line);
    String lower = line.toLowerCase(Locale.ROOT);
    String remediation;
    if (lower.contains("permission denied") || lower.contains("host key verification failed")) {
      remediation =
          "Check that 'ssh "
              + endpointHost(endpoint)
              + "' logs in without a prompt (an"
              + " authorized key in ssh-agent or ~/.ssh/config, and a known host key).";
    } else if (lower.contains("docker: command not found")
        || lower.contains("docker: not found")
        || code == 127) {
      remediation =
          "Install the docker CLI on the remote host: 'docker system dial-stdio' runs" + " there.";
    } else {
      remediation = "Check the ssh endpoint: ssh " + endpointHost(endpoint) + " docker version";
    }
    return new DaemonUnreachableException(
        "cannot connect to " + endpoint + ": " + why, remediation, e);
  }

  private static String endpointHost(String endpoint) {
    return endpoint.startsWith("ssh://") ? endpoint.substring(6) : endpoint;
  }

  private static String lastLine(String s) {
    String[] lines = s.strip().split("\r?\n");
    String l = lines.length == 0 ? "" : lines[lines.length - 1].strip();
    return l.length() > 300 ? l.substring(0, 300) + "..." : l;
  }
}
