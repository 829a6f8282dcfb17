package dev.canirundocker.host.linux;

import dev.canirundocker.host.GpuInfo;
import dev.canirundocker.host.KernelInfo;
import dev.canirundocker.host.LinuxInfo;
import dev.canirundocker.host.Unknown;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link LinuxSysfs#readAll} found: the Linux facts, the running kernel, and every fact that
 * could not be established with the reason. A null component of {@code linux} or {@code kernel} has
 * an entry in {@code unknowns}.
 *
 * @param linux the Linux facts
 * @param kernel the running kernel (release, numeric version, build, command line)
 * @param unknowns facts that could not be read, in reading order
 * @param gpu the NVIDIA GPU facts, or null where no NVIDIA driver is present
 */
public record LinuxReadResult(
    LinuxInfo linux, KernelInfo kernel, List<Unknown> unknowns, @Nullable GpuInfo gpu) {
  /** A result without GPU facts. */
  public LinuxReadResult(LinuxInfo linux, KernelInfo kernel, List<Unknown> unknowns) {
    this(linux, kernel, unknowns, null);
  }

  public LinuxReadResult {
    Objects.requireNonNull(linux, "linux");
    Objects.requireNonNull(kernel, "kernel");
    unknowns = unknowns == null ? List.of() : List.copyOf(unknowns);
  }

  /** The first unknown recorded for a fact ({@code linux.cgroups}), if any. */
  public Optional<Unknown> unknown(String fact) {
    return unknowns.stream().filter(u -> u.fact().equals(fact)).findFirst();
  }
}
