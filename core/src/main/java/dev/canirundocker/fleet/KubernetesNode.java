package dev.canirundocker.fleet;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.json.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One node of a Kubernetes cluster as the API reports it ({@code kubectl get nodes -o json}), with
 * the partial host profile its facts give. What the API does not carry (binfmt_misc, exec probes,
 * kernel configuration, most CPU features) is in the profile's unknowns, never guessed.
 *
 * @param name {@code metadata.name}
 * @param profile the partial host profile
 * @param labels {@code metadata.labels}, sorted by key
 * @param taints {@code spec.taints}
 * @param unschedulable {@code spec.unschedulable} (cordoned: no new pods are scheduled on it)
 * @param containerRuntime {@code status.nodeInfo.containerRuntimeVersion} ({@code
 *     containerd://1.7.15}), or null
 * @param kubeletVersion {@code status.nodeInfo.kubeletVersion}, or null
 * @param osImage {@code status.nodeInfo.osImage} ({@code Ubuntu 22.04.4 LTS}), or null
 */
public record KubernetesNode(
    String name,
    HostProfile profile,
    Map<String, String> labels,
    List<Taint> taints,
    boolean unschedulable,
    @Nullable String containerRuntime,
    @Nullable String kubeletVersion,
    @Nullable String osImage)
    implements JsonValue {

  public KubernetesNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(profile, "profile");
    labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    taints = taints == null ? List.of() : List.copyOf(taints);
  }

  /**
   * The taints that keep pods without a toleration off the node ({@code NoSchedule}, {@code
   * NoExecute}).
   */
  public List<Taint> blockingTaints() {
    List<Taint> l = new ArrayList<>();
    for (Taint t : taints) {
      if (!t.effect().equals("PreferNoSchedule")) {
        l.add(t);
      }
    }
    return l;
  }

  /** The node facts for the matrix JSON (the profile is written beside it). */
  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("unschedulable", unschedulable);
    List<Object> ts = new ArrayList<>();
    for (Taint t : taints) {
      ts.add(t.toJson());
    }
    m.put("taints", ts);
    m.put("containerRuntime", containerRuntime);
    m.put("kubeletVersion", kubeletVersion);
    m.put("osImage", osImage);
    m.put("labels", new LinkedHashMap<>(labels));
    return m;
  }
}
