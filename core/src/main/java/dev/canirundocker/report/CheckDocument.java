package dev.canirundocker.report;

import dev.canirundocker.check.Verdict;
import dev.canirundocker.daemon.DaemonStatus;
import dev.canirundocker.host.HostProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@code check --json} prints: one result per target, in command-line order, and the worst
 * verdict.
 *
 * @param host the host judged against
 * @param daemon the daemon's status where local images were asked for, else null (then the document
 *     has no {@code daemon} key)
 * @param results the results in command-line order
 */
public record CheckDocument(
    HostProfile host, @Nullable DaemonStatus daemon, List<CheckResult> results)
    implements Document {

  public CheckDocument {
    Objects.requireNonNull(host, "host");
    results = List.copyOf(results);
  }

  /** The worst verdict of the results that have one; NATIVE when none has. */
  public Verdict verdict() {
    Verdict worst = Verdict.NATIVE;
    for (CheckResult r : results) {
      if (r.verdict() != null) {
        worst = worst.worst(r.verdict());
      }
    }
    return worst;
  }

  /** The results that could not be checked, in order. */
  public List<CheckResult> errors() {
    List<CheckResult> l = new ArrayList<>();
    for (CheckResult r : results) {
      if (r.error() != null) {
        l.add(r);
      }
    }
    return l;
  }

  /**
   * The exit code of the contract: 1 when any target could not be checked, else the worst
   * verdict's.
   */
  public int exitCode() {
    return errors().isEmpty() ? verdict().exitCode() : 1;
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schemaVersion", SCHEMA_VERSION);
    m.put("verdict", verdict().name());
    m.put("host", host.toJson());
    if (daemon != null) {
      m.put("daemon", daemon.toJson());
    }
    List<Object> rs = new ArrayList<>();
    for (CheckResult r : results) {
      rs.add(r.toJson());
    }
    m.put("results", rs);
    return m;
  }
}
