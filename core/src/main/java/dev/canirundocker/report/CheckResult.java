package dev.canirundocker.report;

import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One target of {@code check}, judged or not: exactly one of {@code evaluation} and {@code error}
 * is set.
 *
 * @param target the target as given on the command line (for {@code --all}: the image's first name)
 * @param source where the target came from
 * @param evaluation the verdict and its findings, or null when the target could not be checked
 * @param error why it could not be checked, or null
 * @param names every name of the image (its tags; {@code --all} lists an image ID once), empty
 *     where the target has no other names
 */
public record CheckResult(
    String target,
    Source source,
    @Nullable Evaluation evaluation,
    @Nullable TargetError error,
    List<String> names) {

  /** Where a target came from; {@link #json()} is the contract word. */
  public enum Source {
    /** A local image, read through the daemon. */
    DAEMON,
    /** A docker-save tarball or OCI layout. */
    ARCHIVE,
    /** A bare platform. */
    PLATFORM,
    /** A bare NVIDIA requirement ({@code check --gpu-requirement}). */
    GPU_REQUIREMENT;

    /** {@code daemon}, {@code archive}, {@code platform} or {@code gpu-requirement}. */
    public String json() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public CheckResult {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(source, "source");
    if ((evaluation == null) == (error == null)) {
      throw new IllegalArgumentException("a result has a verdict or an error, exactly one");
    }
    names = names == null ? List.of() : List.copyOf(names);
  }

  /** A judged target. */
  public static CheckResult of(String target, Source source, Evaluation evaluation) {
    return new CheckResult(
        target, source, Objects.requireNonNull(evaluation, "evaluation"), null, List.of());
  }

  /** A target that could not be checked. */
  public static CheckResult failed(String target, Source source, TargetError error) {
    return new CheckResult(target, source, null, Objects.requireNonNull(error, "error"), List.of());
  }

  /** A copy listing every name of the image. */
  public CheckResult withNames(List<String> all) {
    return new CheckResult(target, source, evaluation, error, all);
  }

  /** The verdict, or null for an error result. */
  public @Nullable Verdict verdict() {
    return evaluation == null ? null : evaluation.verdict();
  }

  /**
   * The result object of the check document: {@code target}, {@code source}, {@code platform},
   * {@code verdict}, {@code findings}; an error result has {@code verdict: null} and {@code error}
   * ({@code kind}, {@code message}) instead of the findings.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", target);
    m.put("source", source.json());
    if (evaluation != null) {
      m.put("platform", evaluation.platform() == null ? null : evaluation.platform().toString());
      m.put("verdict", evaluation.verdict().name());
      m.put("findings", evaluation.findingsJson());
    } else {
      m.put("platform", null);
      m.put("verdict", null);
      m.put(
          "error",
          Objects.requireNonNull(error, "a result without a verdict has an error").toJson());
    }
    if (!names.isEmpty()) {
      m.put("names", names);
    }
    return m;
  }
}
