package dev.canirundocker.check;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.platform.PlatformMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which entry of a multi-platform image (an OCI index, or a {@code docker save} of several
 * platforms) is judged when no {@code --platform} is given, and the finding that says so.
 *
 * <p>The engine pulls the entry its platform matcher ranks first (containerd/platforms {@code
 * Default()} with {@code Less}, compare.go; docker/docker daemon/images/image_pull.go): that entry
 * is judged when it runs natively, and on a host that is not Linux (Docker Desktop's VM, a Windows
 * engine) where that ranking is what happens. Otherwise no entry runs natively on this Linux host:
 * the entry with the best verdict is judged (first in the index on a tie), with a warning naming it
 * for {@code docker run --platform}, unless none runs at all.
 */
public final class IndexChoice {
  private IndexChoice() {}

  /**
   * Judges one entry by its position; called lazily, at most once per entry.
   *
   * @param <X> what reading the entry may throw
   */
  @FunctionalInterface
  public interface Judge<X extends Exception> {
    /** The evaluation of the entry at {@code entry} (a position in the platform list). */
    Evaluation judge(int entry) throws X;
  }

  /**
   * The evaluation of the entry the host runs, with an {@link FindingIds#IMAGE_INDEX} info or an
   * {@link FindingIds#IMAGE_INDEX_NO_NATIVE} warning listing every platform the image holds; a
   * single entry is judged as it is, without a finding.
   *
   * @param platforms the entries' platforms, in index order (not empty)
   * @param judge judges the entry at a position of {@code platforms}
   */
  public static <X extends Exception> Evaluation choose(
      HostProfile host, List<Platform> platforms, Judge<X> judge) throws X {
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException("no entries to choose from");
    }
    if (platforms.size() == 1) {
      return judge.judge(0);
    }
    Evaluation[] judged = new Evaluation[platforms.size()];
    String held = "The archive holds " + platforms.size() + " platforms: " + formatAll(platforms);
    Optional<Platform> best =
        PlatformMatcher.forHost(ImageCompatibility.matcherPlatform(host)).best(platforms);
    if (best.isPresent()) {
      int at = platforms.indexOf(best.get());
      judged[at] = judge.judge(at);
      if (judged[at].verdict() == Verdict.NATIVE || !host.os().isLinux()) {
        return judged[at].with(
            Finding.info(
                FindingIds.IMAGE_INDEX, held + "; the host selects " + best.get().formatAll()));
      }
    }
    Evaluation bestEval = null;
    for (int i = 0; i < platforms.size(); i++) {
      if (judged[i] == null) {
        judged[i] = judge.judge(i);
      }
      if (bestEval == null || judged[i].verdict().ordinal() < bestEval.verdict().ordinal()) {
        bestEval = judged[i];
      }
    }
    // an index has at least one entry, and each entry's evaluation names its platform
    Evaluation top = Objects.requireNonNull(bestEval, "an index has entries");
    if (top.verdict() == Verdict.UNSUPPORTED) {
      // no entry runs here at all: naming one to pass to --platform would send the user to a
      // failure
      return top.with(
          Finding.warn(
              FindingIds.IMAGE_INDEX_NO_NATIVE, held + "; none of them runs on this host", null));
    }
    return top.with(
        Finding.warn(
            FindingIds.IMAGE_INDEX_NO_NATIVE,
            held
                + "; none runs natively "
                + "here, the best is "
                + Objects.requireNonNull(top.platform(), "platform").formatAll(),
            "docker run --platform " + top.platform()));
  }

  /** The whole platforms, comma-separated: Windows entries differ by os.version only. */
  static String formatAll(List<Platform> platforms) {
    List<String> s = new ArrayList<>();
    for (Platform p : platforms) {
      s.add(p.formatAll());
    }
    return String.join(", ", s);
  }
}
