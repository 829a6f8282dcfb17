package dev.canirundocker.host.linux;

import dev.canirundocker.elf.CudaCompatNote;
import dev.canirundocker.elf.ElfException;
import dev.canirundocker.host.CudaDrivers;
import dev.canirundocker.host.GpuInfo;
import dev.canirundocker.host.GpuInfo.Gpu;
import dev.canirundocker.host.Unknown;
import dev.canirundocker.text.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The NVIDIA driver and the container toolkit, from files only: nothing is loaded or started.
 *
 * <ul>
 *   <li>{@code /proc/driver/nvidia/version}: the kernel module's version (the NVRM line);
 *   <li>{@code /proc/driver/nvidia/gpus/<bus>/information}: model, UUID, bus, minor per GPU;
 *   <li>{@code /dev/nvidia*}; WSL 2's {@code /dev/dxg} with {@code /usr/lib/wsl/lib/libcuda.so*};
 *   <li>the CUDA version from the driver's {@code libcuda.so.<version>} ({@link CudaCompatNote}),
 *       else the driver-branch table {@link CudaDrivers};
 *   <li>nvidia-container-toolkit's binaries on PATH, its config.toml, CDI specs.
 * </ul>
 */
public final class Nvidia {
  static final String VERSION_FILE = "/proc/driver/nvidia/version";
  static final String GPUS_DIR = "/proc/driver/nvidia/gpus";
  static final String WSL_LIB = "/usr/lib/wsl/lib";

  /**
   * Where distributions install the driver's libcuda (Debian/Ubuntu multiarch, RHEL lib64, ...).
   */
  static final List<String> LIB_DIRS =
      List.of(
          "/usr/lib/x86_64-linux-gnu",
          "/usr/lib/aarch64-linux-gnu",
          "/usr/lib64",
          "/usr/lib",
          "/lib/x86_64-linux-gnu",
          "/lib/aarch64-linux-gnu",
          "/lib64");

  /**
   * The CDI spec directories (CDI spec: /etc/cdi and /var/run/cdi, the latter for generated ones).
   */
  static final List<String> CDI_DIRS = List.of("/etc/cdi", "/var/run/cdi");

  private static final List<String> BIN_DIRS =
      List.of("/usr/bin", "/usr/local/bin", "/usr/sbin", "/bin");
  private static final int HEAD = 64 * 1024;
  // NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.129.03  Thu Oct 19 ...
  // NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  550.54.14  Release Build ...
  private static final Pattern NVRM =
      Pattern.compile(
          "^NVRM version: NVIDIA UNIX (?:(Open) )?(?:\\S+ )?Kernel Module(?: for \\S+)?\\s+(\\d+(?:\\.\\d+)+)\\b");
  private static final Pattern LIBCUDA = Pattern.compile("libcuda\\.so\\.(\\d+(?:\\.\\d+)*)");

  private Nvidia() {}

  /**
   * The driver version and module kind from {@code /proc/driver/nvidia/version}.
   *
   * @return {version, "proprietary"|"open"}
   * @throws LinuxReadException when no line names a kernel module version
   */
  public static String[] parseVersion(List<String> lines) throws LinuxReadException {
    for (String l : lines) {
      Matcher m = NVRM.matcher(l.strip());
      if (m.find()) {
        return new String[] {m.group(2), m.group(1) != null ? "open" : "proprietary"};
      }
    }
    throw new LinuxReadException(
        VERSION_FILE
            + ": no 'NVRM version: ... Kernel Module <version>' "
            + "line"
            + (lines.isEmpty() ? "" : " (got '" + Text.quote(lines.get(0)) + "')"));
  }

  /** A GPU from its {@code information} file ({@code Key: value} lines). */
  public static Gpu parseInformation(List<String> lines) {
    String model = null;
    String uuid = null;
    String bus = null;
    int minor = -1;
    for (String l : lines) {
      int c = l.indexOf(':');
      if (c < 0) {
        continue;
      }
      String k = l.substring(0, c).strip();
      String v = l.substring(c + 1).strip();
      switch (k) {
        case "Model" -> model = v;
        case "GPU UUID" -> uuid = v;
        case "Bus Location" -> bus = v;
        case "Device Minor" -> minor = v.matches("\\d{1,6}") ? Integer.parseInt(v) : -1;
        default -> {}
      }
    }
    return new Gpu(model, uuid, bus, minor);
  }

  /**
   * Reads the GPU facts; null where no NVIDIA driver is present (neither the kernel module nor WSL
   * 2's GPU). Unreadable parts are unknowns named {@code gpu.*}.
   */
  static @Nullable GpuInfo read(LinuxRoot root, Map<String, String> env, List<Unknown> unknowns) {
    String version = null;
    String module = null;
    boolean driver = false;
    try {
      List<String> l = ProcFiles.readLinesOrNull(root.path(VERSION_FILE), VERSION_FILE);
      if (l != null) {
        driver = true;
        String[] v = parseVersion(l);
        version = v[0];
        module = v[1];
      }
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("gpu.driverVersion", Text.message(x)));
    }
    List<String> nodes = deviceNodes(root);
    String wslLib = firstLibcuda(root, WSL_LIB, null);
    boolean wsl =
        nodes.contains("dxg")
            && (wslLib != null || Files.isRegularFile(root.path(WSL_LIB + "/libcuda.so")));
    if (!driver && !wsl) {
      return null;
    }
    List<Gpu> gpus = new ArrayList<>();
    try {
      List<String> buses = ProcFiles.listOrNull(root.path(GPUS_DIR), GPUS_DIR);
      for (String b : buses == null ? List.<String>of() : buses.stream().sorted().toList()) {
        String f = GPUS_DIR + "/" + b + "/information";
        List<String> info = ProcFiles.readLinesOrNull(root.path(f), f);
        if (info != null) {
          gpus.add(parseInformation(info));
        }
      }
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("gpu.gpus", Text.message(x)));
    }
    String cuda = null;
    String source = null;
    String lib = wsl && !driver ? wslLib : null;
    for (int i = 0; lib == null && i < LIB_DIRS.size(); i++) {
      lib = firstLibcuda(root, LIB_DIRS.get(i), version);
    }
    if (lib != null) {
      try {
        Optional<CudaCompatNote> n = CudaCompatNote.read(lib, head(root.path(lib)));
        if (n.isPresent() && n.get().cudaVersion() != null) {
          cuda = n.get().cudaVersion();
          source = lib + " (" + CudaCompatNote.SECTION + ")";
        }
      } catch (IOException | ElfException x) {
        unknowns.add(new Unknown("gpu.cudaVersion", lib + ": " + x.getMessage()));
      }
    }
    if (cuda == null && version != null) {
      Optional<String> t = CudaDrivers.cudaForDriver(version);
      if (t.isPresent()) {
        cuda = t.get();
        source = "driver " + version + " and the CUDA release notes' minimum drivers (at least)";
      }
    }
    if (cuda == null) {
      unknowns.add(
          new Unknown(
              "gpu.cudaVersion",
              lib == null
                  ? "no libcuda.so.<version> with a "
                      + CudaCompatNote.SECTION
                      + " note and no driver version"
                  : lib + ": no " + CudaCompatNote.SECTION + " note"));
    }
    return new GpuInfo(
        version, module, cuda, source, gpus, nodes, wsl, runtime(root, env, unknowns));
  }

  private static List<String> deviceNodes(LinuxRoot root) {
    List<String> out = new ArrayList<>();
    try {
      List<String> dev = ProcFiles.listOrNull(root.path("/dev"), "/dev");
      for (String n : dev == null ? List.<String>of() : dev) {
        if (n.startsWith("nvidia") || n.equals("dxg")) {
          out.add(n);
        }
      }
    } catch (LinuxReadException x) {
      // the nodes are evidence only; their absence is said by the checks
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /**
   * {@code dir/libcuda.so.<wanted>} where it exists, else the highest-versioned {@code
   * libcuda.so.X.Y[.Z]} there (a WSL 2 {@code libcuda.so.1.1} included), else null.
   */
  static @Nullable String firstLibcuda(LinuxRoot root, String dir, @Nullable String wanted) {
    if (wanted != null && Files.isRegularFile(root.path(dir + "/libcuda.so." + wanted))) {
      return dir + "/libcuda.so." + wanted;
    }
    List<String> names;
    try {
      names = ProcFiles.listOrNull(root.path(dir), dir);
    } catch (LinuxReadException x) {
      return null;
    }
    String best = null;
    for (String n : names == null ? List.<String>of() : names) {
      Matcher m = LIBCUDA.matcher(n);
      if (m.matches()
          && Files.isRegularFile(root.path(dir + "/" + n))
          && (best == null || CudaDrivers.compare(m.group(1), best.substring(11)) > 0)) {
        best = n;
      }
    }
    return best == null ? null : dir + "/" + best;
  }

  private static byte[] head(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return in.readNBytes(HEAD);
    }
  }

  private static GpuInfo.Runtime runtime(
      LinuxRoot root, Map<String, String> env, List<Unknown> unknowns) {
    List<String> specs = new ArrayList<>();
    for (String d : CDI_DIRS) {
      try {
        List<String> names = ProcFiles.listOrNull(root.path(d), d);
        for (String n : names == null ? List.<String>of() : names.stream().sorted().toList()) {
          String f = d + "/" + n;
          if ((n.endsWith(".yaml") || n.endsWith(".json"))
              && ProcFiles.readText(root.path(f), f).contains("nvidia.com/gpu")) {
            specs.add(f);
          }
        }
      } catch (LinuxReadException x) {
        unknowns.add(new Unknown("gpu.runtime.cdiSpecs", Text.message(x)));
      }
    }
    return new GpuInfo.Runtime(
        root.findExecutable("nvidia-container-runtime-hook", env, BIN_DIRS),
        root.findExecutable("nvidia-container-runtime", env, BIN_DIRS),
        root.findExecutable("nvidia-ctk", env, BIN_DIRS),
        root.findExecutable("nvidia-container-cli", env, BIN_DIRS),
        Files.isRegularFile(root.path("/etc/nvidia-container-runtime/config.toml")),
        specs);
  }
}
