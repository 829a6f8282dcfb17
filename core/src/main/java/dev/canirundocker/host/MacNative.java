package dev.canirundocker.host;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.util.platform.mac.SysctlUtil;

/**
 * The macOS calls behind {@link LiveSystemInputs}: sysctlbyname(3) through OSHI. Loaded only on
 * macOS.
 */
final class MacNative {
  private static final Logger LOG = LoggerFactory.getLogger(MacNative.class);

  private MacNative() {}

  /**
   * A sysctl as text. The integer ones this tool reads ({@code hw.optional.arm64}, {@code
   * sysctl.proc_translated}, {@code kern.hv_vmm_present}) are asked as integers, the rest as
   * strings; an absent name (an Intel Mac has no {@code hw.optional.arm64}) is empty.
   */
  static Optional<String> sysctl(String name) {
    try {
      if (name.startsWith("hw.optional.")
          || name.equals("sysctl.proc_translated")
          || name.equals("kern.hv_vmm_present")
          || name.equals("kern.hv_support")) {
        int v = SysctlUtil.sysctl(name, Integer.MIN_VALUE, false);
        return v == Integer.MIN_VALUE ? Optional.empty() : Optional.of(Integer.toString(v));
      }
      String s = SysctlUtil.sysctl(name, (String) null, false);
      return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s.trim());
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("sysctl {}", name, e);
      return Optional.empty();
    }
  }
}
