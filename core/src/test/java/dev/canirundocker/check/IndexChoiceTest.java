package dev.canirundocker.check;

import static dev.canirundocker.testing.Hosts.linux;
import static dev.canirundocker.testing.Hosts.qemu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.testing.Hosts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which entry of a multi-platform image a host runs, as a table in the manner of containerd's
 * platforms compare_test.go ({@code TestImageIndexSelection}-like rows: host, entries in index
 * order, the entry judged and the finding that says so).
 */
class IndexChoiceTest {
  static final HostProfile AMD64 = linux().build();
  static final HostProfile AMD64_QEMU_ARM64 =
      linux().binfmt(qemu("qemu-aarch64", "arm64", "PF", true)).build();
  static final HostProfile ARM64 = linux().arch("arm64").build();

  record Row(
      String name,
      HostProfile host,
      List<String> entries,
      String judged,
      Verdict verdict,
      String id,
      String message,
      String remediation) {}

  static final List<Row> ROWS =
      List.of(
          new Row(
              "the host's own platform, wherever it is in the index",
              AMD64,
              List.of("linux/arm64", "linux/amd64"),
              "linux/amd64",
              Verdict.NATIVE,
              FindingIds.IMAGE_INDEX,
              "The archive holds 2 platforms: linux/arm64, linux/amd64; the host selects"
                  + " linux/amd64",
              null),
          new Row(
              "native beats the compatibility mode (amd64 before 386)",
              AMD64,
              List.of("linux/386", "linux/amd64"),
              "linux/amd64",
              Verdict.NATIVE,
              FindingIds.IMAGE_INDEX,
              "The archive holds 2 platforms: linux/386, linux/amd64; the host selects linux/amd64",
              null),
          new Row(
              "an arm64 host",
              ARM64,
              List.of("linux/amd64", "linux/arm/v7", "linux/arm64"),
              "linux/arm64",
              Verdict.NATIVE,
              FindingIds.IMAGE_INDEX,
              "The archive holds 3 platforms: linux/amd64, linux/arm/v7, linux/arm64; the host"
                  + " selects linux/arm64",
              null),
          new Row(
              "nothing native, one emulated: named for --platform",
              AMD64_QEMU_ARM64,
              List.of("linux/s390x", "linux/arm64"),
              "linux/arm64",
              Verdict.EMULATED,
              FindingIds.IMAGE_INDEX_NO_NATIVE,
              "The archive holds 2 platforms: linux/s390x, linux/arm64; none runs natively here,"
                  + " the best is linux/arm64",
              "docker run --platform linux/arm64"),
          new Row(
              "nothing runs: the first entry, and no --platform to try",
              AMD64,
              List.of("linux/arm64", "linux/s390x"),
              "linux/arm64",
              Verdict.UNSUPPORTED,
              FindingIds.IMAGE_INDEX_NO_NATIVE,
              "The archive holds 2 platforms: linux/arm64, linux/s390x; none of them runs on this"
                  + " host",
              null));

  @Test
  void table() {
    for (Row r : ROWS) {
      List<Platform> entries = platforms(r.entries());
      Evaluation e =
          IndexChoice.choose(
              r.host(), entries, i -> ImageCompatibility.evaluate(r.host(), entries.get(i)));
      assertEquals(Platform.parse(r.judged()), e.platform(), r.name());
      assertEquals(r.verdict(), e.verdict(), r.name());
      Finding last = e.findings().get(e.findings().size() - 1);
      assertEquals(r.id(), last.id(), r.name());
      assertEquals(r.message(), last.message(), r.name());
      assertEquals(r.remediation(), last.remediation(), r.name());
      // the choice adds its finding after the entry's own
      assertEquals(
          ImageCompatibility.evaluate(r.host(), Platform.parse(r.judged())).findings(),
          e.findings().subList(0, e.findings().size() - 1),
          r.name());
    }
  }

  @Test
  void aSingleEntryIsJudgedAsItIsWithoutAFinding() {
    Evaluation alone = ImageCompatibility.evaluate(AMD64, Platform.parse("linux/arm64"));
    assertEquals(alone, IndexChoice.choose(AMD64, platforms(List.of("linux/arm64")), i -> alone));
  }

  @Test
  void eachEntryIsReadAtMostOnce() {
    // the matcher ranks 386 first (amd64's compatibility mode), but this kernel cannot run it
    HostProfile no32 =
        linux()
            .config("CONFIG_IA32_EMULATION", "n")
            .binfmt(qemu("qemu-aarch64", "arm64", "PF", true))
            .build();
    List<Platform> entries = platforms(List.of("linux/arm64", "linux/386", "linux/s390x"));
    List<Integer> asked = new ArrayList<>();
    Evaluation e =
        IndexChoice.choose(
            no32,
            entries,
            i -> {
              asked.add(i);
              return ImageCompatibility.evaluate(no32, entries.get(i));
            });
    assertEquals(List.of(1, 0, 2), asked);
    assertEquals(Platform.parse("linux/arm64"), e.platform());
    assertEquals(Verdict.EMULATED, e.verdict());
  }

  @Test
  void theSelectedEntryIsEnoughWhenItRunsNatively() {
    List<Platform> entries = platforms(List.of("linux/arm64", "linux/amd64", "linux/s390x"));
    List<Integer> asked = new ArrayList<>();
    IndexChoice.choose(
        AMD64,
        entries,
        i -> {
          asked.add(i);
          return ImageCompatibility.evaluate(AMD64, entries.get(i));
        });
    assertEquals(List.of(1), asked);
  }

  /** Windows selects by build (containerd defaults_windows.go), never by list order. */
  @Test
  void aWindowsHostTakesItsBuild() {
    HostProfile ws2022 =
        Hosts.win().name("Windows Server Standard", "ServerStandard").build(20348, 3000).build();
    List<Platform> entries =
        platforms(List.of("windows(10.0.26100.2894)/amd64", "windows(10.0.20348.3091)/amd64"));
    Evaluation e =
        IndexChoice.choose(
            ws2022, entries, i -> ImageCompatibility.evaluate(ws2022, entries.get(i)));
    assertEquals(entries.get(1), e.platform());
    Finding last = e.findings().get(e.findings().size() - 1);
    assertEquals(FindingIds.IMAGE_INDEX, last.id());
    assertEquals(
        "The archive holds 2 platforms: windows(10.0.26100.2894)/amd64,"
            + " windows(10.0.20348.3091)/amd64; the host selects windows(10.0.20348.3091)/amd64",
        last.message());
    assertNull(last.remediation());
  }

  @Test
  void noEntriesIsAnError() {
    assertThrows(
        IllegalArgumentException.class,
        () -> IndexChoice.choose(AMD64, List.of(), i -> ImageCompatibility.evaluate(AMD64, null)));
  }

  static List<Platform> platforms(List<String> s) {
    List<Platform> l = new ArrayList<>();
    for (String p : s) {
      l.add(Platform.parse(p));
    }
    return l;
  }
}
