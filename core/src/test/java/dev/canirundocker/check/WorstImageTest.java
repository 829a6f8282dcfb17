package dev.canirundocker.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.canirundocker.platform.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code docker save a b c}: one verdict, the worst, and a finding naming each image. */
class WorstImageTest {
  static Evaluation of(String platform, Verdict v) {
    return new Evaluation(Platform.parse(platform), v, List.of());
  }

  @Test
  void theWorstIsJudgedAndEveryImageNamed() {
    Evaluation e =
        WorstImage.of(
            List.of(
                new WorstImage.Judged("a:1", of("linux/amd64", Verdict.NATIVE)),
                new WorstImage.Judged("b:1", of("linux/arm64", Verdict.EMULATED)),
                new WorstImage.Judged("c:1", of("linux/s390x", Verdict.UNSUPPORTED)),
                new WorstImage.Judged("d:1", of("linux/ppc64le", Verdict.UNSUPPORTED))));
    assertEquals(Platform.parse("linux/s390x"), e.platform());
    assertEquals(Verdict.UNSUPPORTED, e.verdict());
    assertEquals(
        List.of(
            Finding.info(
                FindingIds.IMAGE_ARCHIVE_IMAGES,
                "The archive holds 4 images (a:1 NATIVE, b:1 EMULATED, c:1 UNSUPPORTED, d:1"
                    + " UNSUPPORTED); this is c:1, the worst")),
        e.findings());
  }

  @Test
  void oneImageIsItsOwnVerdict() {
    Evaluation only = of("linux/amd64", Verdict.NATIVE);
    assertSame(only, WorstImage.of(List.of(new WorstImage.Judged("a", only))));
    assertThrows(IllegalArgumentException.class, () -> WorstImage.of(List.of()));
  }
}
