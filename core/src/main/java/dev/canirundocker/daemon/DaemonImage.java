package dev.canirundocker.daemon;

import dev.canirundocker.json.JsonException;
import dev.canirundocker.json.JsonReader;
import dev.canirundocker.platform.Platform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A local image as {@code GET /images/{name}/json} describes it (moby api/types/image
 * InspectResponse). Platform fields are kept raw, as the daemon stored them from the image config;
 * {@link #platform()} normalizes. docker-java's InspectImageResponse has no variant getter, one
 * reason this client reads the JSON itself (reference section 9).
 *
 * @param id content id ({@code sha256:...})
 * @param repoTags tags naming it, possibly empty
 * @param repoDigests {@code name@sha256:...} entries, possibly empty
 * @param os raw {@code Os}
 * @param architecture raw {@code Architecture}
 * @param variant raw {@code Variant}, empty when absent (engines before API 1.41 omit it)
 * @param osVersion raw {@code OsVersion} (Windows images), empty when absent
 * @param osFeatures raw {@code OsFeatures}, possibly empty
 * @param entrypoint {@code Config.Entrypoint}, possibly empty
 * @param cmd {@code Config.Cmd}, possibly empty
 * @param user {@code Config.User}, empty when absent
 * @param env {@code Config.Env} ({@code KEY=value}), possibly empty
 * @param labels {@code Config.Labels}, possibly empty
 * @param workingDir {@code Config.WorkingDir}, empty when absent
 */
public record DaemonImage(String id, List<String> repoTags, List<String> repoDigests, String os,
    String architecture, String variant, String osVersion, List<String> osFeatures,
    List<String> entrypoint, List<String> cmd, String user, List<String> env,
    Map<String, String> labels, String workingDir) {

  public DaemonImage {
    Objects.requireNonNull(id, "id");
    repoTags = List.copyOf(repoTags);
    repoDigests = List.copyOf(repoDigests);
    os = Objects.requireNonNullElse(os, "");
    architecture = Objects.requireNonNullElse(architecture, "");
    variant = Objects.requireNonNullElse(variant, "");
    osVersion = Objects.requireNonNullElse(osVersion, "");
    osFeatures = List.copyOf(osFeatures);
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    user = Objects.requireNonNullElse(user, "");
    env = List.copyOf(env);
    labels = Map.copyOf(labels);
    workingDir = Objects.requireNonNullElse(workingDir, "");
  }

  /**
   * Parses an image inspect document.
   *
   * @throws JsonException naming the field when the document has the wrong shape
   */
  public static DaemonImage parse(String json) {
    JsonReader r = JsonReader.parse(json, "image");
    JsonReader c = r.object("Config");
    Map<String, String> labels = new LinkedHashMap<>();
    if (c != null && c.object("Labels") != null) {
      JsonReader l = c.object("Labels");
      for (String k : l.raw().keySet()) {
        String v = l.string(k);
        labels.put(k, v == null ? "" : v);
      }
    }
    return new DaemonImage(r.requiredString("Id"), r.strings("RepoTags"), r.strings("RepoDigests"),
        r.string("Os"), r.string("Architecture"), r.string("Variant"), r.string("OsVersion"),
        r.strings("OsFeatures"),
        c == null ? List.of() : c.strings("Entrypoint"), c == null ? List.of() : c.strings("Cmd"),
        c == null ? null : c.string("User"), c == null ? List.of() : c.strings("Env"), labels,
        c == null ? null : c.string("WorkingDir"));
  }

  /** The normalized platform (os, architecture, variant, and for Windows the OS version). */
  public Platform platform() {
    return Platform.of(os, architecture, variant, osVersion, osFeatures);
  }
}
