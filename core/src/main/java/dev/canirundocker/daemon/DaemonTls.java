package dev.canirundocker.daemon;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * TLS settings for a {@code tcp://} endpoint, as the docker CLI derives them: from {@code
 * DOCKER_TLS_VERIFY} / {@code DOCKER_TLS} / {@code DOCKER_CERT_PATH} (docker/cli
 * cli/flags/options.go) or from a context's {@code SkipTLSVerify} and its TLS store ({@code
 * contexts/tls/<id>/docker/{ca,cert,key}.pem}, docker/cli cli/context/docker/load.go).
 *
 * @param enabled whether to speak TLS at all
 * @param verify whether to verify the daemon's certificate (against {@code caFile}, or the JVM's
 *     trust store when there is none)
 * @param caFile PEM CA bundle, or null
 * @param certFile PEM client certificate, or null
 * @param keyFile PEM client key (PKCS#8 or PKCS#1 RSA), or null
 */
public record DaemonTls(
    boolean enabled,
    boolean verify,
    @Nullable Path caFile,
    @Nullable Path certFile,
    @Nullable Path keyFile) {

  private static final DaemonTls NONE = new DaemonTls(false, false, null, null, null);

  /** No TLS. */
  public static DaemonTls none() {
    return NONE;
  }

  /** A JSON form for reports (paths, never key material). */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("verify", verify);
    if (caFile != null) {
      m.put("caFile", caFile.toString());
    }
    if (certFile != null) {
      m.put("certFile", certFile.toString());
    }
    if (keyFile != null) {
      m.put("keyFile", keyFile.toString());
    }
    return m;
  }
}
