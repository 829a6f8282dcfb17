package dev.canirundocker.daemon;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import dev.canirundocker.platform.Platform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the daemon says about itself ({@code GET /version} and {@code GET /info}), or why it could
 * not be asked.
 *
 * @param reachable whether the daemon answered
 * @param endpoint where it was asked, and why there
 * @param version engine version as the daemon spells it ({@code 20.10.24+dfsg1}), or null
 * @param apiVersion the highest API version it speaks ({@code 1.41}), or null
 * @param minApiVersion the lowest API version it accepts ({@code 1.12}), or null
 * @param os the daemon's OSType: {@code linux}, or {@code windows} for a Windows engine (including
 *     Docker Desktop switched to Windows containers); reference section 6
 * @param arch the daemon's architecture, normalized ({@code amd64}, {@code arm64}), or null
 * @param kernelVersion the kernel the daemon runs on (in Docker Desktop: the VM's kernel), or null
 * @param operatingSystem the daemon host's OS name ({@code Debian GNU/Linux 12 (bookworm)},
 *     {@code Docker Desktop}), or null
 * @param cgroupDriver {@code cgroupfs}, {@code systemd} or {@code none}, or null
 * @param cgroupVersion {@code 1} or {@code 2}, or null
 * @param securityOptions entries such as {@code name=seccomp,profile=default}, {@code name=rootless}
 * @param ncpu CPUs the daemon sees, or null
 * @param memTotal memory the daemon sees, in bytes, or null
 * @param capabilities the kernel capability booleans
 * @param warnings the daemon's warnings, verbatim
 * @param error why the daemon could not be asked; null when reachable
 */
public record DaemonStatus(boolean reachable, DaemonEndpoint endpoint, String version,
    String apiVersion, String minApiVersion, String os, String arch, String kernelVersion,
    String operatingSystem, String cgroupDriver, String cgroupVersion,
    List<String> securityOptions, Integer ncpu, Long memTotal, DaemonCapabilities capabilities,
    List<String> warnings, DaemonError error) implements JsonValue {

  public DaemonStatus {
    Objects.requireNonNull(endpoint, "endpoint");
    securityOptions = securityOptions == null ? List.of() : List.copyOf(securityOptions);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    capabilities = capabilities == null ? DaemonCapabilities.unknown() : capabilities;
    if (reachable == (error != null)) {
      throw new IllegalArgumentException("a status has an error exactly when it is unreachable");
    }
  }

  /**
   * Why the daemon could not be asked.
   *
   * @param kind {@code unreachable}, {@code permission-denied}, {@code timeout},
   *     {@code bad-response}, {@code api-error} or {@code bad-endpoint}
   * @param message one line naming the endpoint and the problem
   * @param remediation what to do about it, or null
   */
  public record DaemonError(String kind, String message, String remediation) implements JsonValue {
    public DaemonError {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }

    /** The error of an exception. */
    public static DaemonError of(DaemonException e) {
      return new DaemonError(e.kind(), e.getMessage(), e.remediation());
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
  public static DaemonStatus unreachable(DaemonEndpoint endpoint, DaemonException cause) {
    return new DaemonStatus(false, endpoint, null, null, null, null, null, null, null, null, null,
        List.of(), null, null, DaemonCapabilities.unknown(), List.of(), DaemonError.of(cause));
  }

  /**
   * The status from the daemon's answers; pure, so tests feed recorded documents.
   *
   * @param endpoint where they came from
   * @param version the {@code GET /version} document
   * @param info the {@code GET /info} document
   * @throws dev.canirundocker.json.JsonException when a field has the wrong type
   */
  public static DaemonStatus of(DaemonEndpoint endpoint, Map<String, Object> version,
      Map<String, Object> info) {
    JsonReader v = JsonReader.of(version, "version");
    JsonReader i = JsonReader.of(info, "info");
    String os = first(i.string("OSType"), v.string("Os"));
    // /version Arch is Go's GOARCH (already a platform name); /info Architecture is uname -m
    String arch = first(v.string("Arch"), i.string("Architecture"));
    if (arch != null && !arch.isEmpty()) {
      arch = Platform.of(os == null ? "linux" : os, arch, "").architecture();
    }
    Long ncpu = i.longValue("NCPU");
    return new DaemonStatus(true, endpoint, first(v.string("Version"), i.string("ServerVersion")),
        v.string("ApiVersion"), v.string("MinAPIVersion"), os, arch,
        first(i.string("KernelVersion"), v.string("KernelVersion")), i.string("OperatingSystem"),
        i.string("CgroupDriver"), i.string("CgroupVersion"), i.strings("SecurityOptions"),
        ncpu == null ? null : (int) Math.min(Integer.MAX_VALUE, ncpu), i.longValue("MemTotal"),
        DaemonCapabilities.parse(i), i.strings("Warnings"), null);
  }

  private static String first(String a, String b) {
    return a != null && !a.isEmpty() ? a : b;
  }

  /** The error, when unreachable. */
  public Optional<DaemonError> errorIfAny() {
    return Optional.ofNullable(error);
  }

  /** Whether the daemon runs rootless (moby reports the security option {@code name=rootless}). */
  public boolean rootless() {
    return securityOptions.stream().anyMatch(s -> s.equals("name=rootless")
        || s.startsWith("name=rootless,"));
  }

  /**
   * The JSON form. The keys {@code reachable}, {@code endpoint}, {@code version}, {@code os} and
   * {@code arch} are the contract of design.md ("daemon" object); the rest may grow. Unknown
   * values of the other keys are left out rather than written as null.
   */
  @Override
  public Map<String, Object> toJson() {
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
    put(m, "apiVersion", apiVersion);
    put(m, "minApiVersion", minApiVersion);
    put(m, "kernelVersion", kernelVersion);
    put(m, "operatingSystem", operatingSystem);
    put(m, "cgroupDriver", cgroupDriver);
    put(m, "cgroupVersion", cgroupVersion);
    if (reachable) {
      m.put("rootless", rootless());
      m.put("securityOptions", securityOptions);
    }
    put(m, "ncpu", ncpu);
    put(m, "memTotal", memTotal);
    Map<String, Object> caps = capabilities.toJson();
    if (!caps.isEmpty()) {
      m.put("capabilities", caps);
    }
    if (reachable) {
      m.put("warnings", warnings);
    }
    if (error != null) {
      m.put("error", error.toJson());
    }
    return m;
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
