package dev.canirundocker.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.platform.Platform;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docker run --platform P}: the entry {@code Only(P)} ranks first, rows in the manner of
 * containerd's platforms compare_test.go {@code TestOnly} (P, the entries, the one chosen or none).
 */
class PlatformRequestTest {
  record Row(String wanted, List<String> entries, String chosen) {}

  static final List<Row> ROWS =
      List.of(
          new Row("linux/amd64", List.of("linux/arm64", "linux/amd64"), "linux/amd64"),
          // amd64 runs 386 in compatibility mode: Only(linux/amd64) admits it when nothing better
          new Row("linux/amd64", List.of("linux/arm64", "linux/386"), "linux/386"),
          new Row("linux/amd64", List.of("linux/386", "linux/amd64"), "linux/amd64"),
          // Only(linux/386) does not admit amd64
          new Row("linux/386", List.of("linux/amd64"), null),
          new Row("linux/arm64", List.of("linux/arm/v7", "linux/arm64/v8"), "linux/arm64/v8"),
          new Row("linux/arm64", List.of("linux/amd64", "linux/arm/v7"), "linux/arm/v7"),
          // arm/v7 runs v6 and v5, never v8
          new Row("linux/arm/v7", List.of("linux/arm/v5", "linux/arm/v6"), "linux/arm/v6"),
          new Row("linux/arm/v6", List.of("linux/arm/v7"), null),
          new Row("linux/s390x", List.of("linux/amd64", "linux/arm64"), null));

  @Test
  void table() throws Exception {
    for (Row r : ROWS) {
      Platform wanted = Platform.parse(r.wanted());
      List<Platform> entries = new ArrayList<>();
      r.entries().forEach(e -> entries.add(Platform.parse(e)));
      if (r.chosen() == null) {
        PlatformMismatchException e =
            assertThrows(
                PlatformMismatchException.class,
                () -> PlatformRequest.entry(wanted, entries, "archive app.tar"),
                r.toString());
        assertEquals(wanted, e.wanted(), r.toString());
        assertEquals(entries, e.actual(), r.toString());
      } else {
        assertEquals(
            entries.indexOf(Platform.parse(r.chosen())),
            PlatformRequest.entry(wanted, entries, "archive app.tar"),
            r.toString());
      }
    }
  }

  @Test
  void theMismatchReadsAsTheEnginesOwn() {
    PlatformMismatchException e =
        assertThrows(
            PlatformMismatchException.class,
            () ->
                PlatformRequest.requireMatch(
                    Platform.parse("linux/arm64"),
                    Platform.parse("linux/amd64"),
                    "image with reference alpine"));
    assertEquals(
        "image with reference alpine was found but does not match the specified platform: wanted"
            + " linux/arm64, actual: linux/amd64",
        e.getMessage());
  }

  @Test
  void admitsIsTheSameMatcherAndNoPlatformAdmitsAll() {
    for (Row r : ROWS) {
      Platform wanted = Platform.parse(r.wanted());
      for (String e : r.entries()) {
        boolean chosenOrBetter = r.chosen() != null && r.chosen().equals(e);
        if (chosenOrBetter) {
          assertTrue(PlatformRequest.admits(wanted, Platform.parse(e)), r.toString());
        }
      }
      if (r.chosen() == null) {
        for (String e : r.entries()) {
          assertFalse(PlatformRequest.admits(wanted, Platform.parse(e)), r.toString());
        }
      }
    }
    assertTrue(PlatformRequest.admits(null, Platform.parse("linux/s390x")));
  }

  @Test
  void aMatchingLocalImagePasses() throws Exception {
    PlatformRequest.requireMatch(
        Platform.parse("linux/arm64"), Platform.parse("linux/arm/v7"), "image with reference a");
    PlatformRequest.requireMatch(
        Platform.parse("linux/amd64"), Platform.parse("linux/amd64"), "image with reference a");
  }
}
