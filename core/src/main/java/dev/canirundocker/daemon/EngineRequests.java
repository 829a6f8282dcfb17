package dev.canirundocker.daemon;

import dev.canirundocker.json.Json;
import dev.canirundocker.platform.Platform;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How an Engine API request target is spelled, shared by both daemon clients: image names in paths
 * and platforms in query parameters, as the Go client (docker/docker client/) writes them.
 */
final class EngineRequests {
  private EngineRequests() {}

  /**
   * Percent-encodes what may not appear in a path; keeps '/', ':' and '@' as the Go client does.
   */
  static String encodePath(String s) {
    StringBuilder b = new StringBuilder();
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      int u = c & 0xff;
      if ((u >= 'a' && u <= 'z')
          || (u >= 'A' && u <= 'Z')
          || (u >= '0' && u <= '9')
          || "-._~/:@+".indexOf(u) >= 0) {
        b.append((char) u);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", u));
      }
    }
    return b.toString();
  }

  /** {@code /images/<name>/json}, the name percent-encoded. */
  static String inspectTarget(String name) {
    return "/images/" + encodePath(name) + "/json";
  }

  /**
   * An OCI platform as the Engine API's {@code platform} parameters take it: JSON with the
   * image-spec's lower-case keys ({@code {"os":"linux","architecture":"arm","variant":"v7"}}).
   */
  static String platformJson(Platform p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("os", p.os());
    m.put("architecture", p.architecture());
    if (!p.variant().isEmpty()) {
      m.put("variant", p.variant());
    }
    if (!p.osVersion().isEmpty()) {
      m.put("os.version", p.osVersion());
    }
    return Json.compact(m);
  }

  /** The query parameter {@code platform=<platformJson, percent-encoded>}, without '?' or '&'. */
  static String platformParam(Platform p) {
    return "platform=" + URLEncoder.encode(platformJson(p), StandardCharsets.UTF_8);
  }
}
