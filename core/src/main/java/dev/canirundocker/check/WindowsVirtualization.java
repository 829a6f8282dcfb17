package dev.canirundocker.check;

import dev.canirundocker.host.Virtualization;
import org.jspecify.annotations.Nullable;

/**
 * Hardware virtualization on Windows, as Docker Desktop's VM needs it: enabled in firmware, SLAT,
 * and nested virtualization where this Windows is itself a guest.
 */
final class WindowsVirtualization {
  private WindowsVirtualization() {}

  /**
   * Hardware virtualization on Windows. Windows hides the firmware flag while a hypervisor runs:
   * IsProcessorFeaturePresent(PF_VIRT_FIRMWARE_ENABLED) and systeminfo's "Hyper-V Requirements" ("A
   * hypervisor has been detected. Features required for Hyper-V will not be displayed.") report it
   * only without one, as Microsoft's ComputerInfo documents: HyperVRequirementVirtualization-
   * FirmwareEnabled "If a HyperVisor is not present, indicates the state of the requirement"
   * (learn.microsoft.com, Microsoft.PowerShell.Commands.ComputerInfo; HyperVisorPresent "If true, a
   * HyperVisor was detected", from Win32_ComputerSystem.HypervisorPresent). So a hypervisor running
   * beneath this Windows (not as its guest) proves virtualization is enabled and in use (Hyper-V,
   * WSL 2, virtualization-based security), and SLAT with it (client Hyper-V and VBS require SLAT);
   * only with no hypervisor running does the firmware flag decide.
   */
  static void evaluate(@Nullable Virtualization v, Evaluation.Builder b) {
    boolean present = v != null && Boolean.TRUE.equals(v.hypervisorPresent());
    if (present && v != null && v.hypervisorRunsHere()) {
      b.add(
          Finding.info(
              FindingIds.VIRTUALIZATION_HYPERVISOR_RUNNING,
              "A hypervisor is running "
                  + "(Win32_ComputerSystem.HypervisorPresent): virtualization is enabled in firmware and in "
                  + "use (Hyper-V, WSL 2 or virtualization-based security); Windows hides the firmware flag "
                  + "while it runs"));
      return;
    }
    if (present && v != null && Boolean.TRUE.equals(v.guest())) {
      b.add(
          Finding.warn(
              FindingIds.VIRTUALIZATION_NESTED,
              "This Windows is a virtual machine (guest of "
                  + (v.hypervisorVendor() == null ? "a hypervisor" : v.hypervisorVendor())
                  + "): Docker "
                  + "Desktop's VM needs nested virtualization",
              "Enable nested virtualization for this VM on "
                  + "its hypervisor (Hyper-V: Set-VMProcessor -ExposeVirtualizationExtensions $true)"));
      return;
    }
    if (present) {
      b.add(
          Finding.info(
              FindingIds.VIRTUALIZATION_HYPERVISOR_PRESENT,
              "A hypervisor is present: either "
                  + "virtualization is enabled and in use here (Hyper-V, WSL 2, virtualization-based "
                  + "security) or this Windows is a VM guest, which then needs nested virtualization; the "
                  + "firmware flag is hidden either way"));
      return;
    }
    if (v == null || v.firmwareEnabled() == null) {
      b.add(
          Finding.warn(
              FindingIds.VIRTUALIZATION_FIRMWARE_UNKNOWN,
              "Whether virtualization is enabled in firmware is unknown",
              null));
    } else if (!v.firmwareEnabled()) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.VIRTUALIZATION_FIRMWARE_DISABLED,
              "Hardware virtualization is disabled in firmware (no hypervisor runs and "
                  + "PF_VIRT_FIRMWARE_ENABLED is false)",
              "Enable Intel VT-x / AMD-V (SVM) in the BIOS/UEFI settings"));
    }
    if (v == null || v.slat() == null) {
      b.add(
          Finding.warn(
              FindingIds.VIRTUALIZATION_SLAT_UNKNOWN,
              "Whether the CPU has second-level address translation (SLAT) is unknown",
              null));
    } else if (!v.slat()) {
      b.add(
          Verdict.UNSUPPORTED,
          Finding.fail(
              FindingIds.VIRTUALIZATION_SLAT_MISSING,
              "The CPU lacks second-level address translation (SLAT, EPT/RVI) that Hyper-V and WSL 2 need",
              "Use a CPU with SLAT (Intel EPT, AMD RVI)"));
    }
  }
}
