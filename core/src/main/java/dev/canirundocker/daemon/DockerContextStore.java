package dev.canirundocker.daemon;

import dev.canirundocker.json.JsonException;
import dev.canirundocker.json.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The docker CLI's context store in the config directory: {@code currentContext} in {@code
 * config.json}, a context's endpoint in {@code contexts/meta/<sha256(name)>/meta.json} (docker/cli
 * cli/context/store/metadatastore.go) and its TLS files in {@code
 * contexts/tls/<sha256(name)>/docker/} (store/tlsstore.go). Reads only small files, each bounded.
 */
final class DockerContextStore {
  private static final long MAX_CONFIG_BYTES = 1 << 20;

  private final Map<String, String> env;
  private final Path configDir;

  DockerContextStore(Map<String, String> env, Path configDir) {
    this.env = env;
    this.configDir = configDir;
  }

  /** The docker context in effect ({@link DaemonEndpoints#contextName()}). */
  @Nullable String contextName() throws DaemonEndpointException {
    String c = env.get("DOCKER_CONTEXT");
    if (c != null && !c.isEmpty()) {
      return c;
    }
    Path cfg = configDir.resolve("config.json");
    if (!Files.isRegularFile(cfg)) {
      return null;
    }
    try {
      String cc = JsonReader.parse(readSmall(cfg), "config.json").string("currentContext");
      return cc == null || cc.isEmpty() ? null : cc;
    } catch (JsonException e) {
      throw new DaemonEndpointException(
          "cannot read docker config " + cfg + ": " + e.getMessage(), e);
    }
  }

  /** The endpoint of the context {@code name}, with its TLS files. */
  DaemonEndpoint endpoint(String name, DaemonTls environmentTls) throws DaemonEndpointException {
    String id = contextId(name);
    String how = "context " + name;
    Path meta = configDir.resolve("contexts").resolve("meta").resolve(id).resolve("meta.json");
    if (!Files.isRegularFile(meta)) {
      throw new DaemonEndpointException(
          "docker context '"
              + name
              + "' ("
              + (env.containsKey("DOCKER_CONTEXT")
                  ? "DOCKER_CONTEXT"
                  : "currentContext in " + configDir.resolve("config.json"))
              + ") not found: no "
              + meta,
          null);
    }
    String host;
    boolean skipVerify;
    try {
      JsonReader ep =
          JsonReader.parse(readSmall(meta), "meta.json")
              .requiredObject("Endpoints")
              .requiredObject("docker");
      host = ep.requiredString("Host");
      skipVerify = Boolean.TRUE.equals(ep.bool("SkipTLSVerify"));
    } catch (JsonException e) {
      throw new DaemonEndpointException(
          "docker context '" + name + "': " + meta + ": " + e.getMessage(), e);
    }
    Path tlsDir = configDir.resolve("contexts").resolve("tls").resolve(id).resolve("docker");
    Path ca = existing(tlsDir.resolve("ca.pem"));
    Path cert = existing(tlsDir.resolve("cert.pem"));
    Path key = existing(tlsDir.resolve("key.pem"));
    // docker/cli cli/context/docker/load.go: TLS is on when the context has TLS data or skips
    // verification; the scheme alone does not turn it on
    boolean tls = ca != null || cert != null || skipVerify;
    DaemonTls t = tls ? new DaemonTls(true, !skipVerify, ca, cert, key) : DaemonTls.none();
    DaemonEndpoint e = DockerHost.parse(host, how, environmentTls);
    return new DaemonEndpoint(e.uri(), how, e.scheme().equals("tcp") ? t : DaemonTls.none());
  }

  static @Nullable Path existing(Path p) {
    return Files.isRegularFile(p) ? p : null;
  }

  /** The context store's directory name for a context: the hex SHA-256 of its name (go-digest). */
  static String contextId(String name) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String readSmall(Path p) throws DaemonEndpointException {
    try {
      if (Files.size(p) > MAX_CONFIG_BYTES) {
        throw new DaemonEndpointException(p + ": larger than " + MAX_CONFIG_BYTES + " bytes", null);
      }
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DaemonEndpointException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
