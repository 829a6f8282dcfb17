package dev.canirundocker.daemon;

import dev.canirundocker.json.JsonReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the daemon's {@code GET /info} says about GPUs: the OCI runtimes it has registered ({@code
 * Runtimes}, keys such as {@code runc}, {@code nvidia}), the CDI spec directories it reads ({@code
 * CDISpecDirs}, empty where CDI is off; API 1.45+) and the devices its CDI cache holds ({@code
 * DiscoveredDevices}, {@code {"Source":"cdi","ID":"nvidia.com/gpu=0"}}; API 1.50+).
 *
 * @param runtimes the registered runtime names
 * @param cdiSpecDirs the CDI spec directories, or null where the daemon did not say
 * @param discoveredDevices the discovered device IDs, or null where the daemon did not say
 */
public record DaemonGpuSupport(
    List<String> runtimes,
    @Nullable List<String> cdiSpecDirs,
    @Nullable List<String> discoveredDevices) {
  public DaemonGpuSupport {
    runtimes = List.copyOf(runtimes);
    cdiSpecDirs = cdiSpecDirs == null ? null : List.copyOf(cdiSpecDirs);
    discoveredDevices = discoveredDevices == null ? null : List.copyOf(discoveredDevices);
  }

  /**
   * From an {@code /info} document.
   *
   * @throws dev.canirundocker.json.JsonException when a field has the wrong type
   */
  public static DaemonGpuSupport of(Map<String, Object> info) {
    JsonReader i = JsonReader.of(info, "info");
    JsonReader rt = i.object("Runtimes");
    List<String> runtimes = rt == null ? List.of() : new ArrayList<>(rt.raw().keySet());
    List<String> devices = null;
    if (i.has("DiscoveredDevices")) {
      devices = new ArrayList<>();
      for (JsonReader d : i.objects("DiscoveredDevices")) {
        String id = d.string("ID");
        if (id != null) {
          devices.add(id);
        }
      }
    }
    return new DaemonGpuSupport(
        runtimes, i.has("CDISpecDirs") ? i.strings("CDISpecDirs") : null, devices);
  }

  /** Whether the {@code nvidia} runtime is registered ({@code nvidia-ctk runtime configure}). */
  public boolean nvidiaRuntime() {
    return runtimes.contains("nvidia");
  }

  /** The discovered CDI devices of kind {@code nvidia.com/gpu}. */
  public List<String> nvidiaCdiDevices() {
    return discoveredDevices == null
        ? List.of()
        : discoveredDevices.stream().filter(d -> d.startsWith("nvidia.com/gpu=")).toList();
  }
}
