package dev.canirundocker.cli;

import dev.canirundocker.daemon.DaemonClient;
import dev.canirundocker.daemon.DaemonException;
import dev.canirundocker.daemon.DaemonImageSummary;
import dev.canirundocker.report.CheckResult;
import dev.canirundocker.report.TargetError;
import dev.canirundocker.text.Closest;
import java.util.ArrayList;
import java.util.List;

/** What check says to do about an image the daemon does not have. */
final class Suggestions {
  private Suggestions() {}

  /**
   * The error result of an image the daemon does not have, with what to do: the closest local names
   * ("did you mean"), pulling it, or judging a saved copy.
   */
  static List<Judged> withSuggestions(List<Judged> judged, DaemonClient client) {
    List<String> local = null;
    List<Judged> out = new ArrayList<>();
    for (Judged j : judged) {
      TargetError e = j.result().error();
      if (e == null || !e.kind().equals(TargetError.IMAGE_NOT_FOUND)) {
        out.add(j);
        continue;
      }
      if (local == null) {
        local = new ArrayList<>();
        try {
          for (DaemonImageSummary s : client.images()) {
            local.addAll(s.repoTags());
          }
        } catch (DaemonException ex) {
          // no suggestions then; the error says what is missing
        }
      }
      String ref = j.result().target();
      List<String> close = closestNames(ref, local);
      String msg =
          e.message()
              + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?")
              + "; pull it first (docker pull "
              + ref
              + "), or judge a saved image with --archive";
      out.add(
          new Judged(
              CheckResult.failed(ref, CheckResult.Source.DAEMON, new TargetError(e.kind(), msg)),
              j.cause()));
    }
    return out;
  }

  /**
   * Up to three local names close to {@code ref}: by the whole name, and where only the tag or only
   * the repository is off (an implicit {@code :latest} included), by the other part.
   */
  static List<String> closestNames(String ref, List<String> local) {
    String full = ref.contains(":") || ref.contains("@") ? ref : ref + ":latest";
    List<String> out = new ArrayList<>(Closest.to(full, local, 3));
    String repo = full.substring(0, full.lastIndexOf(':'));
    for (String l : local) {
      if (out.size() < 3 && !out.contains(l) && l.startsWith(repo + ":")) {
        out.add(l);
      }
    }
    return out;
  }
}
