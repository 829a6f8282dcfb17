package dev.canirundocker.check.kernel;

import dev.canirundocker.check.Finding;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of the kernel config check: the verdict, every item that applied with its state, and
 * the findings. Immutable.
 *
 * @param verdict {@link Verdict#NATIVE} when every required item is present and at least one
 *     storage driver is usable, {@link Verdict#UNSUPPORTED} otherwise
 * @param configSource where the config was read, as the user would find it (may be null)
 * @param kernelVersion the version the gates were applied with, or null when unknown
 * @param cgroupMode the cgroup mode the requirements were chosen for, as given (may be null)
 * @param items every applicable item, in check-config.sh's order
 * @param storageDrivers storage drivers whose kernel options are all present ({@code overlay},
 *     {@code btrfs}, {@code devicemapper}, {@code aufs}), in catalog order
 * @param findings what is wrong or worth knowing, most serious first
 */
public record KernelConfigReport(
    Verdict verdict,
    @Nullable String configSource,
    @Nullable KernelVersion kernelVersion,
    @Nullable String cgroupMode,
    List<Item> items,
    List<String> storageDrivers,
    List<Finding> findings)
    implements JsonValue {

  /** The JSON schema version of {@link #toJson()}. */
  public static final int SCHEMA_VERSION = 1;

  public KernelConfigReport {
    Objects.requireNonNull(verdict, "verdict");
    items = List.copyOf(items);
    storageDrivers = List.copyOf(storageDrivers);
    findings = List.copyOf(findings);
  }

  /**
   * One item as evaluated.
   *
   * @param name the option, {@code CONFIG_} prefixed
   * @param group the effective group (a v1-only required item is {@code optional} on cgroup v2)
   * @param state enabled, module or missing
   * @param satisfiedBy the alias that made the item present, or null where its own name did or it
   *     is missing
   */
  public record Item(String name, String group, ConfigState state, @Nullable String satisfiedBy)
      implements JsonValue {
    public Item {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(state, "state");
    }

    @Override
    public Object toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("group", group);
      m.put("state", state.json());
      if (satisfiedBy != null) {
        m.put("satisfiedBy", satisfiedBy);
      }
      return m;
    }
  }

  /** The item with this name ({@code CONFIG_} prefix optional), or null where it did not apply. */
  public @Nullable Item item(String name) {
    String n = name.startsWith("CONFIG_") ? name : "CONFIG_" + name;
    for (Item i : items) {
      if (i.name.equals(n)) {
        return i;
      }
    }
    return null;
  }

  /** The findings with this id, in order. */
  public List<Finding> findings(String id) {
    List<Finding> l = new ArrayList<>();
    for (Finding f : findings) {
      if (f.id().equals(id)) {
        l.add(f);
      }
    }
    return l;
  }

  /**
   * The {@code kernel} JSON of the contract: {@code schemaVersion}, {@code verdict}, {@code
   * configSource}, {@code kernelVersion}, {@code items} ({@code name}, {@code group}, {@code
   * state}), {@code findings}; plus {@code cgroupMode} and {@code storageDrivers}.
   */
  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schemaVersion", (long) SCHEMA_VERSION);
    m.put("verdict", verdict.name());
    m.put("configSource", configSource);
    m.put("kernelVersion", kernelVersion == null ? null : kernelVersion.toString());
    m.put("cgroupMode", cgroupMode);
    List<Object> is = new ArrayList<>();
    for (Item i : items) {
      is.add(i.toJson());
    }
    m.put("items", is);
    m.put("storageDrivers", storageDrivers);
    List<Object> fs = new ArrayList<>();
    for (Finding f : findings) {
      fs.add(f.toJson());
    }
    m.put("findings", fs);
    return m;
  }
}
