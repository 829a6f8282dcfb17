package dev.canirundocker.host;

/**
 * How the host mounts its cgroup hierarchy (runc {@code libcontainer/cgroups/utils.go
 * IsCgroup2UnifiedMode}; systemd {@code src/basic/cgroup-util.c} for "hybrid").
 */
public enum CgroupMode {
  /** Only v1 hierarchies. */
  V1("v1"),
  /** cgroup2 at {@code /sys/fs/cgroup}: the unified hierarchy. */
  V2("v2"),
  /** v1 hierarchies plus a cgroup2 mount (systemd's hybrid); the engine uses the v1 ones. */
  HYBRID("hybrid"),
  /** No cgroup filesystem mounted. */
  NONE("none");

  private final String id;

  CgroupMode(String id) {
    this.id = id;
  }

  /** The contract JSON value: {@code v1}, {@code v2}, {@code hybrid} or {@code none}. */
  public String id() {
    return id;
  }

  /**
   * The mode a contract value names.
   *
   * @throws IllegalArgumentException naming the value when it is not one of the four
   */
  public static CgroupMode parse(String id) {
    for (CgroupMode m : values()) {
      if (m.id.equals(id)) {
        return m;
      }
    }
    throw new IllegalArgumentException("cgroups.mode: '" + id + "' is not v1, v2, hybrid or none");
  }

  @Override
  public String toString() {
    return id;
  }
}
