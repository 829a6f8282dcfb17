package dev.canirundocker.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One verdict for an archive of several images ({@code docker save a b c}): the worst of theirs, as
 * a script asking "can this host run what is in this file" needs every image to run. An {@link
 * FindingIds#IMAGE_ARCHIVE_IMAGES} info names each image with its verdict.
 */
public final class WorstImage {
  private WorstImage() {}

  /**
   * One image of the archive, judged.
   *
   * @param name the name it is listed by (its first RepoTag, or its config digest)
   * @param evaluation its verdict
   */
  public record Judged(String name, Evaluation evaluation) {
    /** Both parts are required. */
    public Judged {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(evaluation, "evaluation");
    }
  }

  /**
   * The evaluation of the worst image (the first of the worst, in archive order), with a finding
   * listing all; a single image's evaluation unchanged.
   */
  public static Evaluation of(List<Judged> all) {
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no images");
    }
    if (all.size() == 1) {
      return all.get(0).evaluation();
    }
    List<String> each = new ArrayList<>();
    List<Verdict> verdicts = new ArrayList<>();
    for (Judged v : all) {
      each.add(v.name() + " " + v.evaluation().verdict());
      verdicts.add(v.evaluation().verdict());
    }
    // Verdict owns the order; the first image with the worst verdict is named
    Verdict w = Verdict.worstOf(verdicts);
    Judged worst =
        all.stream().filter(j -> j.evaluation().verdict() == w).findFirst().orElseThrow();
    return worst
        .evaluation()
        .with(
            Finding.info(
                FindingIds.IMAGE_ARCHIVE_IMAGES,
                "The archive holds "
                    + all.size()
                    + " images ("
                    + String.join(", ", each)
                    + "); this is "
                    + worst.name()
                    + ", the worst"));
  }
}
