package dev.canirundocker.daemon;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.text.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the daemon says about itself ({@code GET /version} and {@code GET /info}): {@link Reachable}
 * with its facts, or {@link Unreachable} with why it could not be asked. The JSON form is the
 * daemon object of the contract: {@code reachable}, {@code endpoint}, {@code version}, {@code os}
 * and {@code arch} always, the rest where known.
 */
public sealed interface DaemonStatus extends JsonValue
    permits DaemonStatus.Reachable, DaemonStatus.Unreachable {

  /** Where it was asked, and why there. */
  DaemonEndpoint endpoint();

  /** The daemon object of the JSON contract. */
  @Override
  Map<String, Object> toJson();

  /** Whether the daemon answered: {@code this instanceof Reachable}. */
  default boolean reachable() {
    return this instanceof Reachable;
  }

  /** The error, when unreachable. */
  default Optional<DaemonError> errorIfAny() {
    return this instanceof Unreachable u ? Optional.of(u.error()) : Optional.empty();
  }

  /**
   * A daemon that answered.
   *
   * @param endpoint where it was asked, and why there
   * @param version engine version as the daemon spells it ({@code 20.10.24+dfsg1}), or null
   * @param apiVersion the API version the requests used: min(client maximum, the daemon's), as the
   *     docker CLI negotiates it ({@code 1.41}), or null when unknown
   * @param daemonApiVersion the highest API version the daemon speaks ({@code /version} {@code
   *     ApiVersion}), or null
   * @param minApiVersion the lowest API version it accepts ({@code 1.12}; Docker 29: {@code 1.44}),
   *     or null
   * @param os the daemon's OSType: {@code linux}, or {@code windows} for a Windows engine
   *     (including Docker Desktop switched to Windows containers)
   * @param arch the daemon's architecture, normalized ({@code amd64}, {@code arm64}), or null
   * @param kernelVersion the kernel the daemon runs on (in Docker Desktop: the VM's kernel), or
   *     null
   * @param operatingSystem the daemon host's OS name ({@code Debian GNU/Linux 12 (bookworm)},
   *     {@code Docker Desktop}), or null
   * @param cgroupDriver {@code cgroupfs}, {@code systemd} or {@code none}, or null
   * @param cgroupVersion {@code 1} or {@code 2}, or null
   * @param securityOptions entries such as {@code name=seccomp,profile=default}, {@code
   *     name=rootless}
   * @param ncpu CPUs the daemon sees, or null
   * @param memTotal memory the daemon sees, in bytes, or null
   * @param capabilities the kernel capability booleans
   * @param warnings the daemon's warnings, verbatim
   * @param imageStore {@code containerd} where images live in the containerd image store (an image
   *     is then an index), {@code classic} for the graph drivers, or null when not reported
   */
  record Reachable(
      DaemonEndpoint endpoint,
      @Nullable String version,
      @Nullable String apiVersion,
      @Nullable String daemonApiVersion,
      @Nullable String minApiVersion,
      @Nullable String os,
      @Nullable String arch,
      @Nullable String kernelVersion,
      @Nullable String operatingSystem,
      @Nullable String cgroupDriver,
      @Nullable String cgroupVersion,
      List<String> securityOptions,
      @Nullable Integer ncpu,
      @Nullable Long memTotal,
      DaemonCapabilities capabilities,
      List<String> warnings,
      @Nullable String imageStore)
      implements DaemonStatus {

    public Reachable {
      Objects.requireNonNull(endpoint, "endpoint");
      securityOptions = securityOptions == null ? List.of() : List.copyOf(securityOptions);
      warnings = warnings == null ? List.of() : List.copyOf(warnings);
      capabilities = capabilities == null ? DaemonCapabilities.unknown() : capabilities;
    }

    /**
     * Whether the daemon runs rootless (moby reports the security option {@code name=rootless}).
     */
    public boolean rootless() {
      return securityOptions.stream()
          .anyMatch(s -> s.equals("name=rootless") || s.startsWith("name=rootless,"));
    }

    /** Whether images live in the containerd image store. */
    public boolean containerdStore() {
      return "containerd".equals(imageStore);
    }

    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> m = head(true, endpoint, version, os, arch);
      put(m, "apiVersion", apiVersion);
      put(m, "daemonApiVersion", daemonApiVersion);
      put(m, "minApiVersion", minApiVersion);
      put(m, "kernelVersion", kernelVersion);
      put(m, "operatingSystem", operatingSystem);
      put(m, "cgroupDriver", cgroupDriver);
      put(m, "cgroupVersion", cgroupVersion);
      m.put("rootless", rootless());
      m.put("securityOptions", securityOptions);
      put(m, "ncpu", ncpu);
      put(m, "memTotal", memTotal);
      Map<String, Object> caps = capabilities.toJson();
      if (!caps.isEmpty()) {
        m.put("capabilities", caps);
      }
      m.put("warnings", warnings);
      put(m, "imageStore", imageStore);
      return m;
    }
  }

  /**
   * A daemon that could not be asked.
   *
   * @param endpoint where it was asked, and why there
   * @param error why not
   */
  record Unreachable(DaemonEndpoint endpoint, DaemonError error) implements DaemonStatus {
    public Unreachable {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(error, "error");
    }

    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> m = head(false, endpoint, null, null, null);
      m.put("error", error.toJson());
      return m;
    }
  }

  /**
   * Why the daemon could not be asked.
   *
   * @param kind {@code unreachable}, {@code permission-denied}, {@code timeout}, {@code
   *     bad-response}, {@code api-error} or {@code bad-endpoint}
   * @param message one line naming the endpoint and the problem
   * @param remediation what to do about it, or null
   */
  record DaemonError(String kind, String message, @Nullable String remediation)
      implements JsonValue {
    public DaemonError {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }

    /** The error of an exception. */
    public static DaemonError of(DaemonException e) {
      return new DaemonError(e.kind(), Text.message(e), e.remediation());
    }

    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", kind);
      m.put("message", message);
      if (remediation != null) {
        m.put("remediation", remediation);
      }
      return m;
    }
  }

  /** The status of a daemon that could not be asked. */
  static Unreachable unreachable(DaemonEndpoint endpoint, DaemonException cause) {
    return new Unreachable(endpoint, DaemonError.of(cause));
  }

  /**
   * The status from the daemon's answers, with the API version negotiated from them; pure, so tests
   * feed recorded documents.
   *
   * @param endpoint where they came from
   * @param version the {@code GET /version} document
   * @param info the {@code GET /info} document
   * @throws dev.canirundocker.json.JsonException when a field has the wrong type
   */
  static Reachable of(
      DaemonEndpoint endpoint, Map<String, Object> version, Map<String, Object> info) {
    return of(endpoint, version, info, null);
  }

  /**
   * The status from the daemon's answers.
   *
   * @param negotiated the API version the client used, or null to derive it from {@code ApiVersion}
   *     as the docker CLI does
   */
  static Reachable of(
      DaemonEndpoint endpoint,
      Map<String, Object> version,
      Map<String, Object> info,
      @Nullable ApiVersion negotiated) {
    JsonReader v = JsonReader.of(version, "version");
    JsonReader i = JsonReader.of(info, "info");
    String os = first(i.string("OSType"), v.string("Os"));
    // /version Arch is Go's GOARCH (already a platform name); /info Architecture is uname -m
    String arch = first(v.string("Arch"), i.string("Architecture"));
    if (arch != null && !arch.isEmpty()) {
      arch = Platform.of(os == null ? "linux" : os, arch, "").architecture();
    }
    Long ncpu = i.longValue("NCPU");
    String daemonApi = v.string("ApiVersion");
    String api = negotiated != null ? negotiated.toString() : negotiate(daemonApi);
    return new Reachable(
        endpoint,
        first(v.string("Version"), i.string("ServerVersion")),
        api,
        daemonApi,
        v.string("MinAPIVersion"),
        os,
        arch,
        first(i.string("KernelVersion"), v.string("KernelVersion")),
        i.string("OperatingSystem"),
        i.string("CgroupDriver"),
        i.string("CgroupVersion"),
        i.strings("SecurityOptions"),
        ncpu == null ? null : (int) Math.min(Integer.MAX_VALUE, ncpu),
        i.longValue("MemTotal"),
        DaemonCapabilities.parse(i),
        i.strings("Warnings"),
        imageStore(i));
  }

  private static @Nullable String negotiate(@Nullable String daemonApi) {
    try {
      return daemonApi == null
          ? null
          : ApiVersion.min(ApiVersion.CLIENT_MAX, ApiVersion.parse(daemonApi)).toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The image store from {@code /info}: the containerd store reports {@code DriverStatus
   * [["driver-type", "io.containerd.snapshotter.v1"]]} (moby daemon/containerd/service.go; the
   * docker CLI prints "containerd image store" from the same pair, cli/command/system/info.go); any
   * other storage driver is the classic store. Null when the daemon names no driver (podman, a
   * proxy).
   */
  static @Nullable String imageStore(JsonReader info) {
    Object ds = info.raw().get("DriverStatus");
    if (ds instanceof List<?> l) {
      for (Object pair : l) {
        if (pair instanceof List<?> p
            && p.size() == 2
            && "driver-type".equals(p.get(0))
            && String.valueOf(p.get(1)).startsWith("io.containerd.snapshotter.")) {
          return "containerd";
        }
      }
    }
    String driver = info.string("Driver");
    return driver == null || driver.isEmpty() ? null : "classic";
  }

  private static Map<String, Object> head(
      boolean reachable,
      DaemonEndpoint endpoint,
      @Nullable String version,
      @Nullable String os,
      @Nullable String arch) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reachable", reachable);
    m.put("endpoint", endpoint.uri());
    // contract keys are always present, null when unknown
    m.put("version", version);
    m.put("os", os);
    m.put("arch", arch);
    m.put("endpointSource", endpoint.chosenBy());
    m.put("transport", endpoint.transport());
    if (endpoint.tls().enabled()) {
      m.put("tls", endpoint.tls().toJson());
    }
    return m;
  }

  private static @Nullable String first(@Nullable String a, @Nullable String b) {
    return a != null && !a.isEmpty() ? a : b;
  }

  private static void put(Map<String, Object> m, String k, @Nullable Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
