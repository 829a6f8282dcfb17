package dev.canirundocker.fleet;

import dev.canirundocker.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A node taint as {@code spec.taints[]} carries it (Kubernetes API reference, core/v1 Taint): pods
 * that do not tolerate it are kept off the node ({@code NoSchedule}, {@code PreferNoSchedule}) or
 * evicted ({@code NoExecute}).
 *
 * @param key the taint key ({@code node.kubernetes.io/unschedulable}, {@code os})
 * @param value the value, or null where the taint has none
 * @param effect {@code NoSchedule}, {@code PreferNoSchedule} or {@code NoExecute}
 */
public record Taint(String key, @Nullable String value, String effect) implements JsonValue {
  public Taint {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(effect, "effect");
  }

  /** As kubectl describes it: {@code key=value:Effect}, or {@code key:Effect} without a value. */
  @Override
  public String toString() {
    return key + (value == null || value.isEmpty() ? "" : "=" + value) + ":" + effect;
  }

  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    m.put("value", value);
    m.put("effect", effect);
    return m;
  }
}
