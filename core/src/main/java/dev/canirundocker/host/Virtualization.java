package dev.canirundocker.host;

import dev.canirundocker.json.JsonReader;
import dev.canirundocker.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Virtualization facts: whether this host is itself a guest, and whether it can host a VM (what the
 * Docker Desktop route needs). Null means unknown.
 *
 * @param hypervisorPresent this host runs under a hypervisor (the {@code hypervisor} CPU flag, DMI)
 * @param hypervisorVendor the hypervisor's name where one answers (OSHI, DMI), else null
 * @param firmwareEnabled hardware virtualization is enabled in firmware (Windows PF_VIRT_FIRMWARE_ENABLED;
 *     on Linux {@code /dev/kvm} usable or the vmx/svm flag)
 * @param slat second-level address translation (Windows PF_SECOND_LEVEL_ADDRESS_TRANSLATION; EPT/NPT)
 * @param kvm {@code /dev/kvm} exists (Linux), else null
 */
public record Virtualization(Boolean hypervisorPresent, String hypervisorVendor,
    Boolean firmwareEnabled, Boolean slat, Boolean kvm) implements JsonValue {

  @Override
  public Object toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hypervisorPresent", hypervisorPresent);
    m.put("hypervisorVendor", hypervisorVendor);
    m.put("firmwareEnabled", firmwareEnabled);
    m.put("slat", slat);
    m.put("kvm", kvm);
    return m;
  }

  static Virtualization fromJson(JsonReader r) {
    return new Virtualization(r.bool("hypervisorPresent"), r.string("hypervisorVendor"),
        r.bool("firmwareEnabled"), r.bool("slat"), r.bool("kvm"));
  }
}
