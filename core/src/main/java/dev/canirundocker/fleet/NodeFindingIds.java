package dev.canirundocker.fleet;

/**
 * The ids of the findings the node rules add (see {@link dev.canirundocker.check.FindingIds} for
 * the host rules): stable, dotted, in the README's "Finding ids" list.
 */
public final class NodeFindingIds {
  private NodeFindingIds() {}

  public static final String NODE_FACTS_UNKNOWN = "node.facts-unknown";
  public static final String NODE_NO_VM = "node.no-vm";
  public static final String NODE_OS_MISMATCH = "node.os-mismatch";
  public static final String NODE_WINDOWS_HYPERV_ISOLATION = "node.windows.hyperv-isolation";

  /**
   * A node label that says how the node runs the platform: {@code node.label.native} or {@code
   * node.label.emulated}.
   */
  public static final String LABEL_NATIVE = "node.label.native";

  /** See {@link #LABEL_NATIVE}. */
  public static final String LABEL_EMULATED = "node.label.emulated";
}
