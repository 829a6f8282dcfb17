package dev.canirundocker.check.gpu;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * NVIDIA's container requirement language, evaluated exactly as libnvidia-container does it ({@code
 * src/cli/dsl.c} {@code dsl_evaluate}, {@code evaluate_rule}, {@code dsl_compare_version}, {@code
 * dsl_compare_string}; the rules and the "unknown satisfies" cases in {@code src/cli/configure.c}).
 * One requirement is a predicate: alternatives separated by spaces (OR), each a list of
 * comma-separated terms (AND), each {@code name op value} with the names {@code cuda driver arch
 * brand} (case-insensitive) and the operators {@code = != < <= > >=}.
 *
 * <p>Kept as dsl.c has them, since the result must agree with what happens at {@code docker run}:
 *
 * <ul>
 *   <li>only a space separates alternatives (a tab is part of a term, and makes it invalid); empty
 *       alternatives and terms are skipped, and an alternative made only of commas repeats the
 *       previous alternative's result (the loop keeps {@code ret});
 *   <li>terms after the first false one of an alternative are not evaluated, nor are the
 *       alternatives after the first met one, so an invalid term there goes unnoticed;
 *   <li>the operator is the whole run of {@code <>=!} characters, matched against the table by its
 *       first characters ({@code strncmp} over the run's length), so {@code cuda!12} means {@code
 *       cuda!=12} and {@code cuda==12} is invalid;
 *   <li>versions hold only digits and dots and compare number by number; trailing {@code .0} parts
 *       are ignored; a number of 2^64-1 or more is invalid;
 *   <li>brand compares case-insensitively with {@code =} and {@code !=} only;
 *   <li>an unknown host value satisfies its term without looking at the term's value: no driver or
 *       CUDA version, no visible device for arch and brand, no brand;
 *   <li>on failure only the predicate's first space-separated token is named.
 * </ul>
 */
public final class NvidiaRequirement {
  private static final String OPERATOR_CHARS = "<>=!";
  private static final BigInteger UINTMAX_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private NvidiaRequirement() {}

  /** The comparators of dsl.c, in its table's order. */
  public enum Op {
    EQUAL("="),
    NOT_EQUAL("!="),
    LESS("<"),
    LESS_EQUAL("<="),
    GREATER(">"),
    GREATER_EQUAL(">=");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    /** As written: {@code >=}. */
    public String symbol() {
      return symbol;
    }
  }

  /** dsl.c's three results: true, false, and -1 (an error, "invalid expression"). */
  public enum Tri {
    TRUE,
    FALSE,
    INVALID
  }

  /**
   * The host values the rules compare against; null where unknown (which satisfies the rule, as
   * configure.c's check_* functions do).
   *
   * @param cuda the CUDA version the driver supports ({@code 12.2})
   * @param driver the driver version ({@code 535.129.03})
   * @param arch the visible GPU's compute capability ({@code 8.0}), null where none is visible
   * @param brand the visible GPU's NVML brand ({@code Tesla}), null where unknown
   */
  public record Host(
      @Nullable String cuda,
      @Nullable String driver,
      @Nullable String arch,
      @Nullable String brand) {}

  /**
   * One parsed term.
   *
   * @param text as written
   * @param name the rule's name as written ({@code cuda})
   * @param op the comparator
   * @param value the value after the operator
   */
  public record Term(String text, String name, Op op, String value) {
    /**
     * The rule's name in lower case ({@code cuda}, {@code driver}, {@code arch}, {@code brand}).
     */
    public String rule() {
      return name.toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How dsl_evaluate ended.
   *
   * @param result TRUE (met), FALSE (unsatisfied) or INVALID
   * @param error what nvidia-container-cli prints after {@code requirement error: }, or null when
   *     met
   */
  public record Result(Tri result, @Nullable String error) {}

  /**
   * Parses a term as evaluate_rule does, without looking the rule up; null where evaluate_rule
   * returns -1 before the lookup (no name, no operator, an operator not in the table, no value).
   */
  public static @Nullable Term parseTerm(String expr) {
    int n = 0;
    while (n < expr.length() && OPERATOR_CHARS.indexOf(expr.charAt(n)) < 0) {
      n++;
    }
    if (n == 0) {
      return null;
    }
    int m = n;
    while (m < expr.length() && OPERATOR_CHARS.indexOf(expr.charAt(m)) >= 0) {
      m++;
    }
    String run = expr.substring(n, m);
    if (run.isEmpty()) {
      return null;
    }
    for (Op op : Op.values()) {
      if (strncmpEqual(run, op.symbol, run.length())) {
        String value = expr.substring(m);
        return value.isEmpty() ? null : new Term(expr, expr.substring(0, n), op, value);
      }
    }
    return null;
  }

  /** strncmp(a, b, len) == 0 for Java strings standing for NUL-terminated ones. */
  private static boolean strncmpEqual(String a, String b, int len) {
    for (int k = 0; k < len; k++) {
      char x = k < a.length() ? a.charAt(k) : '\0';
      char y = k < b.length() ? b.charAt(k) : '\0';
      if (x != y) {
        return false;
      }
      if (x == '\0') {
        return true;
      }
    }
    return true;
  }

  /** dsl_compare_version: {@code v1} is the host's value, {@code v2} the term's. */
  public static Tri compareVersion(String v1, Op cmp, String v2) {
    if (!v1.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))
        || !v2.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
      return Tri.INVALID;
    }
    int i = 0;
    int j = 0;
    while (i < v1.length() && j < v2.length()) {
      int ie = digitsEnd(v1, i);
      int je = digitsEnd(v2, j);
      if (ie == i || je == j) {
        return Tri.INVALID; // strtoumax read nothing (a value starting with '.')
      }
      BigInteger n1 = new BigInteger(v1.substring(i, ie));
      BigInteger n2 = new BigInteger(v2.substring(j, je));
      if (n1.compareTo(UINTMAX_MAX) >= 0 || n2.compareTo(UINTMAX_MAX) >= 0) {
        return Tri.INVALID; // strtoumax returns UINTMAX_MAX on overflow, and dsl.c refuses it
      }
      int c = n1.compareTo(n2);
      if (c != 0) {
        switch (cmp) {
          case EQUAL:
            return Tri.FALSE;
          case NOT_EQUAL:
            return Tri.TRUE;
          case LESS:
          case LESS_EQUAL:
            return of(c < 0);
          default:
            return of(c > 0);
        }
      }
      i = skip(v1, ie, ".");
      j = skip(v2, je, ".");
    }
    boolean rest1 = skip(v1, i, ".0") < v1.length();
    boolean rest2 = skip(v2, j, ".0") < v2.length();
    switch (cmp) {
      case NOT_EQUAL:
        return of(rest1 || rest2);
      case EQUAL:
        return of(!rest1 && !rest2);
      case LESS_EQUAL:
      case GREATER_EQUAL:
        if (!rest1 && !rest2) {
          return Tri.TRUE;
        }
        return cmp == Op.LESS_EQUAL ? of(!rest1 && rest2) : of(rest1 && !rest2);
      case LESS:
        return of(!rest1 && rest2);
      default:
        return of(rest1 && !rest2);
    }
  }

  /** dsl_compare_string: case-insensitive equality; other operators are an error. */
  public static Tri compareString(String s1, Op cmp, String s2) {
    if (cmp == Op.EQUAL) {
      return of(s1.equalsIgnoreCase(s2));
    }
    if (cmp == Op.NOT_EQUAL) {
      return of(!s1.equalsIgnoreCase(s2));
    }
    return Tri.INVALID;
  }

  /** evaluate_rule with configure.c's rules. */
  public static Tri evaluateTerm(String expr, Host host) {
    Term t = parseTerm(expr);
    if (t == null) {
      return Tri.INVALID;
    }
    switch (t.rule()) {
      case "cuda":
        return host.cuda() == null ? Tri.TRUE : compareVersion(host.cuda(), t.op(), t.value());
      case "driver":
        return host.driver() == null ? Tri.TRUE : compareVersion(host.driver(), t.op(), t.value());
      case "arch":
        return host.arch() == null ? Tri.TRUE : compareVersion(host.arch(), t.op(), t.value());
      case "brand":
        return host.brand() == null ? Tri.TRUE : compareString(host.brand(), t.op(), t.value());
      default:
        return Tri.INVALID;
    }
  }

  /** dsl_evaluate: the result nvidia-container-cli reaches for one requirement on one device. */
  public static Result evaluate(String predicate, Host host) {
    Tri ret = Tri.TRUE;
    for (String or : predicate.split(" ", -1)) {
      if (or.isEmpty()) {
        continue;
      }
      boolean exhausted = true;
      for (String and : or.split(",", -1)) {
        if (and.isEmpty()) {
          continue;
        }
        ret = evaluateTerm(and, host);
        if (ret == Tri.INVALID) {
          return new Result(Tri.INVALID, "invalid expression");
        }
        if (ret == Tri.FALSE) {
          exhausted = false;
          break;
        }
      }
      if (exhausted) {
        break;
      }
    }
    if (ret == Tri.FALSE) {
      int sp = predicate.indexOf(' ');
      String first = sp < 0 ? predicate : predicate.substring(0, sp);
      return new Result(
          Tri.FALSE,
          first.startsWith("cuda>=")
              ? "unsatisfied condition: "
                  + first
                  + ", please update your driver to a newer version, "
                  + "or use an earlier cuda container"
              : "unsatisfied condition: " + first);
    }
    return new Result(Tri.TRUE, null);
  }

  /**
   * Every term checked as if it were evaluated (dsl.c stops at the first false term or met
   * alternative, so it may never see a bad one): for a requirement a person types.
   *
   * @return the first problem, naming the term, or empty when every term is valid
   */
  public static java.util.Optional<String> validate(String predicate) {
    if (alternatives(predicate).isEmpty()) {
      return java.util.Optional.of("'" + predicate + "' holds no term (name op value)");
    }
    for (List<String> alt : alternatives(predicate)) {
      for (String t : alt) {
        Term p = parseTerm(t);
        String why =
            p == null
                ? "expected name, operator (= != < <= > >=) and value"
                : !List.of("cuda", "driver", "arch", "brand").contains(p.rule())
                    ? "unknown name '" + p.name() + "' (cuda, driver, arch or brand)"
                    : p.rule().equals("brand")
                        ? (p.op() == Op.EQUAL || p.op() == Op.NOT_EQUAL
                            ? null
                            : "brand compares only with = and !=")
                        : !p.value().matches("[0-9.]+") || p.value().startsWith(".")
                            ? "'" + p.value() + "' is not a version (digits and dots)"
                            : null;
        if (why != null) {
          return java.util.Optional.of("term '" + t + "': " + why);
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** The alternatives of a predicate as written (empty ones left out), each its terms. */
  public static List<List<String>> alternatives(String predicate) {
    List<List<String>> out = new ArrayList<>();
    for (String or : predicate.split(" ", -1)) {
      List<String> terms = new ArrayList<>();
      for (String and : or.split(",", -1)) {
        if (!and.isEmpty()) {
          terms.add(and);
        }
      }
      if (!terms.isEmpty()) {
        out.add(terms);
      }
    }
    return out;
  }

  private static int digitsEnd(String s, int from) {
    int k = from;
    while (k < s.length() && Character.isDigit(s.charAt(k))) {
      k++;
    }
    return k;
  }

  private static int skip(String s, int from, String chars) {
    int k = from;
    while (k < s.length() && chars.indexOf(s.charAt(k)) >= 0) {
      k++;
    }
    return k;
  }

  private static Tri of(boolean b) {
    return b ? Tri.TRUE : Tri.FALSE;
  }
}
