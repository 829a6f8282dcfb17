package dev.canirundocker.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The names closest to a mistyped one, for "did you mean" hints: Levenshtein distance (insertions,
 * deletions, substitutions, each costing 1), as git's and the docker CLI's own suggestions use an
 * edit distance. A candidate is offered only when it is close relative to its length, so that a
 * name with nothing in common suggests nothing.
 */
public final class Closest {
  private Closest() {}

  /**
   * Up to {@code max} candidates, closest first (ties in the candidates' order), each within {@link
   * #limit(int)} edits of {@code wanted}; an exact match is no suggestion.
   */
  public static List<String> to(String wanted, Collection<String> candidates, int max) {
    int limit = limit(wanted.length());
    List<String> order = new ArrayList<>();
    List<Integer> dist = new ArrayList<>();
    for (String c : candidates) {
      if (c.equals(wanted) || order.contains(c)) {
        continue;
      }
      // a cheap bound first: the distance is at least the difference in length
      if (Math.abs(c.length() - wanted.length()) > limit) {
        continue;
      }
      int d = distance(wanted, c);
      if (d <= limit) {
        order.add(c);
        dist.add(d);
      }
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      idx.add(i);
    }
    idx.sort(Comparator.comparingInt(dist::get));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < idx.size() && out.size() < max; i++) {
      out.add(order.get(idx.get(i)));
    }
    return out;
  }

  /**
   * The most edits a suggestion may be away: 1 for names of up to 3 characters, else a third of the
   * length but at least 2 (a swapped pair of characters, {@code amd46}, is 2 edits).
   */
  public static int limit(int length) {
    return length <= 3 ? 1 : Math.max(2, length / 3);
  }

  /** The Levenshtein distance of two strings (two-row dynamic programme). */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
