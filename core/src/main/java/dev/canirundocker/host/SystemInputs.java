package dev.canirundocker.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The operating system's own inputs to the Windows and macOS probes, besides the files under {@link
 * ProbeOptions#root()} and the environment in {@link ProbeOptions#env()}: JVM system properties,
 * the Windows registry, WMI, executables' version resources, macOS sysctls and OSHI's processor and
 * memory. Every Windows and macOS probe reads through this one seam, so each of its paths runs in
 * tests on any OS with fixture values; {@link #live()} asks the real system.
 *
 * <p>Every method answers without starting a process, and answers "unknown" (null, empty) rather
 * than throwing where the system cannot tell, or where the call belongs to another OS.
 */
public interface SystemInputs {

  /** A JVM system property ({@code os.name}, {@code os.version}, {@code os.arch}), or null. */
  String property(String name);

  /**
   * A registry value: {@code key} is the full key path with its hive ({@code HKLM\SOFTWARE\...},
   * {@code HKCU\Software\...}); REG_SZ and REG_EXPAND_SZ as they are, REG_DWORD and REG_QWORD in
   * decimal. Empty where the key or value is absent, or not on Windows.
   */
  Optional<String> registry(String key, String value);

  /** The names of a registry key's subkeys; empty where the key is absent, or not on Windows. */
  List<String> registrySubkeys(String key);

  /**
   * One property of the first instance of a WMI class in {@code root\cimv2} ({@code
   * Win32_ComputerSystem}, {@code HypervisorPresent}), as text ({@code true}, a name); empty where
   * WMI does not answer in time, or not on Windows.
   */
  Optional<String> wmi(String wmiClass, String property);

  /** The file version of a Windows executable's version resource ({@code 2.3.26.0}), or empty. */
  Optional<String> fileVersion(Path file);

  /** A macOS sysctl as text ({@code kern.osproductversion} is {@code 14.5}), or empty. */
  Optional<String> sysctl(String name);

  /**
   * OSHI's processor facts (vendor, model, counts, feature flags), or null where OSHI cannot tell.
   */
  @Nullable CpuInfo cpu();

  /** Total physical memory in bytes, or 0 where unknown. */
  long memoryTotalBytes();

  /** The running system. */
  static SystemInputs live() {
    return LiveSystemInputs.INSTANCE;
  }
}
