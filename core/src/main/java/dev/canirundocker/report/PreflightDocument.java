package dev.canirundocker.report;

import dev.canirundocker.check.EngineReadiness;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.daemon.DaemonStatus;
import dev.canirundocker.host.HostProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the preflight ({@code can-i-run-docker --json}) prints: can this host run the Docker engine
 * natively, and does the daemon answer?
 *
 * @param host the host judged
 * @param daemon the daemon's status, or null where it was not asked (a saved profile)
 * @param report the engine verdict and the kernel config check
 */
public record PreflightDocument(
    HostProfile host, @Nullable DaemonStatus daemon, EngineReadiness.Report report)
    implements Document {

  public PreflightDocument {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(report, "report");
  }

  /** Judges {@code host} (and {@code daemon}, where asked) and wraps the result. */
  public static PreflightDocument of(HostProfile host, DaemonStatus daemon) {
    return new PreflightDocument(host, daemon, EngineReadiness.evaluate(host, daemon));
  }

  /** The engine verdict. */
  public Verdict verdict() {
    return report.verdict();
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schemaVersion", SCHEMA_VERSION);
    m.put("verdict", report.verdict().name());
    m.put("host", host.toJson());
    m.put("daemon", daemon == null ? null : daemon.toJson());
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("verdict", report.engine().verdict().name());
    e.put("findings", report.engine().findingsJson());
    m.put("engine", e);
    m.put("kernel", report.kernel() == null ? null : report.kernel().toJson());
    return m;
  }
}
