package dev.canirundocker.check.gpu;

import dev.canirundocker.elf.CudaCompatNote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an image asks of an NVIDIA GPU, from its configuration's Env as nvidia-container-toolkit
 * reads it ({@code internal/config/image/cuda_image.go}: {@code GetRequirements}, {@code
 * HasDisableRequire}, {@code IsLegacy}, {@code devicesFromEnvvars}) and the CUDA
 * forward-compatibility libraries it carries.
 *
 * @param requirements the requirements, by variable name ({@code NVIDIA_REQUIRE_CUDA}; the legacy
 *     rule as {@code CUDA_VERSION}), in the variables' order
 * @param disableRequire NVIDIA_DISABLE_REQUIRE is true (Go's strconv.ParseBool): nothing is checked
 * @param visibleDevices NVIDIA_VISIBLE_DEVICES as the toolkit reads it ({@code all}, {@code 0,1},
 *     {@code none}, {@code void} where unset or empty and not legacy)
 * @param driverCapabilities NVIDIA_DRIVER_CAPABILITIES as written, or null
 * @param compatLibs the image's {@code /usr/local/cuda/compat/libcuda.so.*} with their notes, or
 *     null where the layers were not read
 * @param problems Env values the toolkit would refuse (an invalid legacy CUDA_VERSION)
 * @param legacyDefaultDevices the image does not set NVIDIA_VISIBLE_DEVICES, and {@code all} is the
 *     toolkit's default for a legacy image (one with CUDA_VERSION and no NVIDIA_REQUIRE_CUDA;
 *     cuda_image.go {@code devicesFromEnvvars}), not a value the image wrote
 */
public record GpuImage(
    Map<String, String> requirements,
    boolean disableRequire,
    String visibleDevices,
    @Nullable String driverCapabilities,
    @Nullable List<CompatLib> compatLibs,
    List<String> problems,
    boolean legacyDefaultDevices) {
  private static final Pattern SEMVER =
      Pattern.compile(
          "^v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$");

  public GpuImage {
    requirements = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requirements));
    compatLibs = compatLibs == null ? null : List.copyOf(compatLibs);
    problems = List.copyOf(problems);
  }

  /** An image whose NVIDIA_VISIBLE_DEVICES, where {@code all}, is its own value. */
  public GpuImage(
      Map<String, String> requirements,
      boolean disableRequire,
      String visibleDevices,
      String driverCapabilities,
      List<CompatLib> compatLibs,
      List<String> problems) {
    this(
        requirements,
        disableRequire,
        visibleDevices,
        driverCapabilities,
        compatLibs,
        problems,
        false);
  }

  /**
   * A compat library of the image.
   *
   * @param path where it is in the image
   * @param note its note, or null where it has none
   */
  public record CompatLib(String path, @Nullable CudaCompatNote note) {}

  /** Whether the image asks for a GPU: devices other than void, or any requirement. */
  public boolean asksForGpu() {
    return !visibleDevices.equals("void") || !requirements.isEmpty();
  }

  /** The facts of an image's {@code KEY=value} Env list and its compat libraries. */
  public static GpuImage of(List<String> env, @Nullable List<CompatLib> compat) {
    Map<String, String> e = new LinkedHashMap<>();
    for (String kv : env) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        e.remove(kv.substring(0, eq)); // the last one wins, in its own place
        e.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> reqs = new LinkedHashMap<>();
    boolean disable = parseBool(e.get("NVIDIA_DISABLE_REQUIRE"));
    String legacyCuda = e.getOrDefault("CUDA_VERSION", "");
    boolean legacy = !legacyCuda.isEmpty() && e.getOrDefault("NVIDIA_REQUIRE_CUDA", "").isEmpty();
    for (Map.Entry<String, String> x : e.entrySet()) {
      if (x.getKey().startsWith("NVIDIA_REQUIRE_")
          && !x.getKey().startsWith("NVIDIA_REQUIRE_JETPACK")) {
        reqs.put(x.getKey(), x.getValue());
      }
    }
    if (legacy) {
      Matcher m = SEMVER.matcher(legacyCuda);
      if (m.matches()) {
        reqs.put(
            "CUDA_VERSION",
            "cuda>="
                + Long.parseLong(m.group(1))
                + "."
                + (m.group(2) == null ? 0 : Long.parseLong(m.group(2))));
      } else {
        problems.add(
            "CUDA_VERSION="
                + legacyCuda
                + " is not a version: nvidia-container-toolkit "
                + "refuses the container (\"failed to get version: invalid CUDA version\")");
      }
    }
    String devices = devices(e.get("NVIDIA_VISIBLE_DEVICES"), legacy);
    return new GpuImage(
        disable ? Map.of() : reqs,
        disable,
        devices,
        e.get("NVIDIA_DRIVER_CAPABILITIES"),
        compat,
        problems,
        legacy && e.get("NVIDIA_VISIBLE_DEVICES") == null);
  }

  /**
   * cuda_image.go devicesFromEnvvars: unset and legacy means all; unset, empty or void means void.
   */
  static String devices(@Nullable String value, boolean legacy) {
    if (value == null) {
      return legacy ? "all" : "void";
    }
    List<String> d = new ArrayList<>();
    for (String s : value.split(",")) {
      if (!s.strip().isEmpty()) {
        d.add(s.strip());
      }
    }
    return d.isEmpty() || d.contains("void") ? "void" : String.join(",", d);
  }

  /** Go's strconv.ParseBool; anything else (an error there) is false. */
  static boolean parseBool(@Nullable String s) {
    return s != null && List.of("1", "t", "T", "TRUE", "true", "True").contains(s);
  }

  /** The compat library's note says it runs on this driver branch. */
  public boolean compatSupports(int branch) {
    for (CompatLib c : compatLibs == null ? List.<CompatLib>of() : compatLibs) {
      if (c.note() != null && c.note().driverBranches().contains(branch)) {
        return true;
      }
    }
    return false;
  }
}
