package dev.canirundocker.daemon;

import dev.canirundocker.json.Json;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.TestImages;
import dev.canirundocker.testing.TestTar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A newer Docker engine, replayed: its answers are shaped as the Engine API reference documents
 * them for the API version it claims (docs.docker.com/reference/api/engine/version/v1.44 to v1.52,
 * and moby api/types: system.Info, types.Version, image.InspectResponse, image.ManifestSummary),
 * since only Docker 20.10 runs here (Debian bookworm's docker.io; no newer engine is packaged for
 * Debian 12 or published as a Maven artifact). Routes: {@code /_ping}, {@code /version}, {@code
 * /info}, {@code /images/{name}/json} with {@code manifests} (1.48+) and {@code platform} (1.49+,
 * exclusive with manifests), {@code /images/get} with {@code platform} (1.48+); a versioned path
 * outside [MinAPIVersion, ApiVersion] gets the version middleware's 400 (moby
 * api/server/middleware/version.go), which is how Docker 29 refuses API versions below 1.44.
 */
final class ReplayedEngine {
  /** One platform of the local index. */
  record Entry(TestImages.Image image, boolean available) {}

  final String version;
  final ApiVersion max;
  final ApiVersion min;
  final boolean containerdStore;
  final String reference;
  final List<Entry> entries = new ArrayList<>();
  final List<String> requests = new ArrayList<>();

  ReplayedEngine(
      String version, ApiVersion max, ApiVersion min, boolean containerdStore, String reference) {
    this.version = version;
    this.max = max;
    this.min = min;
    this.containerdStore = containerdStore;
    this.reference = reference;
  }

  ReplayedEngine with(Platform p, boolean available) {
    entries.add(
        new Entry(
            TestImages.image(p)
                .layer(TestImages.layer().file("probe", TestImages.elfFor(p), 0755))
                .entrypoint("/probe")
                .tag(reference),
            available));
    return this;
  }

  /** Docker 29.0: API 1.52, minimum 1.44, the containerd store by default. */
  static ReplayedEngine docker29(String reference) {
    return new ReplayedEngine(
        "29.0.0", new ApiVersion(1, 52), new ApiVersion(1, 44), true, reference);
  }

  /** The engine for an API version of 1.44 to 1.51 (Docker 25.0 to 28.3), minimum 1.24. */
  static ReplayedEngine api(int minor, boolean containerdStore, String reference) {
    String[] docker = {
      "25.0.0", "26.0.0", "26.1.0", "27.0.0", "27.3.0", "27.5.0", "28.0.0", "28.1.0", "28.2.0",
      "28.3.0"
    };
    return new ReplayedEngine(
        docker[minor - 44 < docker.length ? minor - 44 : docker.length - 1],
        new ApiVersion(1, minor),
        new ApiVersion(1, 24),
        containerdStore,
        reference);
  }

  FakeDaemon start(Path socket) throws IOException {
    return new FakeDaemon(
        socket,
        (ch, head) -> {
          String h = head;
          while (h != null && h.endsWith("\r\n\r\n")) {
            String target = h.substring(4, h.indexOf(' ', 4));
            synchronized (requests) {
              requests.add(target);
            }
            write(ch, answer(target));
            h = KeepAliveTest.next(ch);
          }
        },
        false);
  }

  private static void write(SocketChannel ch, byte[] b) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(b);
    while (bb.hasRemaining()) {
      ch.write(bb);
    }
  }

  /** A whole response for a request target. */
  byte[] answer(String target) {
    String path = target;
    String query = "";
    int q = target.indexOf('?');
    if (q >= 0) {
      path = target.substring(0, q);
      query = target.substring(q + 1);
    }
    if (path.matches("/v[0-9]+\\.[0-9]+/.*")) {
      String v = path.substring(2, path.indexOf('/', 1));
      ApiVersion asked = ApiVersion.parse(v);
      if (!asked.atLeast(min)) {
        return error(
            400,
            "client version "
                + v
                + " is too old. Minimum supported API version is "
                + min
                + ", please upgrade your client to a newer version");
      }
      if (asked.compareTo(max) > 0) {
        return error(
            400, "client version " + v + " is too new. Maximum supported API version is " + max);
      }
      path = path.substring(path.indexOf('/', 1));
    }
    Map<String, List<String>> params = params(query);
    switch (path) {
      case "/_ping":
        return response(
            200,
            "text/plain; charset=utf-8",
            "Api-Version: "
                + max
                + "\r\nBuilder-Version: 2\r\nDocker-Experimental: false\r\nOstype: linux\r\n"
                + "Server: Docker/"
                + version
                + " (linux)\r\nCache-Control: no-cache, no-store,"
                + " must-revalidate\r\nPragma: no-cache\r\n",
            "OK".getBytes(StandardCharsets.UTF_8));
      case "/version":
        return json(versionDoc());
      case "/info":
        return json(infoDoc());
      case "/images/get":
        return export(params);
      case "/images/json":
        return json(entries.isEmpty() ? List.of() : List.of(summary()));
      default:
        break;
    }
    String prefix = "/images/" + reference + "/json";
    if (path.equals(prefix)) {
      return inspect(params);
    }
    if (path.startsWith("/images/") && path.endsWith("/json")) {
      return error(404, "No such image: " + path.substring(8, path.length() - 5));
    }
    return error(404, "page not found");
  }

  Map<String, Object> versionDoc() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("Platform", Map.of("Name", "Docker Engine - Community"));
    v.put("Version", version);
    v.put("ApiVersion", max.toString());
    v.put("MinAPIVersion", min.toString());
    v.put("GitCommit", "0000000");
    v.put("GoVersion", "go1.24.9");
    v.put("Os", "linux");
    v.put("Arch", "amd64");
    v.put("KernelVersion", "6.8.0-49-generic");
    return v;
  }

  Map<String, Object> infoDoc() {
    Map<String, Object> i = new LinkedHashMap<>();
    i.put("ID", "4b1b0a36-0f6e-4b9b-9b57-3f0c3c1b6f00");
    i.put("Containers", 0L);
    i.put("Images", (long) entries.size());
    // moby daemon/containerd/service.go and daemon/graphdriver/overlay2 report these
    i.put("Driver", containerdStore ? "overlayfs" : "overlay2");
    i.put(
        "DriverStatus",
        containerdStore
            ? List.of(List.of("driver-type", "io.containerd.snapshotter.v1"))
            : List.of(
                List.of("Backing Filesystem", "extfs"),
                List.of("Supports d_type", "true"),
                List.of("Using metacopy", "false"),
                List.of("Native Overlay Diff", "true"),
                List.of("userxattr", "false")));
    i.put("MemoryLimit", true);
    i.put("SwapLimit", true);
    i.put("CpuCfsPeriod", true);
    i.put("CpuCfsQuota", true);
    i.put("CPUShares", true);
    i.put("CPUSet", true);
    i.put("PidsLimit", true);
    i.put("IPv4Forwarding", true);
    i.put("CgroupDriver", "systemd");
    i.put("CgroupVersion", "2");
    i.put("KernelVersion", "6.8.0-49-generic");
    i.put("OperatingSystem", "Ubuntu 24.04.1 LTS");
    i.put("OSType", "linux");
    i.put("Architecture", "x86_64");
    i.put("NCPU", 4L);
    i.put("MemTotal", 8_214_519_808L);
    i.put("ServerVersion", version);
    i.put(
        "SecurityOptions",
        List.of("name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns"));
    i.put("Warnings", List.of());
    return i;
  }

  private String indexDigest() {
    StringBuilder b = new StringBuilder();
    for (Entry e : entries) {
      b.append(e.image().manifest().digest());
    }
    return TestTar.Content.of(b.toString().getBytes(StandardCharsets.UTF_8)).digest();
  }

  /** The daemon's default: the host's platform (amd64) when present, else the first present. */
  private Entry defaultEntry() {
    for (Entry e : entries) {
      if (e.available() && e.image().platform().architecture().equals("amd64")) {
        return e;
      }
    }
    for (Entry e : entries) {
      if (e.available()) {
        return e;
      }
    }
    return entries.get(0);
  }

  /** One {@code GET /images/json} entry (moby api/types/image Summary). */
  private Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", containerdStore ? indexDigest() : defaultEntry().image().config().digest());
    m.put("ParentId", "");
    m.put("RepoTags", List.of(reference));
    m.put("RepoDigests", List.of());
    m.put("Created", 1_732_096_800L);
    m.put("Size", 4096L);
    m.put("SharedSize", -1L);
    m.put("Labels", Map.of());
    m.put("Containers", -1L);
    return m;
  }

  private byte[] inspect(Map<String, List<String>> params) {
    boolean manifests = params.containsKey("manifests") && max.atLeast(ApiVersion.MANIFESTS);
    String platform =
        params.containsKey("platform") && max.atLeast(ApiVersion.INSPECT_PLATFORM)
            ? params.get("platform").get(0)
            : null;
    if (manifests && platform != null) {
      return error(400, "conflicting options: manifests and platform options cannot both be set");
    }
    Entry e = defaultEntry();
    if (platform != null) {
      e = find(platform);
      if (e == null) {
        return error(
            404,
            "image with reference "
                + reference
                + " was found but does not provide"
                + " the specified platform ("
                + platform
                + ")");
      }
    }
    Platform p = e.image().platform();
    Map<String, Object> doc = new LinkedHashMap<>();
    String id = containerdStore ? indexDigest() : e.image().config().digest();
    doc.put("Id", id);
    doc.put("RepoTags", List.of(reference));
    doc.put(
        "RepoDigests",
        containerdStore ? List.of(reference.replaceAll(":[^:/]*$", "") + "@" + id) : List.of());
    doc.put("Created", "2025-11-20T10:00:00Z");
    doc.put("Author", "");
    doc.put("Architecture", p.architecture());
    if (!p.variant().isEmpty()) {
      doc.put("Variant", p.variant());
    }
    doc.put("Os", p.os());
    doc.put("Size", 4096L);
    doc.put(
        "Config",
        Map.of(
            "Entrypoint",
            List.of("/probe"),
            "Env",
            List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")));
    doc.put("RootFS", Map.of("Type", "layers", "Layers", List.of(e.image().layerBlob(0).digest())));
    if (max.atLeast(ApiVersion.MANIFESTS) && containerdStore) {
      doc.put("Descriptor", Map.of("mediaType", TestImages.OCI_INDEX, "digest", id, "size", 743L));
    }
    if (manifests && containerdStore) {
      List<Object> ms = new ArrayList<>();
      for (Entry x : entries) {
        Platform xp = x.image().platform();
        Map<String, Object> plat = ociPlatform(xp);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", x.image().manifest().digest());
        m.put(
            "Descriptor",
            Map.of(
                "mediaType",
                TestImages.OCI_MANIFEST,
                "digest",
                x.image().manifest().digest(),
                "size",
                (long) x.image().manifestJson().length(),
                "platform",
                plat));
        m.put("Available", x.available());
        m.put("Size", Map.of("Total", 8192L, "Content", x.available() ? 4096L : 0L));
        m.put("Kind", "image");
        m.put(
            "ImageData",
            Map.of(
                "Platform",
                plat,
                "Containers",
                List.of(),
                "Size",
                Map.of("Unpacked", x.available() ? 4096L : 0L)));
        ms.add(m);
        // buildkit writes an attestation manifest per platform (provenance)
        Map<String, Object> a = new LinkedHashMap<>();
        String ad =
            TestTar.Content.of(
                    ("att" + x.image().manifest().digest()).getBytes(StandardCharsets.UTF_8))
                .digest();
        a.put("ID", ad);
        a.put(
            "Descriptor",
            Map.of(
                "mediaType",
                TestImages.OCI_MANIFEST,
                "digest",
                ad,
                "size",
                839L,
                "annotations",
                Map.of(
                    "vnd.docker.reference.digest",
                    x.image().manifest().digest(),
                    "vnd.docker.reference.type",
                    "attestation-manifest"),
                "platform",
                Map.of("architecture", "unknown", "os", "unknown")));
        a.put("Available", x.available());
        a.put("Size", Map.of("Total", 1024L, "Content", x.available() ? 1024L : 0L));
        a.put("Kind", "attestation");
        a.put("AttestationData", Map.of("For", x.image().manifest().digest()));
        ms.add(a);
      }
      doc.put("Manifests", ms);
    }
    return json(doc);
  }

  private static Map<String, Object> ociPlatform(Platform p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("architecture", p.architecture());
    m.put("os", p.os());
    if (!p.variant().isEmpty()) {
      m.put("variant", p.variant());
    }
    return m;
  }

  private Entry find(String platformJson) {
    Map<String, Object> want = Json.parseObject(platformJson);
    for (Entry e : entries) {
      Platform p = e.image().platform();
      if (e.available()
          && p.os().equals(want.get("os"))
          && p.architecture().equals(want.get("architecture"))
          && p.variant().equals(want.getOrDefault("variant", ""))) {
        return e;
      }
    }
    return null;
  }

  private byte[] export(Map<String, List<String>> params) {
    String platform =
        params.containsKey("platform") && max.atLeast(ApiVersion.MANIFESTS)
            ? params.get("platform").get(0)
            : null;
    TestTar.Content tar;
    if (platform != null) {
      Entry e = find(platform);
      if (e == null) {
        return error(404, "no match for platform in manifest: not found");
      }
      tar = TestImages.dockerSave25(e.image());
    } else {
      List<TestImages.Image> present = new ArrayList<>();
      for (Entry e : entries) {
        if (e.available()) {
          present.add(e.image());
        }
      }
      tar = TestImages.dockerSave(present.toArray(new TestImages.Image[0]));
    }
    return response(200, "application/x-tar", "", tar.bytes());
  }

  private static Map<String, List<String>> params(String query) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return m;
    }
    for (String kv : query.split("&")) {
      int eq = kv.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return m;
  }

  private static byte[] json(Object doc) {
    return response(
        200, "application/json", "", (Json.compact(doc) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] error(int status, String message) {
    return response(
        status,
        "application/json",
        "",
        (Json.compact(Map.of("message", message)) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] response(int status, String type, String extra, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String reason = status == 200 ? "OK" : status == 400 ? "Bad Request" : "Not Found";
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\nContent-Type: "
            + type
            + "\r\n"
            + extra
            + "Content-Length: "
            + body.length
            + "\r\n\r\n";
    out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    return out.toByteArray();
  }
}
