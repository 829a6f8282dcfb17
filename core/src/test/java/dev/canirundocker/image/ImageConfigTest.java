package dev.canirundocker.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.canirundocker.json.JsonException;
import dev.canirundocker.platform.Platform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageConfigTest {
  @Test
  void parsesEveryField() {
    String json =
        "{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v6\",\"config\":{"
            + "\"Entrypoint\":[\"/init\"],\"Cmd\":[\"run\"],\"User\":\"app\",\"Env\":[\"A=1\",\"PATH=/x\","
            + "\"A=2\"],\"WorkingDir\":\"/srv\",\"Labels\":{\"k\":\"v\"}},\"rootfs\":{\"type\":\"layers\","
            + "\"diff_ids\":[\"sha256:aa\"]}}";
    ImageConfig c = ImageConfig.parse(json, "cfg");
    assertEquals(
        new ImageConfig(
            "linux",
            "arm",
            "v6",
            "",
            List.of(),
            List.of("/init"),
            List.of("run"),
            "app",
            List.of("A=1", "PATH=/x", "A=2"),
            "/srv",
            Map.of("k", "v"),
            List.of("sha256:aa")),
        c);
    assertEquals(Platform.parse("linux/arm/v6"), c.platform());
    assertEquals(List.of("/init", "run"), c.argv());
    assertEquals("2", c.envValue("A"));
    assertEquals("/x", c.path());
  }

  @Test
  void windowsFieldsAndNulls() {
    ImageConfig c =
        ImageConfig.parse(
            "{\"architecture\":\"amd64\",\"os\":\"windows\","
                + "\"os.version\":\"10.0.20348.2113\",\"os.features\":[\"win32k\"],\"config\":{\"Entrypoint\":null,"
                + "\"Cmd\":[\"cmd\"]}}",
            "cfg");
    assertEquals(
        Platform.of("windows", "amd64", "", "10.0.20348.2113", List.of("win32k")), c.platform());
    assertEquals(List.of("cmd"), c.argv());
    assertEquals(ImageConfig.DEFAULT_PATH, c.path());
  }

  @Test
  void wrongShapeNamesTheField() {
    JsonException e =
        assertThrows(
            JsonException.class,
            () -> ImageConfig.parse("{\"config\":{\"Labels\":{\"k\":1}}}", "cfg"));
    assertEquals("cfg.config.Labels.k: expected a string but found a number", e.getMessage());
  }
}
