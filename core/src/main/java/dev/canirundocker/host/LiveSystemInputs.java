package dev.canirundocker.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;

/**
 * {@link SystemInputs} of the running system. The Windows calls live in {@link WindowsNative} and
 * the macOS ones in {@link MacNative}, loaded only on their OS: JNA is never loaded on Linux, where
 * the Linux probe reads files instead (see {@link JnaFreeLinux}).
 */
final class LiveSystemInputs implements SystemInputs {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSystemInputs.class);
  static final LiveSystemInputs INSTANCE = new LiveSystemInputs();

  private final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
  private volatile @Nullable SystemInfo oshi;

  private LiveSystemInputs() {}

  private boolean windows() {
    return os.startsWith("windows");
  }

  private boolean mac() {
    return os.startsWith("mac") || os.startsWith("darwin");
  }

  private SystemInfo oshi() {
    SystemInfo s = oshi;
    if (s == null) {
      s = new SystemInfo();
      oshi = s;
    }
    return s;
  }

  @Override
  public String property(String name) {
    return System.getProperty(name);
  }

  @Override
  public Optional<String> registry(String key, String value) {
    return windows() ? WindowsNative.registry(key, value) : Optional.empty();
  }

  @Override
  public List<String> registrySubkeys(String key) {
    return windows() ? WindowsNative.subkeys(key) : List.of();
  }

  @Override
  public Optional<String> wmi(String wmiClass, String property) {
    return windows() ? WindowsNative.wmi(wmiClass, property) : Optional.empty();
  }

  @Override
  public Optional<String> fileVersion(Path file) {
    return windows() ? WindowsNative.fileVersion(file) : Optional.empty();
  }

  @Override
  public Optional<String> sysctl(String name) {
    return mac() ? MacNative.sysctl(name) : Optional.empty();
  }

  @Override
  public @Nullable CpuInfo cpu() {
    try {
      return LiveHostProbe.cpuOf(oshi().getHardware().getProcessor());
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("OSHI could not identify the processor", e);
      return null;
    }
  }

  @Override
  public long memoryTotalBytes() {
    try {
      return oshi().getHardware().getMemory().getTotal();
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("OSHI could not read the memory size", e);
      return 0;
    }
  }
}
