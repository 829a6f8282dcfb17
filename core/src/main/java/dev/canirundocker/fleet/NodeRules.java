package dev.canirundocker.fleet;

import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.check.FindingIds;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.platform.Platform;
import java.util.ArrayList;
import java.util.List;

/**
 * What changes when the host is a Kubernetes node rather than a machine a person sits at: pods run
 * on the node's own kernel through its container runtime, so no VM route exists.
 *
 * <ul>
 *   <li>Kubernetes "does not support running Windows containers with Hyper-V isolation"
 *       (kubernetes.io/docs/concepts/windows/intro): an image that needs Hyper-V isolation on the
 *       node's build cannot run there.
 *   <li>Linux pods run on Linux nodes and Windows pods on Windows nodes (the same page; the
 *       scheduler matches {@code kubernetes.io/os}): nothing like Docker Desktop's Linux VM exists
 *       on a Windows node.
 *   <li>Where the API leaves emulation unknown but the node's own {@link NfdLabels} label (written
 *       by {@code host --format nfd} on the node) says how it runs the platform, that label is the
 *       evidence.
 * </ul>
 */
public final class NodeRules {
  private NodeRules() {}

  /** The evaluation of a target on a node, adjusted for what a node offers. */
  public static Evaluation adjust(KubernetesNode node, Evaluation e) {
    Platform target = e.platform();
    Platform host = node.profile().platform();
    if (target != null
        && !target.os().equals(host.os())
        && (target.isLinux() || target.isWindows())) {
      return new Evaluation(
          target,
          Verdict.UNSUPPORTED,
          List.of(
              Finding.fail(
                  NodeFindingIds.NODE_OS_MISMATCH,
                  "Node "
                      + node.name()
                      + " runs "
                      + host.os()
                      + "; "
                      + target.os()
                      + " pods run only on "
                      + target.os()
                      + " nodes (Kubernetes has no VM route for them)",
                  "Schedule it on a "
                      + target.os()
                      + " node: nodeSelector kubernetes.io/os: "
                      + target.os())));
    }
    List<Finding> fs = new ArrayList<>(e.findings());
    Verdict v = e.verdict();
    if (v == Verdict.NEEDS_VM) {
      v = Verdict.UNSUPPORTED;
      if (e.has(FindingIds.WINDOWS_ISOLATION_HYPERV)) {
        fs.add(
            Finding.fail(
                NodeFindingIds.NODE_WINDOWS_HYPERV_ISOLATION,
                "Kubernetes runs Windows containers in "
                    + "process isolation only, and this image needs Hyper-V isolation on node "
                    + node.name()
                    + "'s build"
                    + (host.osVersion().isEmpty() ? "" : " (" + host.osVersion() + ")"),
                "Use an image built for the node's Windows build, and select nodes by the label "
                    + KubernetesNodes.LABEL_WINDOWS_BUILD));
      } else {
        fs.add(
            Finding.fail(
                NodeFindingIds.NODE_NO_VM,
                "A Kubernetes node runs pods on its own "
                    + "kernel; the VM this target needs is not available to pods on node "
                    + node.name(),
                null));
      }
    }
    String unknownId =
        target == null || !target.isLinux()
            ? null
            : e.has(FindingIds.BINFMT_UNKNOWN)
                ? FindingIds.BINFMT_UNKNOWN
                : e.has(FindingIds.ARCH_COMPAT_UNKNOWN) ? FindingIds.ARCH_COMPAT_UNKNOWN : null;
    if (unknownId != null && target != null) { // an id is only chosen for a Linux target
      String reported = NfdLabels.reported(node.labels(), target);
      if (reported != null) {
        List<Finding> kept = new ArrayList<>();
        for (Finding f : fs) {
          if (!f.id().equals(unknownId)) {
            kept.add(f);
          }
        }
        Verdict byLabel = reported.equals("native") ? Verdict.NATIVE : Verdict.EMULATED;
        kept.add(
            new Finding(
                reported.equals("native")
                    ? NodeFindingIds.LABEL_NATIVE
                    : NodeFindingIds.LABEL_EMULATED,
                byLabel == Verdict.NATIVE
                    ? dev.canirundocker.check.Severity.INFO
                    : dev.canirundocker.check.Severity.WARN,
                "Node "
                    + node.name()
                    + "'s label "
                    + NfdLabels.platformLabel(target)
                    + "="
                    + reported
                    + " (written on the node by can-i-run-docker host --format nfd) says it runs "
                    + target
                    + (byLabel == Verdict.NATIVE ? " natively" : " through user-mode emulation"),
                byLabel == Verdict.NATIVE
                    ? null
                    : "Use a " + host + " build of the image where one exists"));
        return new Evaluation(target, worstWithout(e, unknownId, byLabel), kept);
      }
    }
    if (fs.stream().anyMatch(f -> f.id().endsWith(".unknown"))) {
      fs.add(
          Finding.info(
              NodeFindingIds.NODE_FACTS_UNKNOWN,
              "Node "
                  + node.name()
                  + " is judged from what the "
                  + "Kubernetes API reports, which leaves this unknown",
              "Run the can-i-run-docker DaemonSet (kubernetes/ in the distribution): it labels every node "
                  + "with what its kernel runs, and --nodes reads those labels"));
    }
    return new Evaluation(target, v, fs);
  }

  /**
   * The verdict once the unknown emulation is answered: the label's verdict, unless another failing
   * finding already made it worse.
   */
  private static Verdict worstWithout(Evaluation e, String id, Verdict replacement) {
    boolean otherFail = false;
    for (Finding f : e.findings()) {
      if (!f.id().equals(id) && f.severity() == dev.canirundocker.check.Severity.FAIL) {
        otherFail = true;
      }
    }
    return otherFail ? e.verdict() : replacement;
  }
}
