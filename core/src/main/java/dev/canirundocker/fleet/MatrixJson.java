package dev.canirundocker.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The check document of a matrix ({@code check --format json} with several hosts): the contract's
 * check document where every result names its {@code host}, and a {@code hosts} list says what each
 * host is (its profile, and for a node the API's facts) instead of the single {@code host} object.
 * Schema: {@code dev/canirundocker/schema/check.schema.json}.
 */
public final class MatrixJson {
  private MatrixJson() {}

  /**
   * The document as JSON values (maps and lists), for {@link dev.canirundocker.json.Json#pretty}.
   */
  public static Map<String, Object> toJson(Matrix m) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schemaVersion", 1);
    doc.put("verdict", m.worst().name());
    List<Object> hosts = new ArrayList<>();
    for (FleetHost h : m.hosts()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("name", h.name());
      o.put("source", h.source());
      o.put("path", h.path());
      o.put("platform", h.profile() == null ? null : h.profile().platform().toString());
      if (h.profile() != null && h.profile().hostname() != null) {
        o.put("hostname", h.profile().hostname());
      }
      if (h.profile() != null && h.profile().collectedAt() != null) {
        o.put("collectedAt", h.profile().collectedAt().toString());
      }
      if (h.node() != null) {
        o.put("node", h.node().toJson());
      }
      if (h.error() != null) {
        o.put("error", h.error().toJson());
      }
      o.put("profile", h.profile() == null ? null : h.profile().toJson());
      hosts.add(o);
    }
    doc.put("hosts", hosts);
    List<Object> results = new ArrayList<>();
    for (Matrix.Cell c : m.cells()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("host", c.host().name());
      r.putAll(c.result().toJson());
      results.add(r);
    }
    doc.put("results", results);
    return doc;
  }
}
