package dev.canirundocker.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.check.gpu.GpuCheck;
import dev.canirundocker.check.kernel.KernelFindingIds;
import dev.canirundocker.fleet.NodeFindingIds;
import dev.canirundocker.image.StartProblem;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The finding ids are constants, one class per rule package, and the README's "Finding ids" list
 * names exactly them: an id a script may match on is documented, and a documented id exists.
 */
class FindingIdsTest {
  private static final Pattern ID = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+");

  /** The ids that are patterns: one finding per daemon error kind, per network driver. */
  private static final Set<String> PATTERNS =
      Set.of("daemon.<kind>", KernelFindingIds.NETWORK_MISSING_PATTERN);

  static Set<String> constants() throws IllegalAccessException {
    Set<String> ids = new TreeSet<>();
    for (Class<?> c :
        List.of(FindingIds.class, KernelFindingIds.class, NodeFindingIds.class, GpuCheck.class)) {
      for (Field f : c.getDeclaredFields()) {
        int m = f.getModifiers();
        if (Modifier.isPublic(m)
            && Modifier.isStatic(m)
            && Modifier.isFinal(m)
            && f.getType() == String.class) {
          String v = (String) f.get(null);
          if (ID.matcher(v).matches()) {
            ids.add(v);
          }
        }
      }
    }
    for (StartProblem p : StartProblem.values()) {
      ids.add(p.findingId());
    }
    return ids;
  }

  static Path repo(String file) {
    Path here = Path.of(file);
    return Files.exists(here) ? here : Path.of("..").resolve(file);
  }

  static Set<String> documented() throws IOException {
    String readme = Files.readString(repo("README.md"), StandardCharsets.UTF_8);
    int from = readme.indexOf("### Finding ids");
    assertTrue(from >= 0, "README.md has no \"### Finding ids\" section");
    int to = readme.indexOf("\n#", from + 4);
    Matcher m =
        Pattern.compile("`([a-z0-9<>.-]+)`")
            .matcher(readme.substring(from, to < 0 ? readme.length() : to));
    Set<String> ids = new TreeSet<>();
    while (m.find()) {
      if (m.group(1).contains(".")) {
        ids.add(m.group(1));
      }
    }
    return ids;
  }

  @Test
  void everyIdIsInTheReadmeAndEveryListedIdExists() throws Exception {
    Set<String> constants = constants();
    Set<String> documented = documented();
    Set<String> undocumented = new TreeSet<>(constants);
    undocumented.removeAll(documented);
    assertEquals(Set.of(), undocumented, "finding ids missing from README.md's list");
    Set<String> stale = new TreeSet<>(documented);
    stale.removeAll(constants);
    stale.removeAll(PATTERNS);
    assertEquals(Set.of(), stale, "README.md lists ids no rule gives");
    assertTrue(constants.size() > 100, constants.size() + " ids");
  }

  /** A finding is made with an id constant, never a literal: the README test then sees it. */
  @Test
  void noFindingIsMadeWithALiteralId() throws IOException {
    Pattern literal =
        Pattern.compile(
            "(Finding\\.(info|warn|fail)\\(|new Finding\\(|\\.has\\(|\\.id\\(\\)\\.equals\\()"
                + "\\s*\"[a-z0-9-]+\\.");
    List<String> offenders = new ArrayList<>();
    for (String module : List.of("core", "cli")) {
      Path src = repo(module).resolve("src/main/java");
      if (!Files.isDirectory(src)) {
        src = Path.of("src/main/java");
      }
      try (Stream<Path> files = Files.walk(src)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String s = Files.readString(f, StandardCharsets.UTF_8);
          Matcher m = literal.matcher(s);
          while (m.find()) {
            offenders.add(
                f.getFileName()
                    + ": "
                    + s.substring(m.start(), Math.min(s.length(), m.end() + 30))
                        .replace('\n', ' '));
          }
        }
      }
    }
    assertEquals(List.of(), offenders);
  }
}
