package dev.canirundocker.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.canirundocker.testing.FakeSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Windows probe from fixture registry, WMI, OSHI values and files: every path, on Linux. */
class WindowsProbeTest {
  static final String CV = WindowsProbe.CURRENT_VERSION;
  static final long GIB = 1L << 30;

  @TempDir Path root;

  void touch(String path, String content) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  static Map<String, String> env(String arch) {
    return Map.of(
        "ProgramFiles",
        "C:\\Program Files",
        "SystemRoot",
        "C:\\Windows",
        "APPDATA",
        "C:\\Users\\ada\\AppData\\Roaming",
        "PROCESSOR_ARCHITECTURE",
        arch);
  }

  static CpuInfo cpu(String... flags) {
    return new CpuInfo(
        "GenuineIntel", "13th Gen Intel(R) Core(TM) i7-13700H", null, 20, 14, Set.of(flags), 0);
  }

  /** Windows 11 Pro 23H2 as its registry says it (ProductName still "Windows 10 Pro"). */
  static FakeSystem win11Pro() {
    return new FakeSystem()
        .property("os.name", "Windows 11")
        .property("os.arch", "amd64")
        .registry(CV, "ProductName", "Windows 10 Pro")
        .registry(CV, "EditionID", "Professional")
        .registry(CV, "DisplayVersion", "23H2")
        .registry(CV, "CurrentBuildNumber", "22631")
        .registry(CV, "UBR", "4169")
        .registry(CV, "InstallationType", "Client")
        .registry(WindowsProbe.SESSION_ENVIRONMENT, "PROCESSOR_ARCHITECTURE", "AMD64")
        .memory(32 * GIB);
  }

  HostProfile probe(FakeSystem sys, Map<String, String> env) {
    return new LiveHostProbe(new ProbeOptions(root, env, false, null, null, null, sys)).probe();
  }

  @Test
  void windows11ProWithHyperVRunningWsl2AndDesktop() throws IOException {
    touch("Program Files/Docker/Docker/Docker Desktop.exe", "");
    touch("Windows/System32/vmms.exe", "");
    touch("Windows/System32/vmcompute.exe", "");
    touch("Users/ada/AppData/Roaming/Docker/settings-store.json", "{\"WslEngineEnabled\": true}");
    FakeSystem sys =
        win11Pro()
            // Hyper-V running: HypervisorPresent, and the PF_ firmware/SLAT flags hidden
            .cpu(cpu("PF_NX_ENABLED", "PF_XMMI64_INSTRUCTIONS_AVAILABLE"))
            .wmi("Win32_ComputerSystem", "HypervisorPresent", "true")
            .wmi("Win32_ComputerSystem", "Manufacturer", "Dell Inc.")
            .wmi("Win32_ComputerSystem", "Model", "XPS 15 9530")
            .registry(WindowsProbe.WSL_MSI, "Version", "2.3.26.0")
            .registry(WindowsProbe.LXSS, "DefaultDistribution", "{0b2c4d}")
            .registry(WindowsProbe.LXSS + "\\{0b2c4d}", "DistributionName", "Ubuntu")
            .registry(WindowsProbe.LXSS + "\\{0b2c4d}", "Version", "2")
            .registry(WindowsProbe.DESKTOP_UNINSTALL, "DisplayVersion", "4.34.2");
    HostProfile h = probe(sys, env("AMD64"));
    assertEquals("windows/amd64", h.platform().toString());
    assertEquals("10.0.22631.4169", h.platform().osVersion());
    assertEquals(
        new OsInfo("windows", "Windows 11 Pro", "23H2", "22631", "Professional", 64), h.os());
    assertEquals(new Virtualization(true, null, false, false, null, false), h.virtualization());
    assertEquals(
        new VmSupport("2.3.26.0", true, true, null, true, "Ubuntu", 2, "4.34.2", "wsl2"),
        h.vmSupport());
    assertEquals(32 * GIB, h.memoryTotalBytes());
    assertEquals(List.of(), h.unknowns());
    assertEquals("Windows 11 Pro 23H2, build 22631", h.os().summary());
  }

  @Test
  void homeWithoutWslOrHyperVAndVirtualizationOff() {
    FakeSystem sys =
        win11Pro()
            .registry(CV, "ProductName", "Windows 10 Home")
            .registry(CV, "EditionID", "Core")
            .cpu(cpu("PF_SECOND_LEVEL_ADDRESS_TRANSLATION"))
            .wmi("Win32_ComputerSystem", "HypervisorPresent", "false")
            .wmi("Win32_ComputerSystem", "Manufacturer", "LENOVO")
            .wmi("Win32_ComputerSystem", "Model", "82K2");
    HostProfile h = probe(sys, env("AMD64"));
    assertEquals("Windows 11 Home", h.os().name());
    assertEquals("Core", h.os().edition());
    assertEquals(new Virtualization(false, null, false, true, null, false), h.virtualization());
    assertEquals(
        new VmSupport(null, null, null, null, false, null, null, null, null), h.vmSupport());
  }

  @Test
  void hyperVBackendFromTheOldSettingsFileAndWslFromItsExecutable() throws IOException {
    touch("Program Files/Docker/Docker/Docker Desktop.exe", "");
    touch("Program Files/WSL/wsl.exe", "MZ");
    touch("Users/ada/AppData/Roaming/Docker/settings.json", "{\"wslEngineEnabled\": false}");
    FakeSystem sys =
        win11Pro()
            .cpu(cpu("PF_VIRT_FIRMWARE_ENABLED", "PF_SECOND_LEVEL_ADDRESS_TRANSLATION"))
            .fileVersion(root.resolve("Program Files/WSL/wsl.exe"), "2.1.5.0");
    VmSupport vm = probe(sys, env("AMD64")).vmSupport();
    assertEquals("2.1.5.0", vm.wslVersion());
    assertEquals("hyperv", vm.desktopBackend());
    assertNull(vm.dockerDesktopVersion());
  }

  @Test
  void aGuestVmAndWmiSilent() {
    HostProfile guest =
        probe(
            win11Pro()
                .cpu(cpu())
                .wmi("Win32_ComputerSystem", "HypervisorPresent", "true")
                .wmi("Win32_ComputerSystem", "Manufacturer", "Microsoft Corporation")
                .wmi("Win32_ComputerSystem", "Model", "Virtual Machine"),
            env("AMD64"));
    assertEquals(
        new Virtualization(true, "Hyper-V", false, false, null, true), guest.virtualization());
    HostProfile silent = probe(win11Pro().cpu(cpu()), env("AMD64"));
    assertEquals(new Virtualization(null, null, false, false, null, null), silent.virtualization());
    assertEquals(
        List.of(
            new Unknown(
                "virtualization.hypervisorPresent",
                "WMI's Win32_ComputerSystem.HypervisorPresent did not answer")),
        silent.unknowns());
  }

  /**
   * An x64 JVM emulated on Windows on Arm sees AMD64 in its environment; the registry says ARM64.
   */
  @Test
  void windowsOnArmUnderX64Emulation() {
    FakeSystem sys =
        win11Pro().registry(WindowsProbe.SESSION_ENVIRONMENT, "PROCESSOR_ARCHITECTURE", "ARM64");
    assertEquals("windows/arm64", probe(sys, env("AMD64")).platform().toString());
    FakeSystem noReg =
        new FakeSystem()
            .property("os.name", "Windows 11")
            .registry(CV, "CurrentBuildNumber", "22631");
    assertEquals(
        "arm64",
        probe(noReg, Map.of("PROCESSOR_ARCHITECTURE", "x86", "PROCESSOR_ARCHITEW6432", "ARM64"))
            .platform()
            .architecture());
  }

  @Test
  void serverKeepsItsName() {
    FakeSystem sys =
        win11Pro()
            .registry(CV, "ProductName", "Windows Server 2025 Datacenter")
            .registry(CV, "EditionID", "ServerDatacenter")
            .registry(CV, "InstallationType", "Server")
            .registry(CV, "CurrentBuildNumber", "26100")
            .registry(CV, "DisplayVersion", "24H2");
    HostProfile h = probe(sys, env("AMD64"));
    assertEquals("Windows Server 2025 Datacenter", h.os().name());
    assertEquals("Windows Server 2025 Datacenter 24H2, build 26100", h.os().summary());
  }
}
