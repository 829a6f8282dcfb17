package dev.canirundocker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.platform.Platform;
import org.junit.jupiter.api.Test;

/** The pure parts split out of {@link HttpDaemonClient}: error texts and request targets. */
class DaemonFailuresTest {
  @Test
  void errorTextIsTheMessageOfAJsonErrorBody() {
    assertEquals(
        "No such image: alpine:nope",
        DaemonFailures.errorText("{\"message\":\"No such image: alpine:nope\"}\n"));
  }

  @Test
  void errorTextOfAnythingElseIsItsFirstLineCut() {
    assertEquals("page not found", DaemonFailures.errorText("  page not found\nsecond line\n"));
    assertEquals("x".repeat(200) + "...", DaemonFailures.errorText("x".repeat(300)));
    assertEquals("{\"message\":42}", DaemonFailures.errorText("{\"message\":42}"));
    assertEquals("", DaemonFailures.errorText(""));
  }

  @Test
  void pathsKeepTheGoClientsSafeCharactersAndEncodeTheRest() {
    assertEquals(
        "/images/registry:5000/a/b:c@sha256:ab/json",
        EngineRequests.inspectTarget("registry:5000/a/b:c@sha256:ab"));
    assertEquals("a%20b%25%C3%A9", EngineRequests.encodePath("a b%é"));
  }

  @Test
  void platformsAreOciJsonWithOptionalFieldsLeftOut() {
    assertEquals(
        "{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v7\"}",
        EngineRequests.platformJson(Platform.parse("linux/arm/v7")));
    assertEquals(
        "{\"os\":\"linux\",\"architecture\":\"amd64\"}",
        EngineRequests.platformJson(Platform.parse("linux/amd64")));
  }
}
