package dev.canirundocker.host;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The host's NVIDIA GPU facts, read from files only (no library loaded, nothing started): the
 * kernel driver, its GPUs and device nodes, the CUDA version the driver supports, WSL 2's GPU
 * paravirtualization, and the container side (toolkit, runtime, CDI specs). The profile's {@code
 * gpu} is null where no NVIDIA driver is present.
 *
 * @param driverVersion the kernel module's version ({@code 535.129.03}), or null where the driver
 *     is only seen through WSL 2 (its version lives on the Windows side)
 * @param kernelModule {@code proprietary}, {@code open}, or null where unknown
 * @param cudaVersion the CUDA driver API version the driver supports ({@code 12.2}), or null
 * @param cudaVersionSource where {@code cudaVersion} comes from: a library's ELF note, or the
 *     driver-branch table (a lower bound); null when unknown
 * @param gpus the GPUs the driver lists, in bus order
 * @param deviceNodes the {@code /dev/nvidia*} (and {@code /dev/dxg}) nodes present
 * @param wsl true when the GPU is WSL 2's ({@code /dev/dxg} and {@code
 *     /usr/lib/wsl/lib/libcuda.so*})
 * @param runtime the container side
 */
public record GpuInfo(
    @Nullable String driverVersion,
    @Nullable String kernelModule,
    @Nullable String cudaVersion,
    @Nullable String cudaVersionSource,
    List<Gpu> gpus,
    List<String> deviceNodes,
    boolean wsl,
    Runtime runtime)
    implements JsonValue {

  public GpuInfo(
      @Nullable String driverVersion,
      @Nullable String kernelModule,
      @Nullable String cudaVersion,
      @Nullable String cudaVersionSource,
      @Nullable List<Gpu> gpus,
      @Nullable List<String> deviceNodes,
      boolean wsl,
      @Nullable Runtime runtime) {
    // canonical, not compact: a null argument gets the default below, no component is null
    this.gpus = gpus == null ? List.of() : List.copyOf(gpus);
    this.deviceNodes = deviceNodes == null ? List.of() : List.copyOf(deviceNodes);
    this.runtime = runtime == null ? Runtime.NONE : runtime;
    this.driverVersion = driverVersion;
    this.kernelModule = kernelModule;
    this.cudaVersion = cudaVersion;
    this.cudaVersionSource = cudaVersionSource;
    this.wsl = wsl;
  }

  /** The driver branch: the major number of {@link #driverVersion} ({@code 535}), or -1 unknown. */
  public int driverBranch() {
    if (driverVersion == null) {
      return -1;
    }
    int dot = driverVersion.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? driverVersion : driverVersion.substring(0, dot));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("driverVersion", driverVersion);
    m.put("kernelModule", kernelModule);
    m.put("cudaVersion", cudaVersion);
    m.put("cudaVersionSource", cudaVersionSource);
    List<Object> g = new ArrayList<>();
    for (Gpu x : gpus) {
      g.add(x.toJson());
    }
    m.put("gpus", g);
    m.put("deviceNodes", deviceNodes);
    m.put("wsl", wsl);
    m.put("runtime", runtime.toJson());
    return m;
  }

  static GpuInfo fromJson(JsonReader r) {
    List<Gpu> g = new ArrayList<>();
    for (JsonReader x : r.objects("gpus")) {
      g.add(Gpu.fromJson(x));
    }
    Boolean wsl = r.bool("wsl");
    JsonReader rt = r.object("runtime");
    return new GpuInfo(
        r.string("driverVersion"),
        r.string("kernelModule"),
        r.string("cudaVersion"),
        r.string("cudaVersionSource"),
        g,
        r.strings("deviceNodes"),
        wsl != null && wsl,
        rt == null ? null : Runtime.fromJson(rt));
  }

  /**
   * One GPU from {@code /proc/driver/nvidia/gpus/<bus>/information}.
   *
   * @param model {@code NVIDIA A100-SXM4-40GB}
   * @param uuid {@code GPU-...}, or null
   * @param busLocation {@code 0000:00:04.0}
   * @param minor the {@code /dev/nvidiaN} number, or -1
   */
  public record Gpu(
      @Nullable String model, @Nullable String uuid, @Nullable String busLocation, int minor)
      implements JsonValue {
    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", model);
      m.put("uuid", uuid);
      m.put("busLocation", busLocation);
      m.put("minor", minor);
      return m;
    }

    static Gpu fromJson(JsonReader r) {
      Integer minor = r.intValue("minor");
      return new Gpu(
          r.string("model"), r.string("uuid"), r.string("busLocation"), minor == null ? -1 : minor);
    }
  }

  /**
   * The container side of GPU support. moby registers its {@code nvidia} device driver (what {@code
   * docker run --gpus} needs) only when {@code nvidia-container-runtime-hook} is on dockerd's PATH
   * (moby daemon/nvidia_linux.go); {@code --runtime=nvidia} needs the runtime registered in the
   * daemon; CDI ({@code --device nvidia.com/gpu=all}) needs a spec in a CDI directory.
   *
   * @param hook path of {@code nvidia-container-runtime-hook}, or null
   * @param runtime path of {@code nvidia-container-runtime}, or null
   * @param ctk path of {@code nvidia-ctk}, or null
   * @param cli path of {@code nvidia-container-cli} (libnvidia-container, which checks the image's
   *     requirements at start), or null
   * @param configToml whether {@code /etc/nvidia-container-runtime/config.toml} exists
   * @param cdiSpecs CDI spec files in {@code /etc/cdi} and {@code /var/run/cdi} that name {@code
   *     nvidia.com/gpu} devices
   */
  public record Runtime(
      @Nullable String hook,
      @Nullable String runtime,
      @Nullable String ctk,
      @Nullable String cli,
      boolean configToml,
      List<String> cdiSpecs)
      implements JsonValue {
    /** Nothing installed. */
    public static final Runtime NONE = new Runtime(null, null, null, null, false, List.of());

    public Runtime {
      cdiSpecs = cdiSpecs == null ? List.of() : List.copyOf(cdiSpecs);
    }

    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("hook", hook);
      m.put("runtime", runtime);
      m.put("ctk", ctk);
      m.put("cli", cli);
      m.put("configToml", configToml);
      m.put("cdiSpecs", cdiSpecs);
      return m;
    }

    static Runtime fromJson(JsonReader r) {
      Boolean c = r.bool("configToml");
      return new Runtime(
          r.string("hook"),
          r.string("runtime"),
          r.string("ctk"),
          r.string("cli"),
          c != null && c,
          r.strings("cdiSpecs"));
    }
  }
}
