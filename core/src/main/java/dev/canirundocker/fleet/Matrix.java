package dev.canirundocker.fleet;

import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.report.CheckResult;
import dev.canirundocker.report.TargetError;
import dev.canirundocker.text.Text;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Hosts x targets: the verdict of every target on every host (a fleet, a cluster's nodes), in the
 * order both were given. Immutable; the renderers ({@link MatrixText}, {@link MatrixJson}, {@link
 * MatrixJunit}, {@link MatrixMarkdown}) are pure functions of it.
 *
 * @param hosts the rows
 * @param targets the columns
 * @param cells row by row: {@code cells.get(h * targets.size() + t)}
 */
public record Matrix(List<FleetHost> hosts, List<Target> targets, List<Cell> cells) {

  public Matrix {
    hosts = List.copyOf(hosts);
    targets = List.copyOf(targets);
    cells = List.copyOf(cells);
    if (cells.size() != hosts.size() * targets.size()) {
      throw new IllegalArgumentException("expected " + hosts.size() * targets.size() + " cells");
    }
  }

  /** Judges one target on one host; throws where that target cannot be judged there. */
  @FunctionalInterface
  public interface Judge {
    Evaluation judge(HostProfile host) throws TargetException;
  }

  /** A target that could not be judged on a host, with the error result it becomes. */
  public static final class TargetException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient TargetError error;

    public TargetException(String kind, String message) {
      super(Text.oneLine(message));
      this.error = new TargetError(kind, Text.oneLine(message));
    }

    public TargetError error() {
      return error;
    }
  }

  /**
   * One column.
   *
   * @param name as given on the command line
   * @param source where it came from
   * @param judge how it is judged on a host; unused when {@code error} is set
   * @param error why it cannot be judged on any host (an unreadable archive), else null
   */
  public record Target(
      String name, CheckResult.Source source, @Nullable Judge judge, @Nullable TargetError error) {
    public Target {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
    }

    /** A target judged by {@code judge}. */
    public static Target of(String name, CheckResult.Source source, Judge judge) {
      return new Target(name, source, judge, null);
    }

    /** A target judged elsewhere, named for a matrix built with {@link #fromResults}. */
    public static Target named(String name, CheckResult.Source source) {
      return new Target(name, source, null, null);
    }

    /** A target that cannot be judged at all. */
    public static Target failed(String name, CheckResult.Source source, TargetError error) {
      return new Target(name, source, null, Objects.requireNonNull(error, "error"));
    }
  }

  /**
   * One host/target pair: the check document's result for the target on that host.
   *
   * @param host the row
   * @param target the column
   * @param result the verdict with findings, or the error that kept it from one
   */
  public record Cell(FleetHost host, Target target, CheckResult result) {
    /** The evaluation, or null for an error. */
    public @Nullable Evaluation evaluation() {
      return result.evaluation();
    }

    /** Why there is no verdict, or null. */
    public @Nullable TargetError error() {
      return result.error();
    }

    /** The verdict, or null for an error. */
    public @Nullable Verdict verdict() {
      return result.verdict();
    }

    /** The verdict's name, or {@code error} where the target could not be judged on the host. */
    public String verdictWord() {
      Verdict v = result.verdict();
      return v == null ? "error" : v.name();
    }
  }

  /**
   * Judges every target on every host. A host or target that cannot be judged gives error cells; it
   * does not stop the others. Nodes get {@link NodeRules}.
   */
  public static Matrix evaluate(List<FleetHost> hosts, List<Target> targets) {
    List<Cell> cells = new ArrayList<>();
    for (FleetHost h : hosts) {
      for (Target t : targets) {
        CheckResult r;
        if (h.error() != null) {
          r = CheckResult.failed(t.name(), t.source(), h.error());
        } else if (t.error() != null) {
          r = CheckResult.failed(t.name(), t.source(), t.error());
        } else {
          try {
            // a host without an error has a profile; a target without an error has a judge
            // unless it was only named for fromResults
            Evaluation e =
                Objects.requireNonNull(t.judge(), "target " + t.name() + " has no judge")
                    .judge(Objects.requireNonNull(h.profile(), "profile"));
            r =
                CheckResult.of(
                    t.name(), t.source(), h.node() == null ? e : NodeRules.adjust(h.node(), e));
          } catch (TargetException ex) {
            r = CheckResult.failed(t.name(), t.source(), ex.error());
          }
        }
        cells.add(new Cell(h, t, r));
      }
    }
    return new Matrix(hosts, targets, cells);
  }

  /**
   * A matrix from results judged elsewhere (the CLI's check, which judges images through the daemon
   * too): {@code judge} gives each readable host its results, the same targets in the same order
   * for every host; a host with an error gets that error for every target. Nodes get {@link
   * NodeRules}.
   *
   * @throws IllegalArgumentException when hosts get different targets
   */
  public static Matrix fromResults(
      List<FleetHost> hosts, java.util.function.Function<HostProfile, List<CheckResult>> judge) {
    List<@Nullable List<CheckResult>> rows = new ArrayList<>();
    List<Target> targets = null;
    for (FleetHost h : hosts) {
      List<CheckResult> row = h.error() != null ? null : judge.apply(h.profile());
      rows.add(row);
      if (row != null && targets == null) {
        targets = new ArrayList<>();
        for (CheckResult r : row) {
          targets.add(Target.named(r.target(), r.source()));
        }
      }
    }
    if (targets == null) {
      targets = List.of();
    }
    List<Cell> cells = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      FleetHost h = hosts.get(i);
      List<CheckResult> row = rows.get(i);
      if (row != null && row.size() != targets.size()) {
        throw new IllegalArgumentException(
            "host " + h.name() + " got " + row.size() + " results, not " + targets.size());
      }
      for (int t = 0; t < targets.size(); t++) {
        CheckResult r =
            row == null
                ? CheckResult.failed(
                    targets.get(t).name(),
                    targets.get(t).source(),
                    Objects.requireNonNull(h.error(), "a host without results has an error"))
                : row.get(t);
        if (r.evaluation() != null && h.node() != null) {
          r = CheckResult.of(r.target(), r.source(), NodeRules.adjust(h.node(), r.evaluation()));
        }
        cells.add(new Cell(h, targets.get(t), r));
      }
    }
    return new Matrix(hosts, targets, cells);
  }

  /** The cell of host {@code h} and target {@code t}. */
  public Cell cell(int h, int t) {
    return cells.get(h * targets.size() + t);
  }

  /** The worst verdict of the cells that have one; NATIVE when none has. */
  public Verdict worst() {
    Verdict v = Verdict.NATIVE;
    for (Cell c : cells) {
      v = v.worst(c.verdict());
    }
    return v;
  }

  /** How many cells have each verdict, every verdict present (0 where none). */
  public Map<Verdict, Integer> counts() {
    Map<Verdict, Integer> m = new EnumMap<>(Verdict.class);
    for (Verdict v : Verdict.values()) {
      m.put(v, 0);
    }
    for (Cell c : cells) {
      if (c.verdict() != null) {
        m.merge(c.verdict(), 1, Integer::sum);
      }
    }
    return m;
  }

  /** The exit code of the contract: 1 when any cell is an error, else the worst verdict's. */
  public int exitCode() {
    return errors() > 0 ? 1 : worst().exitCode();
  }

  /** How many cells are errors. */
  public int errors() {
    int n = 0;
    for (Cell c : cells) {
      if (c.error() != null) {
        n++;
      }
    }
    return n;
  }

  /**
   * The one-line summary every format shows: {@code 3 hosts x 2 targets: 4 NATIVE, 1 EMULATED, 0
   * NEEDS_VM, 1 UNSUPPORTED, 0 errors}.
   */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(hosts.size())
        .append(hosts.size() == 1 ? " host" : " hosts")
        .append(" x ")
        .append(targets.size())
        .append(targets.size() == 1 ? " target" : " targets")
        .append(": ");
    Map<Verdict, Integer> counts = counts();
    for (Verdict v : Verdict.values()) {
      b.append(counts.get(v)).append(' ').append(v.name()).append(", ");
    }
    int e = errors();
    b.append(e).append(e == 1 ? " error" : " errors");
    return b.toString();
  }
}
