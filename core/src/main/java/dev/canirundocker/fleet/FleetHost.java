package dev.canirundocker.fleet;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.report.TargetError;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of a matrix: a saved host profile or a Kubernetes node, or a host that could not be read.
 *
 * @param name how the matrix names it: the profile's file name without {@code .json}, or the node
 *     name
 * @param source {@code profile} or {@code node}
 * @param path the file it came from (the profile, or the node list), for a person
 * @param profile the host profile; null when {@code error} is set
 * @param node the node's API facts, for a node; else null
 * @param error why the host could not be judged (unreadable or stale profile), else null
 */
public record FleetHost(
    String name,
    String source,
    @Nullable String path,
    @Nullable HostProfile profile,
    @Nullable KubernetesNode node,
    @Nullable TargetError error) {

  public FleetHost {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    if ((profile == null) == (error == null)) {
      throw new IllegalArgumentException("a host has either a profile or an error");
    }
  }

  /** A saved host profile. */
  public static FleetHost profile(String name, @Nullable String path, HostProfile profile) {
    return new FleetHost(name, "profile", path, profile, null, null);
  }

  /** A saved host profile that cannot be judged. */
  public static FleetHost failed(String name, String path, TargetError error) {
    return new FleetHost(name, "profile", path, null, null, error);
  }

  /** A Kubernetes node from a node list. */
  public static FleetHost node(String path, KubernetesNode node) {
    return new FleetHost(node.name(), "node", path, node.profile(), node, null);
  }
}
