package dev.canirundocker.host;

import dev.canirundocker.platform.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Probes a Mac from sysctls and files, every input read through {@link ProbeOptions}; no process is
 * started.
 *
 * <ul>
 *   <li>Apple silicon: {@code hw.optional.arm64} is 1 on Apple silicon, also for an x86_64 process
 *       that Rosetta translates, whose own {@code sysctl.proc_translated} is 1 (Apple, "About the
 *       Rosetta translation environment"); {@code os.arch} of such a JVM says x86_64.
 *   <li>The macOS version: {@code kern.osproductversion}; {@code os.version} can say 10.16 for a
 *       JVM built against an old SDK.
 *   <li>Rosetta 2 is installed where its runtime exists ({@code softwareupdate --install-rosetta}
 *       puts it under /Library/Apple/usr/share/rosetta), or where this JVM itself is translated.
 *   <li>Docker Desktop: /Applications/Docker.app (docker/docs mac-install.md: "By default, Docker
 *       Desktop is installed at /Applications/Docker.app"), or ~/Applications; its version is the
 *       bundle's CFBundleShortVersionString.
 *   <li>Virtualization: {@code kern.hv_support} is 1 where Hypervisor.framework can run VMs; {@code
 *       kern.hv_vmm_present} is 1 inside a VM.
 * </ul>
 */
final class MacProbe {
  static final String ROSETTA = "Library/Apple/usr/share/rosetta/rosetta";
  private static final Pattern SHORT_VERSION =
      Pattern.compile("<key>CFBundleShortVersionString</key>\\s*<string>([^<]{1,64})</string>");

  private final ProbeOptions options;
  private final SystemInputs sys;
  private final List<Unknown> unknowns = new ArrayList<>();

  MacProbe(ProbeOptions options) {
    this.options = options;
    this.sys = options.system();
  }

  HostProfile probe() {
    Optional<String> arm64 = sys.sysctl("hw.optional.arm64");
    boolean translated = sys.sysctl("sysctl.proc_translated").map("1"::equals).orElse(false);
    CpuInfo cpu = sys.cpu();
    String arch;
    if (arm64.isPresent()) {
      arch = arm64.get().equals("1") ? "arm64" : "amd64";
    } else if (cpu != null && cpu.model() != null && cpu.model().startsWith("Apple")) {
      arch = "arm64";
    } else if (cpu != null && cpu.model() != null && cpu.model().contains("Intel")) {
      arch = "amd64"; // an Intel Mac has no hw.optional.arm64 at all
    } else {
      String jvm = sys.property("os.arch");
      arch = Platform.of("darwin", jvm == null ? "amd64" : jvm, "").architecture();
      unknowns.add(
          new Unknown(
              "platform",
              "neither hw.optional.arm64 nor the processor's name "
                  + "tells Apple silicon from Intel; the architecture is the JVM's ("
                  + jvm
                  + ")"));
    }
    if (cpu == null) {
      unknowns.add(new Unknown("cpu", "OSHI could not identify the processor"));
    }
    String version = sys.sysctl("kern.osproductversion").orElse(sys.property("os.version"));
    String build = sys.sysctl("kern.osversion").orElse(null);
    OsInfo os = new OsInfo("macos", "macOS", version, build, null, 64);
    long mem = sys.memoryTotalBytes();
    if (mem <= 0) {
      unknowns.add(new Unknown("memory.totalBytes", "OSHI could not read the memory size"));
    }
    String release = sys.sysctl("kern.osrelease").orElse(null);
    Boolean vmm = sys.sysctl("kern.hv_vmm_present").map("1"::equals).orElse(null);
    Boolean hv = sys.sysctl("kern.hv_support").map("1"::equals).orElse(null);
    if (hv == null) {
      unknowns.add(new Unknown("virtualization.firmwareEnabled", "kern.hv_support did not answer"));
    }
    Virtualization virt = new Virtualization(vmm, null, hv, null, null, vmm);
    Path root = options.root();
    boolean appleSilicon = arch.equals("arm64");
    Boolean rosetta = appleSilicon ? (translated || Files.exists(root.resolve(ROSETTA))) : null;
    Path app = desktopApp(root);
    String desktopVersion = app == null ? null : bundleVersion(app.resolve("Contents/Info.plist"));
    VmSupport vm =
        new VmSupport(null, null, null, rosetta, app != null, null, null, desktopVersion, null);
    return new HostProfile(
        HostProfile.SCHEMA_VERSION,
        Platform.of("darwin", arch, ""),
        os,
        new KernelInfo(release, release, null, null),
        cpu,
        mem,
        virt,
        vm,
        null,
        List.of(),
        unknowns);
  }

  private @Nullable Path desktopApp(Path root) {
    Path sys = root.resolve("Applications/Docker.app");
    if (Files.isDirectory(sys)) {
      return sys;
    }
    String home = options.env().get("HOME");
    if (home != null) {
      Path user = root.resolve(home.replaceFirst("^/+", "")).resolve("Applications/Docker.app");
      if (Files.isDirectory(user)) {
        return user;
      }
    }
    return null;
  }

  /** CFBundleShortVersionString of an XML Info.plist, or null (absent, binary plist, too large). */
  static @Nullable String bundleVersion(Path plist) {
    try {
      if (Files.size(plist) > 1 << 20) {
        return null;
      }
      Matcher m = SHORT_VERSION.matcher(Files.readString(plist, StandardCharsets.UTF_8));
      return m.find() ? m.group(1).trim() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
