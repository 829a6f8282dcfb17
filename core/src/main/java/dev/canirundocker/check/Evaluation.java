package dev.canirundocker.check;

import dev.canirundocker.json.JsonValue;
import dev.canirundocker.platform.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The verdict on one target, with its findings.
 *
 * @param platform the platform judged (the binary's, where it overrode a wrong label), or null
 * @param verdict the verdict
 * @param findings why, in the order the rules found them
 */
public record Evaluation(@Nullable Platform platform, Verdict verdict, List<Finding> findings)
    implements JsonValue {

  public Evaluation {
    findings = List.copyOf(findings);
  }

  /** This evaluation with one more finding at the end; platform and verdict unchanged. */
  public Evaluation with(Finding finding) {
    return with(List.of(finding));
  }

  /** This evaluation with more findings at the end, in order; platform and verdict unchanged. */
  public Evaluation with(List<Finding> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<Finding> l = new ArrayList<>(findings);
    l.addAll(more);
    return new Evaluation(platform, verdict, l);
  }

  /** Whether a finding with this id is present. */
  public boolean has(String id) {
    return findings.stream().anyMatch(f -> f.id().equals(id));
  }

  /** The finding ids, in order; handy in tests and scripts. */
  public List<String> ids() {
    List<String> l = new ArrayList<>();
    for (Finding f : findings) {
      l.add(f.id());
    }
    return l;
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("platform", platform == null ? null : platform.toString());
    m.put("verdict", verdict.name());
    m.put("findings", findingsJson());
    return m;
  }

  /** The findings as JSON, in order. */
  public List<Object> findingsJson() {
    List<Object> fs = new ArrayList<>();
    for (Finding f : findings) {
      fs.add(f.toJson());
    }
    return fs;
  }

  /** Collects findings while a rule runs; the verdict is the worst one raised. */
  static final class Builder {
    private final List<Finding> findings = new ArrayList<>();
    private Verdict verdict = Verdict.NATIVE;
    private Platform platform;

    Builder(Platform platform) {
      this.platform = platform;
    }

    Builder platform(Platform p) {
      this.platform = p;
      return this;
    }

    Builder verdict(Verdict v) {
      verdict = verdict.worst(v);
      return this;
    }

    Builder add(Finding f) {
      findings.add(f);
      return this;
    }

    Builder add(Verdict v, Finding f) {
      verdict(v);
      return add(f);
    }

    Builder addAll(List<Finding> fs) {
      findings.addAll(fs);
      return this;
    }

    Verdict verdict() {
      return verdict;
    }

    Evaluation build() {
      return new Evaluation(platform, verdict, findings);
    }
  }
}
