package dev.canirundocker.daemon;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The kernel capabilities the daemon reports in {@code GET /info} (moby api/types/system/info.go;
 * computed by moby pkg/sysinfo). Prefer these to the daemon's {@code Warnings} strings, whose
 * wording changes between releases. Each is null when the daemon did not report it (older engines,
 * Windows, podman).
 */
public record DaemonCapabilities(
    @Nullable Boolean memoryLimit,
    @Nullable Boolean swapLimit,
    @Nullable Boolean cpuCfsQuota,
    @Nullable Boolean cpuCfsPeriod,
    @Nullable Boolean cpuShares,
    @Nullable Boolean cpuSet,
    @Nullable Boolean pidsLimit,
    @Nullable Boolean ipv4Forwarding,
    @Nullable Boolean bridgeNfIptables,
    @Nullable Boolean bridgeNfIp6tables,
    @Nullable Boolean kernelMemory,
    @Nullable Boolean oomKillDisable)
    implements JsonValue {

  /** All unknown. */
  public static DaemonCapabilities unknown() {
    return new DaemonCapabilities(
        null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * Reads the booleans from a {@code GET /info} document (moby's JSON names, e.g. {@code
   * CPUShares}).
   */
  public static DaemonCapabilities parse(JsonReader info) {
    return new DaemonCapabilities(
        info.bool("MemoryLimit"),
        info.bool("SwapLimit"),
        info.bool("CpuCfsQuota"),
        info.bool("CpuCfsPeriod"),
        info.bool("CPUShares"),
        info.bool("CPUSet"),
        info.bool("PidsLimit"),
        info.bool("IPv4Forwarding"),
        info.bool("BridgeNfIptables"),
        info.bool("BridgeNfIp6tables"),
        info.bool("KernelMemory"),
        info.bool("OomKillDisable"));
  }

  /** Only the reported booleans, camel-case keys. */
  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "memoryLimit", memoryLimit);
    put(m, "swapLimit", swapLimit);
    put(m, "cpuCfsQuota", cpuCfsQuota);
    put(m, "cpuCfsPeriod", cpuCfsPeriod);
    put(m, "cpuShares", cpuShares);
    put(m, "cpuSet", cpuSet);
    put(m, "pidsLimit", pidsLimit);
    put(m, "ipv4Forwarding", ipv4Forwarding);
    put(m, "bridgeNfIptables", bridgeNfIptables);
    put(m, "bridgeNfIp6tables", bridgeNfIp6tables);
    put(m, "kernelMemory", kernelMemory);
    put(m, "oomKillDisable", oomKillDisable);
    return m;
  }

  private static void put(Map<String, Object> m, String k, @Nullable Boolean v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
