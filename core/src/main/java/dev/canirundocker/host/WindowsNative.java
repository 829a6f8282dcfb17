package dev.canirundocker.host;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.COM.WbemcliUtil.WmiQuery;
import com.sun.jna.platform.win32.COM.WbemcliUtil.WmiResult;
import com.sun.jna.platform.win32.VerRsrc.VS_FIXEDFILEINFO;
import com.sun.jna.platform.win32.VersionUtil;
import com.sun.jna.platform.win32.WinReg;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.util.platform.windows.WmiQueryHandler;

/**
 * The Windows calls behind {@link LiveSystemInputs}: the registry through JNA's Advapi32Util, WMI
 * through OSHI's query handler (bounded by a timeout), version resources through VersionUtil. No
 * process is started. Loaded only on Windows.
 */
final class WindowsNative {
  private static final Logger LOG = LoggerFactory.getLogger(WindowsNative.class);

  /** WMI can stall while its service starts; the probe waits at most this long. */
  private static final int WMI_TIMEOUT_MS = 3000;

  private WindowsNative() {}

  /** The properties this tool reads from Win32_ComputerSystem (WmiQuery needs an enum). */
  enum ComputerSystem {
    HYPERVISORPRESENT,
    MANUFACTURER,
    MODEL
  }

  private static WinReg.@Nullable HKEY hive(String key) {
    String h = key.substring(0, Math.max(0, key.indexOf('\\'))).toUpperCase(Locale.ROOT);
    switch (h) {
      case "HKLM":
      case "HKEY_LOCAL_MACHINE":
        return WinReg.HKEY_LOCAL_MACHINE;
      case "HKCU":
      case "HKEY_CURRENT_USER":
        return WinReg.HKEY_CURRENT_USER;
      default:
        return null;
    }
  }

  private static String path(String key) {
    return key.substring(key.indexOf('\\') + 1);
  }

  /** The hive of a key that exists, or null (an unknown hive, an absent key, a failing call). */
  private static WinReg.@Nullable HKEY existing(String key) {
    WinReg.HKEY hive = hive(key);
    try {
      return hive != null && Advapi32Util.registryKeyExists(hive, path(key)) ? hive : null;
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("registry {}", key, e);
      return null;
    }
  }

  static Optional<String> registry(String key, String value) {
    WinReg.HKEY hive = existing(key);
    if (hive == null) {
      return Optional.empty();
    }
    try {
      Object v = Advapi32Util.registryGetValue(hive, path(key), value);
      return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("registry {}\\{}", key, value, e);
      return Optional.empty();
    }
  }

  static List<String> subkeys(String key) {
    WinReg.HKEY hive = existing(key);
    if (hive == null) {
      return List.of();
    }
    try {
      return List.of(Advapi32Util.registryGetKeys(hive, path(key)));
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("registry {}", key, e);
      return List.of();
    }
  }

  static Optional<String> wmi(String wmiClass, String property) {
    if (!wmiClass.equals("Win32_ComputerSystem")) {
      return Optional.empty();
    }
    ComputerSystem p;
    try {
      p = ComputerSystem.valueOf(property.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    try {
      WmiQueryHandler h = WmiQueryHandler.createInstance();
      h.setWmiTimeout(WMI_TIMEOUT_MS);
      WmiResult<ComputerSystem> r =
          h.queryWMI(new WmiQuery<>("Win32_ComputerSystem", ComputerSystem.class));
      if (r.getResultCount() < 1) {
        return Optional.empty();
      }
      Object v = r.getValue(p, 0);
      return v == null ? Optional.empty() : Optional.of(String.valueOf(v).trim());
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("WMI {}.{}", wmiClass, property, e);
      return Optional.empty();
    }
  }

  static Optional<String> fileVersion(Path file) {
    try {
      VS_FIXEDFILEINFO i = VersionUtil.getFileVersionInfo(file.toString());
      return Optional.of(
          i.getFileVersionMajor()
              + "."
              + i.getFileVersionMinor()
              + "."
              + i.getFileVersionRevision()
              + "."
              + i.getFileVersionBuild());
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("version resource of {}", file, e);
      return Optional.empty();
    }
  }
}
