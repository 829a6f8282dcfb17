package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.canirundocker.host.CpuInfo;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.KernelInfo;
import dev.canirundocker.host.OsInfo;
import dev.canirundocker.host.Virtualization;
import dev.canirundocker.host.VmSupport;
import dev.canirundocker.platform.Platform;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The host summary's OS and virtualization rows on Windows and macOS: each fact once, and right.
 */
class HostSummaryTest {
  static HostProfile windows(Virtualization v) {
    return new HostProfile(
        1,
        Platform.parse("windows/amd64").withOsVersion("10.0.22631.4169"),
        new OsInfo("windows", "Windows 11 Pro", "23H2", "22631", "Professional", 64),
        new KernelInfo("10.0.22631.4169", "10.0.22631.4169", null, null),
        new CpuInfo("GenuineIntel", "Intel Core i7", null, 8, 4, Set.of(), 0),
        16L << 30,
        v,
        VmSupport.UNKNOWN,
        null,
        List.of(),
        List.of());
  }

  @Test
  void windowsUnderHyperVSaysVirtualizationIsOnNotOff() {
    String s =
        HostCommand.summary(
            windows(new Virtualization(true, null, false, false, null, false)),
            new Render(false, false));
    assertTrue(s.contains("OS               Windows 11 Pro 23H2, build 22631\n"), s);
    assertTrue(
        s.contains(
            "Virtualization   a hypervisor runs beneath Windows (Hyper-V, WSL 2 or VBS): "
                + "virtualization on\n"),
        s);
  }

  @Test
  void windowsWithoutAHypervisorShowsTheFirmwareFlag() {
    String s =
        HostCommand.summary(
            windows(new Virtualization(false, null, false, true, null, false)),
            new Render(false, false));
    assertTrue(s.contains("Virtualization   no hypervisor seen, hardware virtualization off\n"), s);
  }

  @Test
  void macOsLineNamesTheChip() {
    HostProfile mac =
        new HostProfile(
            1,
            Platform.parse("darwin/arm64"),
            new OsInfo("macos", "macOS", "14.5", "23F79", null, 64),
            new KernelInfo("23.5.0", "23.5.0", null, null),
            new CpuInfo("Apple Inc.", "Apple M2", null, 8, 8, Set.of(), 0),
            16L << 30,
            new Virtualization(false, null, true, null, null, false),
            VmSupport.UNKNOWN,
            null,
            List.of(),
            List.of());
    assertTrue(
        HostCommand.summary(mac, new Render(false, false))
            .contains("OS               macOS 14.5 (Apple M2)\n"));
  }
}
