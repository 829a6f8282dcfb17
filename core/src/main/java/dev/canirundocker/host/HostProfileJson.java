package dev.canirundocker.host;

import dev.canirundocker.json.JsonException;
import dev.canirundocker.json.JsonReader;
import dev.canirundocker.platform.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON codec of {@link HostProfile} (the {@code host --json} contract, host.schema.json): apart
 * from the record so the value type reads as its components and copies, and the document format as
 * one writer beside one reader.
 */
final class HostProfileJson {
  private HostProfileJson() {}

  /**
   * {@code t} exactly as {@link java.time.Instant#toString} writes it (ISO-8601 in UTC, a fraction
   * only when there is one, in groups of three digits), without java.time.format: Instant.toString
   * formats through DateTimeFormatter, whose class initialization builds a dozen formatters, 2-5 ms
   * of a short run. Years outside 0000-9999, which Instant.toString signs, are left to it.
   */
  static String instant(java.time.Instant t) {
    java.time.LocalDateTime d =
        java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, java.time.ZoneOffset.UTC);
    if (d.getYear() < 0 || d.getYear() > 9999) {
      return t.toString();
    }
    StringBuilder b = new StringBuilder(30);
    digits(b, d.getYear(), 4).append('-');
    digits(b, d.getMonthValue(), 2).append('-');
    digits(b, d.getDayOfMonth(), 2).append('T');
    digits(b, d.getHour(), 2).append(':');
    digits(b, d.getMinute(), 2).append(':');
    digits(b, d.getSecond(), 2);
    int nano = t.getNano();
    if (nano != 0) {
      b.append('.');
      if (nano % 1_000_000 == 0) {
        digits(b, nano / 1_000_000, 3);
      } else if (nano % 1000 == 0) {
        digits(b, nano / 1000, 6);
      } else {
        digits(b, nano, 9);
      }
    }
    return b.append('Z').toString();
  }

  private static StringBuilder digits(StringBuilder b, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(s);
  }

  /**
   * The contract JSON of {@link HostProfile#toJson()}: keys in this order, absent ones left out.
   */
  static Map<String, Object> write(HostProfile p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schemaVersion", p.schemaVersion());
    if (p.hostname() != null) {
      m.put("hostname", p.hostname());
    }
    if (p.collectedAt() != null) {
      m.put("collectedAt", instant(p.collectedAt()));
    }
    m.put("platform", p.platform().formatWithDefaultVariant());
    if (!p.platform().osVersion().isEmpty()) {
      m.put("osVersion", p.platform().osVersion());
    }
    m.put("os", p.os().toJson());
    m.put("kernel", p.kernel() == null ? null : p.kernel().toJson());
    m.put("cpu", p.cpu() == null ? null : p.cpu().toJson());
    Map<String, Object> mem = new LinkedHashMap<>();
    mem.put("totalBytes", p.memoryTotalBytes());
    m.put("memory", mem);
    m.put("virtualization", p.virtualization() == null ? null : p.virtualization().toJson());
    m.put("vmSupport", p.vmSupport().toJson());
    m.put("linux", p.linux() == null ? null : p.linux().toJson());
    m.put("gpu", p.gpu() == null ? null : p.gpu().toJson());
    List<Object> probes = new ArrayList<>();
    for (ExecProbeResult r : p.execProbes()) {
      probes.add(r.toJson());
    }
    m.put("execProbes", probes);
    List<Object> u = new ArrayList<>();
    for (Unknown x : p.unknowns()) {
      u.add(x.toJson());
    }
    m.put("unknowns", u);
    if (!p.notProbed().isEmpty()) {
      List<Object> np = new ArrayList<>();
      for (HostFact f : p.notProbed()) {
        np.add(f.id());
      }
      m.put("notProbed", np);
    }
    return m;
  }

  /**
   * Reads the JSON that {@link #write} wrote; a bad field throws {@link JsonException} naming it.
   */
  static HostProfile read(JsonReader r) {
    Integer version = r.intValue("schemaVersion");
    if (version == null) {
      throw new JsonException("schemaVersion: missing");
    }
    if (version != HostProfile.SCHEMA_VERSION) {
      throw new JsonException(
          "schemaVersion: unsupported version "
              + version
              + " (this version reads "
              + HostProfile.SCHEMA_VERSION
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
