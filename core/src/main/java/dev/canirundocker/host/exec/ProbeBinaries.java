package dev.canirundocker.host.exec;

import dev.canirundocker.platform.ElfMachine;
import dev.canirundocker.platform.Platform;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tiny static ELF executable per architecture that does nothing but {@code exit(0)}: the exec
 * probe. Running one tells what this kernel really executes, natively or through a binfmt_misc
 * handler such as qemu-user, which a kernel's config or a CPU's name cannot: a kernel built with
 * IA32 emulation may boot with it off, an arm64 CPU may lack AArch32.
 *
 * <p>Each file is an ELF header, two program headers ({@code PT_LOAD} of the whole file, read and
 * execute, and {@code PT_GNU_STACK} read-write so that no kernel or security module sees a request
 * for an executable stack), and three or so hand-assembled instructions calling the architecture's
 * {@code exit} system call. The headers are built here; field layouts are glibc {@code elf/elf.h},
 * the system call numbers are the kernel's (arch/x86/entry/syscalls/syscall_64.tbl 60,
 * syscall_32.tbl 1, include/uapi/asm-generic/unistd.h 93 for arm64 and riscv64,
 * arch/arm/tools/syscall.tbl 1, arch/powerpc/kernel/syscalls/syscall.tbl 1,
 * arch/s390/kernel/syscalls/syscall.tbl 1, arch/mips/kernel/syscalls/syscall_n64.tbl 5058,
 * syscall_o32.tbl 4001). The encodings were checked with llvm-mc, and each probe is run under
 * Debian's qemu-user-static by ProbeBinariesTest.
 */
public final class ProbeBinaries {

  /** Where the single segment is loaded: above mmap_min_addr and 64 KiB-page aligned. */
  static final long BASE = 0x400000L;

  private static final int PT_LOAD = 1;
  private static final int PT_GNU_STACK = 0x6474e551;
  private static final int PF_X = 1;
  private static final int PF_W = 2;
  private static final int PF_R = 4;

  private record Probe(ElfMachine machine, int flags, byte[] code) {}

  private static final List<Probe> PROBES =
      List.of(
          // mov eax,60 (exit); xor edi,edi; syscall
          probe("amd64", 0, 0xb8, 0x3c, 0, 0, 0, 0x31, 0xff, 0x0f, 0x05),
          // mov eax,1 (exit); xor ebx,ebx; int 0x80
          probe("386", 0, 0xb8, 0x01, 0, 0, 0, 0x31, 0xdb, 0xcd, 0x80),
          // mov x8,#93 (exit); mov x0,#0; svc #0
          probe("arm64", 0, 0xa8, 0x0b, 0x80, 0xd2, 0x00, 0x00, 0x80, 0xd2, 0x01, 0x00, 0x00, 0xd4),
          // mov r7,#1 (exit); mov r0,#0; svc #0 -- ARM state, ARMv4 instructions, so any arm
          // variant
          // runs it; e_flags EF_ARM_EABI_VER5 (0x05000000): kernels without OABI_COMPAT and arm64's
          // compat layer only take EABI binaries
          probe(
              "arm",
              0x05000000,
              0x01,
              0x70,
              0xa0,
              0xe3,
              0x00,
              0x00,
              0xa0,
              0xe3,
              0x00,
              0x00,
              0x00,
              0xef),
          // li r0,1 (exit); li r3,0; sc -- e_flags 2: ELFv2 ABI, so e_entry is code, not a function
          // descriptor as in ELFv1
          probe(
              "ppc64le", 2, 0x01, 0x00, 0x00, 0x38, 0x00, 0x00, 0x60, 0x38, 0x02, 0x00, 0x00, 0x44),
          // lghi %r2,0; svc 1 (exit)
          probe("s390x", 0, 0xa7, 0x29, 0x00, 0x00, 0x0a, 0x01),
          // li a7,93 (exit); li a0,0; ecall
          probe(
              "riscv64", 0, 0x93, 0x08, 0xd0, 0x05, 0x13, 0x05, 0x00, 0x00, 0x73, 0x00, 0x00, 0x00),
          // daddiu v0,zero,5058 (n64 exit); daddiu a0,zero,0; syscall -- e_flags EF_MIPS_ARCH_64
          // (MIPS64 release 1) without EF_MIPS_ABI2, which would mean n32
          probe(
              "mips64le",
              0x60000000,
              0xc2,
              0x13,
              0x02,
              0x64,
              0x00,
              0x00,
              0x04,
              0x64,
              0x0c,
              0x00,
              0x00,
              0x00),
          // the same, big-endian
          probe(
              "mips64",
              0x60000000,
              0x64,
              0x02,
              0x13,
              0xc2,
              0x64,
              0x04,
              0x00,
              0x00,
              0x00,
              0x00,
              0x00,
              0x0c),
          // addiu v0,zero,4001 (o32 exit: __NR_Linux 4000 + 1,
          // arch/mips/kernel/syscalls/syscall_o32.tbl);
          // addiu a0,zero,0; syscall -- e_flags EF_MIPS_ARCH_32 | EF_MIPS_ABI_O32 (0x50001000),
          // without
          // EF_MIPS_ABI2: arch/mips/include/asm/elf.h elf_check_arch refuses ABI2 (n32) in a 32-bit
          // ELF,
          // and qemu's binfmt_misc magic for qemu-mips/qemu-mipsel tests that bit
          probe(
              "mips",
              0x50001000,
              0x24,
              0x02,
              0x0f,
              0xa1,
              0x24,
              0x04,
              0x00,
              0x00,
              0x00,
              0x00,
              0x00,
              0x0c),
          probe(
              "mipsle",
              0x50001000,
              0xa1,
              0x0f,
              0x02,
              0x24,
              0x00,
              0x00,
              0x04,
              0x24,
              0x0c,
              0x00,
              0x00,
              0x00),
          // li r0,1; li r3,0; sc big-endian, e_flags 2 (ELFv2 as on ppc64le: e_entry is code; qemu
          // linux-user and the kernel read the ABI from e_flags)
          probe("ppc64", 2, 0x38, 0x00, 0x00, 0x01, 0x38, 0x60, 0x00, 0x00, 0x44, 0x00, 0x00, 0x02),
          // addi.w a7,zero,93 (exit, asm-generic); addi.w a0,zero,0; syscall 0 -- e_flags
          // EF_LARCH_OBJABI_V1 | EF_LARCH_ABI_DOUBLE_FLOAT (0x43), the LoongArch ELF psABI's lp64d
          probe(
              "loong64", 0x43, 0x0b, 0x74, 0x81, 0x02, 0x04, 0x00, 0x80, 0x02, 0x00, 0x00, 0x2b,
              0x00));

  private ProbeBinaries() {}

  private static Probe probe(String arch, int flags, int... code) {
    ElfMachine m =
        ElfMachine.forPlatform(Platform.of("linux", arch, ""))
            .orElseThrow(() -> new IllegalStateException("no ELF machine for " + arch));
    byte[] c = new byte[code.length];
    for (int i = 0; i < code.length; i++) {
      c[i] = (byte) code[i];
    }
    return new Probe(m, flags, c);
  }

  /**
   * The platforms there is a probe for, in a stable order: linux/amd64, 386, arm64, arm, ppc64le,
   * s390x, riscv64, mips64le, mips64, mips, mipsle, ppc64, loong64 (arm without variant: the probe
   * runs on every arm variant). These are every Linux architecture of {@link ElfMachine#ALL}, so
   * every qemu handler that takes an OCI platform can be exercised.
   */
  public static List<Platform> supportedPlatforms() {
    List<Platform> l = new ArrayList<>();
    for (Probe p : PROBES) {
      l.add(p.machine.platform());
    }
    return List.copyOf(l);
  }

  /** Whether there is a probe for the platform's architecture (any variant). */
  public static boolean supports(Platform platform) {
    return find(platform).isPresent();
  }

  /**
   * The probe executable for a platform's architecture; the variant is ignored ({@code arm/v6} and
   * {@code arm/v7} get the same file, as do {@code amd64} and {@code amd64/v3}). A new array each
   * call.
   *
   * @throws IllegalArgumentException naming the platform when there is no probe for it
   */
  public static byte[] forPlatform(Platform platform) {
    Probe p =
        find(platform)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no exec probe for platform "
                            + platform
                            + ": supported are "
                            + supportedPlatforms()));
    return build(p);
  }

  private static Optional<Probe> find(Platform platform) {
    if (platform == null || !platform.isLinux()) {
      return Optional.empty();
    }
    for (Probe p : PROBES) {
      if (p.machine.platform().architecture().equals(platform.architecture())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static byte[] build(Probe p) {
    ElfMachine m = p.machine;
    boolean is64 = m.elfClass() == 2;
    int ehsize = is64 ? 64 : 52;
    int phentsize = is64 ? 56 : 32;
    int phnum = 2;
    int codeOff = ehsize + phentsize * phnum;
    int size = codeOff + p.code.length;
    long entry = BASE + codeOff;
    ByteBuffer b =
        ByteBuffer.allocate(size)
            .order(m.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    // e_ident: the same 16 bytes as ElfMachine.header(), which qemu's binfmt_misc magic matches
    b.put(m.header(), 0, 16);
    b.putShort((short) 2); // e_type ET_EXEC
    b.putShort((short) m.machine());
    b.putInt(1); // e_version EV_CURRENT
    putWord(b, is64, entry);
    putWord(b, is64, ehsize); // e_phoff: right after the ELF header
    putWord(b, is64, 0); // e_shoff: no section headers
    b.putInt(p.flags);
    b.putShort((short) ehsize);
    b.putShort((short) phentsize);
    b.putShort((short) phnum);
    // e_shentsize the real size although e_shnum is 0: qemu's elf_check_ehdr has compared it
    b.putShort((short) (is64 ? 64 : 40));
    b.putShort((short) 0); // e_shnum
    b.putShort((short) 0); // e_shstrndx SHN_UNDEF
    phdr(b, is64, PT_LOAD, PF_R | PF_X, 0, BASE, size, 0x10000);
    phdr(b, is64, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 16);
    b.put(p.code);
    return b.array();
  }

  private static void phdr(
      ByteBuffer b,
      boolean is64,
      int type,
      int flags,
      long offset,
      long vaddr,
      long size,
      long align) {
    if (is64) {
      b.putInt(type);
      b.putInt(flags);
      b.putLong(offset);
      b.putLong(vaddr);
      b.putLong(vaddr); // p_paddr
      b.putLong(size); // p_filesz
      b.putLong(size); // p_memsz
      b.putLong(align);
    } else {
      b.putInt(type);
      b.putInt((int) offset);
      b.putInt((int) vaddr);
      b.putInt((int) vaddr);
      b.putInt((int) size);
      b.putInt((int) size);
      b.putInt(flags);
      b.putInt((int) align);
    }
  }

  private static void putWord(ByteBuffer b, boolean is64, long v) {
    if (is64) {
      b.putLong(v);
    } else {
      b.putInt((int) v);
    }
  }
}
