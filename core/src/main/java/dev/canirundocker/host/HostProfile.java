package dev.canirundocker.host;

import dev.canirundocker.json.Json;
import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import dev.canirundocker.platform.Platform;
import java.util.ArrayList;
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
    return HostProfileJson.write(this);
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
    return HostProfileJson.read(r);
  }
}
