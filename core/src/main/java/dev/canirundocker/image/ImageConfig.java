package dev.canirundocker.image;

import dev.canirundocker.json.JsonException;
import dev.canirundocker.json.JsonReader;
import dev.canirundocker.platform.Platform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parts of an OCI / Docker image configuration the checks use (OCI image-spec {@code
 * config.md}; moby {@code image/image.go} writes the same shape): the platform fields at the top
 * level, the run-time defaults under {@code config}, and the layer diff IDs under {@code rootfs}.
 *
 * @param os operating system as written ({@code linux}, {@code windows})
 * @param architecture architecture as written ({@code amd64}, {@code arm64}, ...)
 * @param variant CPU variant as written, or empty
 * @param osVersion {@code os.version} (Windows build), or empty
 * @param osFeatures {@code os.features}, possibly empty
 * @param entrypoint {@code config.Entrypoint}, possibly empty
 * @param cmd {@code config.Cmd}, possibly empty
 * @param user {@code config.User}, or empty
 * @param env {@code config.Env} as {@code KEY=value} strings, possibly empty
 * @param workingDir {@code config.WorkingDir}, or empty
 * @param labels {@code config.Labels}, possibly empty
 * @param diffIds {@code rootfs.diff_ids}: digests of the uncompressed layers, bottom first
 */
public record ImageConfig(
    String os,
    String architecture,
    String variant,
    String osVersion,
    List<String> osFeatures,
    List<String> entrypoint,
    List<String> cmd,
    String user,
    List<String> env,
    String workingDir,
    Map<String, String> labels,
    List<String> diffIds) {

  /** The PATH Docker gives a container whose image sets none (moby {@code oci.DefaultPathEnv}). */
  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  // canonical rather than compact: it takes null (a config leaves the field out) and keeps the
  // empty value, so no component is ever null
  public ImageConfig(
      @Nullable String os,
      @Nullable String architecture,
      @Nullable String variant,
      @Nullable String osVersion,
      @Nullable List<String> osFeatures,
      @Nullable List<String> entrypoint,
      @Nullable List<String> cmd,
      @Nullable String user,
      @Nullable List<String> env,
      @Nullable String workingDir,
      @Nullable Map<String, String> labels,
      @Nullable List<String> diffIds) {
    this.os = os == null ? "" : os;
    this.architecture = architecture == null ? "" : architecture;
    this.variant = variant == null ? "" : variant;
    this.osVersion = osVersion == null ? "" : osVersion;
    this.osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
    this.entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
    this.cmd = cmd == null ? List.of() : List.copyOf(cmd);
    this.user = user == null ? "" : user;
    this.env = env == null ? List.of() : List.copyOf(env);
    this.workingDir = workingDir == null ? "" : workingDir;
    this.labels =
        labels == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    this.diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
  }

  /**
   * Parses an image configuration document.
   *
   * @param json the document
   * @param name names the document in error messages
   * @throws JsonException when it is not JSON or has the wrong shape; the message names the field
   */
  public static ImageConfig parse(String json, String name) {
    JsonReader r = JsonReader.parse(json, name);
    JsonReader c = r.object("config");
    JsonReader rootfs = r.object("rootfs");
    Map<String, String> labels = new LinkedHashMap<>();
    List<String> ep = List.of();
    List<String> cmd = List.of();
    List<String> env = List.of();
    String user = null;
    String wd = null;
    if (c != null) {
      ep = c.strings("Entrypoint");
      cmd = c.strings("Cmd");
      env = c.strings("Env");
      user = c.string("User");
      wd = c.string("WorkingDir");
      JsonReader l = c.object("Labels");
      if (l != null) {
        for (Map.Entry<String, Object> e : l.raw().entrySet()) {
          labels.put(e.getKey(), l.string(e.getKey()));
        }
      }
    }
    return new ImageConfig(
        r.string("os"),
        r.string("architecture"),
        r.string("variant"),
        r.string("os.version"),
        r.strings("os.features"),
        ep,
        cmd,
        user,
        env,
        wd,
        labels,
        rootfs == null ? List.of() : rootfs.strings("diff_ids"));
  }

  /** The platform this configuration declares, normalized. */
  public Platform platform() {
    return Platform.of(os, architecture, variant, osVersion, osFeatures);
  }

  /**
   * What the container runs: the entrypoint followed by the command, or the command alone when
   * there is no entrypoint (Docker's rule, moby {@code daemon/create.go} / runc {@code
   * process.args}).
   */
  public List<String> argv() {
    if (entrypoint.isEmpty()) {
      return cmd;
    }
    List<String> all = new java.util.ArrayList<>(entrypoint);
    all.addAll(cmd);
    return List.copyOf(all);
  }

  /**
   * The value of an environment variable, or null. The last definition wins, as in execve's env.
   */
  public @Nullable String envValue(String key) {
    String v = null;
    for (String e : env) {
      if (e.startsWith(key + "=")) {
        v = e.substring(key.length() + 1);
      }
    }
    return v;
  }

  /** The container's PATH: the image's, else Docker's default. */
  public String path() {
    String p = envValue("PATH");
    return p == null ? DEFAULT_PATH : p;
  }
}
