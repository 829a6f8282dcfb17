package dev.canirundocker.host;

/**
 * Finds out what the host is. The live implementation asks OSHI, the Linux {@code /proc} and {@code
 * /sys} readers and the exec probes; tests and what-if runs use a saved {@link HostProfile}.
 */
public interface HostProbe {
  /**
   * Probes the host. Facts that cannot be read are recorded as {@link Unknown}s; this method does
   * not throw for an unreadable fact.
   */
  HostProfile probe();

  /** A probe that returns a fixed profile (a saved one, or a fixture). */
  static HostProbe of(HostProfile profile) {
    return () -> profile;
  }
}
