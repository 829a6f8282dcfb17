package dev.canirundocker.check;

import dev.canirundocker.host.KernelVersion;
import dev.canirundocker.platform.Platform;
import org.jspecify.annotations.Nullable;

/**
 * What an image's real entrypoint binary says about itself (from its ELF header and notes).
 *
 * @param path the file inside the image ({@code /usr/bin/app})
 * @param platform the platform its ELF header names, or null when the machine is unknown
 * @param interpreter its PT_INTERP dynamic loader, or null for a static binary
 * @param minKernel the NT_GNU_ABI_TAG minimum kernel, or null
 * @param x86Level the GNU_PROPERTY_X86_ISA_1_NEEDED level (1..4), 0 when absent
 */
public record BinaryFacts(
    @Nullable String path,
    @Nullable Platform platform,
    @Nullable String interpreter,
    @Nullable KernelVersion minKernel,
    int x86Level) {

  /** The facts of a parsed ELF file at a path inside an image. */
  public static BinaryFacts of(@Nullable String path, dev.canirundocker.elf.ElfInfo elf) {
    return new BinaryFacts(
        path, elf.platform(), elf.interpreter(), elf.abiTagMinKernel(), elf.x86IsaLevel());
  }
}
