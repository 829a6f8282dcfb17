package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker save a b c}: one result per image, named by its tags, in archive order; the worst
 * exit code.
 */
class MultiImageArchiveTest {
  @Test
  @SuppressWarnings("unchecked")
  void eachImageOfASaveGetsItsOwnResult(@TempDir Path dir) throws Exception {
    Path tar = dir.resolve("abc.tar");
    Files.write(
        tar,
        CliTar.dockerSaveOf(
            HostileInputTest.ELF,
            new String[] {"a:1", "b:1", null},
            new String[] {"/probe", "/missing", "/./probe"}));
    String untagged = CliTar.configId("/./probe", HostileInputTest.ELF);

    MainTest.Run r = MainTest.run("check", "--json", "--archive", tar.toString());
    assertEquals("", r.err());
    assertEquals(5, r.code(), "the worst verdict's exit code");
    List<Map<String, Object>> results =
        (List<Map<String, Object>>) Json.parseObject(r.out()).get("results");
    assertEquals(
        List.of(tar.toString(), tar.toString(), tar.toString()),
        results.stream().map(x -> x.get("target")).toList());
    assertEquals(
        List.of(List.of("a:1"), List.of("b:1"), List.of(untagged)),
        results.stream().map(x -> x.get("names")).toList());
    assertEquals("UNSUPPORTED", results.get(1).get("verdict"));
    assertEquals(
        "image.entrypoint.missing",
        ((List<Map<String, Object>>) results.get(1).get("findings"))
            .stream()
                .filter(f -> "fail".equals(f.get("severity")))
                .findFirst()
                .orElseThrow()
                .get("id"));
    assertEquals(results.get(0).get("verdict"), results.get(2).get("verdict"));

    MainTest.Run text = MainTest.run("check", "--archive", tar.toString());
    assertEquals(5, text.code());
    List<String> heads = text.out().lines().filter(l -> l.contains(tar.toString())).toList();
    assertEquals(3, heads.size(), text.out());
    assertTrue(heads.get(0).endsWith(", image a:1"), heads.get(0));
    assertTrue(
        heads.get(1).startsWith("UNSUPPORTED") && heads.get(1).endsWith(", image b:1"),
        heads.get(1));
    assertTrue(heads.get(2).endsWith(", image " + untagged), heads.get(2));
  }
}
