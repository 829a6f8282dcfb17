package dev.canirundocker.check.kernel;

import dev.canirundocker.host.LinuxInfo.KernelConfigInfo;

/**
 * How a kernel build option is set, in the three states moby's {@code contrib/check-config.sh}
 * prints: {@code enabled}, {@code enabled (as module)} and {@code missing}.
 */
public enum ConfigState {
  /** Built in ({@code CONFIG_X=y}). */
  ENABLED("enabled"),
  /** Built as a module ({@code CONFIG_X=m}); usable once the module is loaded. */
  MODULE("module"),
  /** Not set, absent, or set to a value other than {@code y} or {@code m}. */
  MISSING("missing");

  private final String json;

  ConfigState(String json) {
    this.json = json;
  }

  /** The JSON spelling: {@code enabled}, {@code module} or {@code missing}. */
  public String json() {
    return json;
  }

  /** Whether the option is there, built in or as a module. */
  public boolean present() {
    return this != MISSING;
  }

  /**
   * The state of one option in a config. Only the values {@code y} and {@code m} count, as in
   * check-config.sh, whose {@code is_set_in_kernel} and {@code is_set_as_module} grep for {@code
   * CONFIG_X=y} and {@code CONFIG_X=m}; a number or string value reads as missing.
   *
   * @param config the parsed kernel config
   * @param name the option, with or without the {@code CONFIG_} prefix
   */
  public static ConfigState of(KernelConfigInfo config, String name) {
    String v = config.get(name);
    if ("y".equals(v)) {
      return ENABLED;
    }
    if ("m".equals(v)) {
      return MODULE;
    }
    return MISSING;
  }

  /** Parses the JSON spelling. */
  public static ConfigState parse(String s) {
    for (ConfigState c : values()) {
      if (c.json.equals(s)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown kernel config state '" + s + "': expected enabled, module or missing");
  }
}
