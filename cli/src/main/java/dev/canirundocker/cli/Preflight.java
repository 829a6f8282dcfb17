package dev.canirundocker.cli;

import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.ImageCompatibility;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** The preflight: can this host run the Docker engine natively? */
final class Preflight {
  private final Main main;

  Preflight(Main main) {
    this.main = main;
  }

  int run() {
    HostProfile host = main.host();
    Evaluation engine = ImageCompatibility.hostRoute(host);
    Verdict verdict = engine.verdict();
    if (main.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("schemaVersion", 1);
      m.put("verdict", verdict.name());
      m.put("host", host.toJson());
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("verdict", engine.verdict().name());
      @SuppressWarnings("unchecked")
      Map<String, Object> ej = (Map<String, Object>) engine.toJson();
      e.put("findings", ej.get("findings"));
      m.put("engine", e);
      main.emit(Json.pretty(m));
    } else {
      Render r = new Render(main.color());
      StringBuilder b = new StringBuilder();
      b.append(r.verdict(verdict)).append("  ").append(r.bold("Docker engine on this host")).append('\n');
      b.append('\n');
      b.append(HostCommand.summary(host, r));
      b.append('\n').append(r.bold("Engine")).append('\n');
      r.findings(b, engine.findings(), "  ");
      main.emit(b.toString());
    }
    return verdict.exitCode();
  }
}
