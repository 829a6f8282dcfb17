package dev.canirundocker.host.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemInfoTest {
  @TempDir Path tmp;

  // The head of /proc/meminfo as fs/proc/meminfo.c writes it (show_val_kb: the value in KiB).
  private static final List<String> MEMINFO =
      List.of(
          "MemTotal:       24684228 kB",
          "MemFree:        20011904 kB",
          "MemAvailable:   23001236 kB",
          "Buffers:          190816 kB");

  @Test
  void memTotalIsInKibibytes() throws Exception {
    assertEquals(24684228L * 1024, MemInfo.parseTotalBytes(MEMINFO));
  }

  @Test
  void memTotalNeedNotBeTheFirstLine() throws Exception {
    assertEquals(
        512L * 1024, MemInfo.parseTotalBytes(List.of("MemFree: 1 kB", "MemTotal:  512 kB")));
  }

  @Test
  void readsUnderTheRoot() throws Exception {
    dev.canirundocker.testing.FixtureTree.write(
        tmp, "proc/meminfo", String.join("\n", MEMINFO) + "\n");
    assertEquals(24684228L * 1024, new LinuxSysfs(tmp).memoryTotalBytes());
  }

  @Test
  void aMissingFileIsNamed() {
    LinuxReadException e =
        assertThrows(LinuxReadException.class, () -> new LinuxSysfs(tmp).memoryTotalBytes());
    assertEquals("/proc/meminfo: not found", e.getMessage());
  }

  @Test
  void refusesWhatIsNotAKibibyteCount() {
    assertRefused(List.of("MemFree: 1 kB"), "/proc/meminfo: no MemTotal line");
    assertRefused(List.of("MemTotal: 12345"), "/proc/meminfo: MemTotal '12345' is not in kB");
    assertRefused(List.of("MemTotal: 1 MB"), "/proc/meminfo: MemTotal '1 MB' is not in kB");
    assertRefused(List.of("MemTotal: x1 kB"), "/proc/meminfo: MemTotal 'x1 kB' is not a number");
    assertRefused(List.of("MemTotal: 0 kB"), "/proc/meminfo: MemTotal '0 kB' is out of range");
    assertRefused(List.of("MemTotal: -4 kB"), "/proc/meminfo: MemTotal '-4 kB' is out of range");
    assertRefused(
        List.of("MemTotal: 9223372036854775807 kB"),
        "/proc/meminfo: MemTotal '9223372036854775807 kB' is out of range");
    assertRefused(
        List.of("MemTotal: 1\u001b[31m kB"), "/proc/meminfo: MemTotal '1?[31m kB' is not a number");
  }

  private static void assertRefused(List<String> lines, String message) {
    LinuxReadException e =
        assertThrows(LinuxReadException.class, () -> MemInfo.parseTotalBytes(lines));
    assertEquals(message, e.getMessage());
  }
}
