package dev.canirundocker.host;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Virtualization facts: whether this host is itself a guest, and whether it can host a VM (what the
 * Docker Desktop route needs). Null means unknown.
 *
 * @param hypervisorPresent this host runs under a hypervisor (the {@code hypervisor} CPU flag, DMI)
 * @param hypervisorVendor the hypervisor's name where one answers (OSHI, DMI), else null
 * @param firmwareEnabled hardware virtualization is enabled in firmware (Windows
 *     PF_VIRT_FIRMWARE_ENABLED; on Linux {@code /dev/kvm} usable or the vmx/svm flag)
 * @param slat second-level address translation (Windows PF_SECOND_LEVEL_ADDRESS_TRANSLATION;
 *     EPT/NPT)
 * @param kvm {@code /dev/kvm} exists (Linux), else null
 * @param guest this OS is a virtual machine's guest (DMI, or Win32_ComputerSystem's manufacturer
 *     and model naming a VM), false where the machine is named and is no VM, null where unknown. It
 *     tells the two cases of a present hypervisor apart: on Windows a hypervisor also runs beneath
 *     the host itself whenever Hyper-V, WSL 2 or virtualization-based security is on (the root
 *     partition), and then virtualization is enabled and in use.
 */
public record Virtualization(
    @Nullable Boolean hypervisorPresent,
    @Nullable String hypervisorVendor,
    @Nullable Boolean firmwareEnabled,
    @Nullable Boolean slat,
    @Nullable Boolean kvm,
    @Nullable Boolean guest)
    implements JsonValue {

  /** Without the guest fact (profiles saved before it existed; Linux callers that lack it). */
  public Virtualization(
      @Nullable Boolean hypervisorPresent,
      @Nullable String hypervisorVendor,
      @Nullable Boolean firmwareEnabled,
      @Nullable Boolean slat,
      @Nullable Boolean kvm) {
    this(hypervisorPresent, hypervisorVendor, firmwareEnabled, slat, kvm, null);
  }

  /**
   * Whether a hypervisor runs beneath this OS while the OS is not its guest: on Windows the root
   * partition of Hyper-V (Hyper-V, WSL 2, VBS), which proves virtualization is enabled in firmware.
   */
  public boolean hypervisorRunsHere() {
    return Boolean.TRUE.equals(hypervisorPresent) && Boolean.FALSE.equals(guest);
  }

  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hypervisorPresent", hypervisorPresent);
    m.put("hypervisorVendor", hypervisorVendor);
    m.put("firmwareEnabled", firmwareEnabled);
    m.put("slat", slat);
    m.put("kvm", kvm);
    m.put("guest", guest);
    return m;
  }

  static Virtualization fromJson(JsonReader r) {
    return new Virtualization(
        r.bool("hypervisorPresent"),
        r.string("hypervisorVendor"),
        r.bool("firmwareEnabled"),
        r.bool("slat"),
        r.bool("kvm"),
        r.bool("guest"));
  }
}
