package dev.canirundocker.host;

import dev.canirundocker.json.Json;
import dev.canirundocker.json.JsonException;
import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import dev.canirundocker.platform.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything the checks know about a host, immutable. Filled by {@link HostProbe} from the live
 * machine, or read back from the JSON that {@code can-i-run-docker host --json} wrote ({@link
 * #parse(String)}), so a saved profile is judged exactly as the live host was.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION}
 * @param platform the host's OCI platform ({@code linux/amd64}, {@code darwin/arm64}; Windows with
 *     its version)
 * @param os the operating system
 * @param kernel the kernel (Linux, WSL; the NT version on Windows, Darwin on macOS)
 * @param cpu the processor
 * @param memoryTotalBytes physical memory, 0 when unknown
 * @param virtualization guest/hypervisor facts
 * @param vmSupport macOS / Windows VM route facts
 * @param linux the Linux readers' facts, null on other systems
 * @param execProbes what this kernel really executed, one result per probed architecture
 * @param unknowns facts that could not be established, with the reason
 * @param hostname the host's name as its kernel reports it, or null where unknown (then the {@code
 *     hostname} key is left out)
 * @param collectedAt when the live probe ran (second precision, UTC), or null for a profile that
 *     does not say (then {@code collectedAt} is left out); written as RFC 3339 in UTC
 * @param gpu the NVIDIA GPU facts, or null where no NVIDIA driver is present (or not Linux)
 * @param notProbed the facts the probe was not asked for ({@link ProbeOptions#facts()}): each is
 *     null here (memory 0) because the command that probed does not read it, not because it is
 *     unknown or false; written as {@code notProbed} (their {@link HostFact#id()} names), left out
 *     where every fact was probed
 */
public record HostProfile(
    int schemaVersion,
    Platform platform,
    OsInfo os,
    @Nullable KernelInfo kernel,
    @Nullable CpuInfo cpu,
    long memoryTotalBytes,
    @Nullable Virtualization virtualization,
    VmSupport vmSupport,
    @Nullable LinuxInfo linux,
    List<ExecProbeResult> execProbes,
    List<Unknown> unknowns,
    @Nullable String hostname,
    java.time.@Nullable Instant collectedAt,
    @Nullable GpuInfo gpu,
    java.util.Set<HostFact> notProbed)
    implements JsonValue {

  /** The schema version this code writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  /** A profile of every fact. */
  public HostProfile(
      int schemaVersion,
      Platform platform,
      OsInfo os,
      @Nullable KernelInfo kernel,
      @Nullable CpuInfo cpu,
      long memoryTotalBytes,
      @Nullable Virtualization virtualization,
      @Nullable VmSupport vmSupport,
      @Nullable LinuxInfo linux,
      List<ExecProbeResult> execProbes,
      List<Unknown> unknowns,
      @Nullable String hostname,
      java.time.@Nullable Instant collectedAt,
      @Nullable GpuInfo gpu) {
    this(
        schemaVersion,
        platform,
        os,
        kernel,
        cpu,
        memoryTotalBytes,
        virtualization,
        vmSupport,
        linux,
        execProbes,
        unknowns,
        hostname,
        collectedAt,
        gpu,
        null);
  }

  /** A profile without GPU facts. */
  public HostProfile(
      int schemaVersion,
      Platform platform,
      OsInfo os,
      KernelInfo kernel,
      CpuInfo cpu,
      long memoryTotalBytes,
      Virtualization virtualization,
      VmSupport vmSupport,
      LinuxInfo linux,
      List<ExecProbeResult> execProbes,
      List<Unknown> unknowns,
      String hostname,
      java.time.Instant collectedAt) {
    this(
        schemaVersion,
        platform,
        os,
        kernel,
        cpu,
        memoryTotalBytes,
        virtualization,
        vmSupport,
        linux,
        execProbes,
        unknowns,
        hostname,
        collectedAt,
        null);
  }

  public HostProfile(
      int schemaVersion,
      Platform platform,
      OsInfo os,
      @Nullable KernelInfo kernel,
      @Nullable CpuInfo cpu,
      long memoryTotalBytes,
      @Nullable Virtualization virtualization,
      @Nullable VmSupport vmSupport,
      @Nullable LinuxInfo linux,
      @Nullable List<ExecProbeResult> execProbes,
      @Nullable List<Unknown> unknowns,
      @Nullable String hostname,
      java.time.@Nullable Instant collectedAt,
      @Nullable GpuInfo gpu,
      java.util.@Nullable Set<HostFact> notProbed) {
    // canonical, not compact: a null argument gets the default below, no component is null
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(os, "os");
    this.execProbes = execProbes == null ? List.of() : List.copyOf(execProbes);
    this.unknowns = unknowns == null ? List.of() : List.copyOf(unknowns);
    this.vmSupport = vmSupport == null ? VmSupport.UNKNOWN : vmSupport;
    this.notProbed =
        notProbed == null || notProbed.isEmpty()
            ? java.util.Set.of()
            : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(notProbed));
    this.schemaVersion = schemaVersion;
    this.platform = platform;
    this.os = os;
    this.kernel = kernel;
    this.cpu = cpu;
    this.memoryTotalBytes = memoryTotalBytes;
    this.virtualization = virtualization;
    this.linux = linux;
    this.hostname = hostname;
    this.collectedAt = collectedAt;
    this.gpu = gpu;
  }

  /** Whether the probe read {@code f} (a saved profile: whether the probe that wrote it did). */
  public boolean probed(HostFact f) {
    return !notProbed.contains(f);
  }

  /** A copy that says these facts were not probed. */
  public HostProfile withNotProbed(java.util.Set<HostFact> facts) {
    return new HostProfile(
        schemaVersion,
        platform,
        os,
        kernel,
        cpu,
        memoryTotalBytes,
        virtualization,
        vmSupport,
        linux,
        execProbes,
        unknowns,
        hostname,
        collectedAt,
        gpu,
        facts);
  }

  /** A profile that does not say whose host it is nor when it was collected. */
  public HostProfile(
      int schemaVersion,
      Platform platform,
      OsInfo os,
      @Nullable KernelInfo kernel,
      @Nullable CpuInfo cpu,
      long memoryTotalBytes,
      @Nullable Virtualization virtualization,
      @Nullable VmSupport vmSupport,
      @Nullable LinuxInfo linux,
      List<ExecProbeResult> execProbes,
      List<Unknown> unknowns) {
    this(
        schemaVersion,
        platform,
        os,
        kernel,
        cpu,
        memoryTotalBytes,
        virtualization,
        vmSupport,
        linux,
        execProbes,
        unknowns,
        null,
        null,
        null);
  }

  /** A copy that says whose host it is and when it was collected. */
  public HostProfile withOrigin(@Nullable String name, java.time.Instant at) {
    return new HostProfile(
        schemaVersion,
        platform,
        os,
        kernel,
        cpu,
        memoryTotalBytes,
        virtualization,
        vmSupport,
        linux,
        execProbes,
        unknowns,
        name,
        at,
        gpu,
        notProbed);
  }

  /** The exec probe result for a platform, if that platform was probed. */
  public Optional<ExecProbeResult> execProbe(Platform p) {
    for (ExecProbeResult r : execProbes) {
      if (r.platform().base().equals(p.base())) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The unknown entry for a fact, if the probe could not establish it. */
  public Optional<Unknown> unknown(String fact) {
    return unknowns.stream().filter(u -> u.fact().equals(fact)).findFirst();
  }

  /** A copy with other exec probe results. */
  public HostProfile withExecProbes(List<ExecProbeResult> probes) {
    return new HostProfile(
        schemaVersion,
        platform,
        os,
        kernel,
        cpu,
        memoryTotalBytes,
        virtualization,
        vmSupport,
        linux,
        probes,
        unknowns,
        hostname,
        collectedAt,
        gpu,
        notProbed);
  }

  /** A copy with other GPU facts. */
  public HostProfile withGpu(@Nullable GpuInfo g) {
    return new HostProfile(
        schemaVersion,
        platform,
        os,
        kernel,
        cpu,
        memoryTotalBytes,
        virtualization,
        vmSupport,
        linux,
        execProbes,
        unknowns,
        hostname,
        collectedAt,
        g,
        notProbed);
  }

  /** A copy with more unknowns. */
  public HostProfile withUnknowns(List<Unknown> more) {
    List<Unknown> all = new ArrayList<>(unknowns);
    all.addAll(more);
    return new HostProfile(
        schemaVersion,
        platform,
        os,
        kernel,
        cpu,
        memoryTotalBytes,
        virtualization,
        vmSupport,
        linux,
        execProbes,
        all,
        hostname,
        collectedAt,
        gpu,
        notProbed);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schemaVersion", schemaVersion);
    if (hostname != null) {
      m.put("hostname", hostname);
    }
    if (collectedAt != null) {
      m.put("collectedAt", collectedAt.toString());
    }
    m.put("platform", platform.formatWithDefaultVariant());
    if (!platform.osVersion().isEmpty()) {
      m.put("osVersion", platform.osVersion());
    }
    m.put("os", os.toJson());
    m.put("kernel", kernel == null ? null : kernel.toJson());
    m.put("cpu", cpu == null ? null : cpu.toJson());
    Map<String, Object> mem = new LinkedHashMap<>();
    mem.put("totalBytes", memoryTotalBytes);
    m.put("memory", mem);
    m.put("virtualization", virtualization == null ? null : virtualization.toJson());
    m.put("vmSupport", vmSupport.toJson());
    m.put("linux", linux == null ? null : linux.toJson());
    m.put("gpu", gpu == null ? null : gpu.toJson());
    List<Object> probes = new ArrayList<>();
    for (ExecProbeResult r : execProbes) {
      probes.add(r.toJson());
    }
    m.put("execProbes", probes);
    List<Object> u = new ArrayList<>();
    for (Unknown x : unknowns) {
      u.add(x.toJson());
    }
    m.put("unknowns", u);
    if (!notProbed.isEmpty()) {
      List<Object> np = new ArrayList<>();
      for (HostFact f : notProbed) {
        np.add(f.id());
      }
      m.put("notProbed", np);
    }
    return m;
  }

  /** The contract JSON, indented, with a trailing newline. */
  public String toJsonString() {
    return Json.pretty(toJson());
  }

  /**
   * Reads a profile written by {@code host --json}.
   *
   * @throws InvalidHostProfileException naming the field and the problem
   */
  public static HostProfile parse(String json) {
    try {
      return fromJson(JsonReader.parse(json, ""));
    } catch (IllegalArgumentException e) {
      throw new InvalidHostProfileException(e.getMessage(), e);
    }
  }

  static HostProfile fromJson(JsonReader r) {
    Integer version = r.intValue("schemaVersion");
    if (version == null) {
      throw new JsonException("schemaVersion: missing");
    }
    if (version != SCHEMA_VERSION) {
      throw new JsonException(
          "schemaVersion: unsupported version "
              + version
              + " (this version reads "
              + SCHEMA_VERSION
              + ")");
    }
    Platform p = Platform.parse(r.requiredString("platform"));
    String osVersion = r.string("osVersion");
    if (osVersion != null) {
      p = p.withOsVersion(osVersion);
    }
    JsonReader k = r.object("kernel");
    JsonReader c = r.object("cpu");
    JsonReader mem = r.object("memory");
    Long total = mem == null ? null : mem.nonNegativeLong("totalBytes");
    JsonReader v = r.object("virtualization");
    JsonReader vm = r.object("vmSupport");
    JsonReader l = r.object("linux");
    List<ExecProbeResult> probes = new ArrayList<>();
    for (JsonReader e : r.objects("execProbes")) {
      probes.add(ExecProbeResult.fromJson(e));
    }
    List<Unknown> unknowns = new ArrayList<>();
    for (JsonReader e : r.objects("unknowns")) {
      unknowns.add(Unknown.fromJson(e));
    }
    String at = r.string("collectedAt");
    java.time.Instant collected = null;
    if (at != null) {
      try {
        // RFC 3339 (an offset is accepted; this version writes UTC)
        collected = java.time.OffsetDateTime.parse(at).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        throw new JsonException(
            "collectedAt: expected an RFC 3339 time such as "
                + "2026-12-01T09:30:00Z but found '"
                + at
                + "'");
      }
    }
    return new HostProfile(
        version,
        p,
        OsInfo.fromJson(r.requiredObject("os")),
        k == null ? null : KernelInfo.fromJson(k),
        c == null ? null : CpuInfo.fromJson(c),
        total == null ? 0 : total,
        v == null ? null : Virtualization.fromJson(v),
        vm == null ? null : VmSupport.fromJson(vm),
        l == null ? null : LinuxInfo.fromJson(l),
        probes,
        unknowns,
        r.string("hostname"),
        collected,
        r.object("gpu") == null ? null : GpuInfo.fromJson(r.object("gpu")),
        notProbed(r));
  }

  private static java.util.@Nullable Set<HostFact> notProbed(JsonReader r) {
    if (!r.has("notProbed")) {
      return null;
    }
    try {
      return HostFact.parse(r.strings("notProbed"));
    } catch (IllegalArgumentException e) {
      throw new JsonException("notProbed: " + e.getMessage());
    }
  }
}
