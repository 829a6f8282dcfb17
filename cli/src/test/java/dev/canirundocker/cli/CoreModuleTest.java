package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.CanIRunDocker;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The core jar's module descriptor (core/src/main/module/module-info.java) exports the API packages
 * to everyone and the implementation packages only to the CLI, and every package is one or the
 * other: a new package needs a decision.
 */
class CoreModuleTest {
  @Test
  void exportsOnlyTheApi() throws Exception {
    Path core =
        Path.of(CanIRunDocker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor d = ModuleFinder.of(core).findAll().iterator().next().descriptor();
    // the descriptor is compiled at prepare-package: a build that stops at test has none yet
    Assumptions.assumeFalse(
        d.isAutomatic(), core + " has no module descriptor (built before package)");
    TreeMap<String, Set<String>> exports = new TreeMap<>();
    for (ModuleDescriptor.Exports e : d.exports()) {
      exports.put(e.source(), e.targets());
    }
    assertEquals("dev.canirundocker.core", d.name());
    assertEquals(
        new TreeSet<>(
            Set.of(
                "dev.canirundocker",
                "dev.canirundocker.platform",
                "dev.canirundocker.host",
                "dev.canirundocker.image",
                "dev.canirundocker.daemon",
                "dev.canirundocker.check",
                "dev.canirundocker.check.kernel",
                "dev.canirundocker.check.gpu",
                "dev.canirundocker.report",
                "dev.canirundocker.fleet",
                "dev.canirundocker.elf",
                "dev.canirundocker.json")),
        new TreeSet<>(
            exports.entrySet().stream()
                .filter(e -> e.getValue().isEmpty())
                .map(java.util.Map.Entry::getKey)
                .toList()));
    exports.forEach(
        (pkg, targets) -> {
          if (!targets.isEmpty()) {
            assertEquals(Set.of("dev.canirundocker.cli"), targets, pkg);
          }
        });
    TreeSet<String> undecided = new TreeSet<>(d.packages());
    undecided.removeAll(exports.keySet());
    undecided.remove("dev.canirundocker.schema"); // the JSON Schemas: resources, read by name
    assertEquals(Set.of(), undecided, "packages neither exported nor exported to the CLI");
  }
}
