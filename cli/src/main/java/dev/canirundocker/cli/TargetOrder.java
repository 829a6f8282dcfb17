package dev.canirundocker.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order of check's results: the command line's (the contract), whatever kind each target is;
 * with --all the worst first.
 */
final class TargetOrder {
  private TargetOrder() {}

  /** --all: errors first, then the worst verdict, then by name: a stable report. */
  static List<Judged> worstFirst(List<Judged> judged) {
    List<Judged> l = new ArrayList<>(judged);
    l.sort(WORST_FIRST);
    return l;
  }

  /**
   * Errors first, then the worst verdict, then by name. A class of its own rather than {@code
   * Comparator.comparingInt(...).thenComparing(...)}: those build their comparators from lambdas
   * inside java.util.Comparator, which the runtime's class-data archive does not keep, so each run
   * spun them.
   */
  private static final Comparator<Judged> WORST_FIRST =
      new Comparator<Judged>() {
        @Override
        public int compare(Judged a, Judged b) {
          int c = Integer.compare(rank(a), rank(b));
          return c != 0 ? c : a.result().target().compareTo(b.result().target());
        }

        private int rank(Judged j) {
          dev.canirundocker.check.Verdict v = j.result().verdict();
          return v == null ? Integer.MIN_VALUE : -v.ordinal();
        }
      };

  /**
   * Where each target was typed: the index in the original arguments of the k-th archive, image and
   * platform value, so results keep the order of the command line (the contract) whatever kind each
   * is; the images of --all stand at --all.
   */
  record Positions(
      List<Integer> archives,
      List<Integer> images,
      List<Integer> platforms,
      int all,
      List<Integer> gpuRequirements) {
    static Positions of(List<String> args, List<String> images) {
      List<Integer> a = new ArrayList<>();
      List<Integer> p = new ArrayList<>();
      List<Integer> g = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        String x = args.get(i);
        if (x.equals("--gpu-requirement") && i + 1 < args.size()) {
          g.add(++i);
        } else if (x.startsWith("--gpu-requirement=")) {
          g.add(i);
        } else if (x.equals("--archive") && i + 1 < args.size()) {
          a.add(++i);
        } else if (x.startsWith("--archive=")) {
          a.add(i);
        } else if (x.equals("--platform") && i + 1 < args.size()) {
          i++;
          for (int k = 0; k < args.get(i).split(",", -1).length; k++) {
            p.add(i);
          }
        } else if (x.startsWith("--platform=")) {
          for (int k = 0; k < x.substring(11).split(",", -1).length; k++) {
            p.add(i);
          }
        }
      }
      // an image is a positional: the first argument after the last one matched that equals it
      List<Integer> im = new ArrayList<>();
      boolean[] used = new boolean[args.size()];
      a.forEach(i -> used[i] = true);
      g.forEach(i -> used[i] = true);
      p.forEach(i -> used[i] = true);
      for (String ref : images) {
        int at = -1;
        for (int i = 0; i < args.size(); i++) {
          if (!used[i] && args.get(i).equals(ref)) {
            used[i] = true;
            at = i;
            break;
          }
        }
        im.add(at);
      }
      return new Positions(a, im, p, Math.max(0, args.indexOf("--all")), g);
    }

    static int at(List<Integer> l, int k) {
      return k < l.size() ? l.get(k) : Integer.MAX_VALUE;
    }
  }

  /** Sorts by typed position, stably (an image judged for several platforms keeps its place). */
  static List<Judged> byPosition(List<Judged> judged, List<Integer> pos) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < judged.size(); i++) {
      idx.add(i);
    }
    idx.sort((x, y) -> Integer.compare(pos.get(x), pos.get(y)));
    List<Judged> out = new ArrayList<>();
    for (int i : idx) {
      out.add(judged.get(i));
    }
    return out;
  }
}
