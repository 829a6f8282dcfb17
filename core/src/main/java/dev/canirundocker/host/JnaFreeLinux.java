package dev.canirundocker.host;

import java.util.List;
import java.util.Map;
import oshi.hardware.CentralProcessor;
import oshi.hardware.common.platform.linux.LinuxCentralProcessor;
import oshi.hardware.common.platform.linux.LinuxGlobalMemory;
import oshi.software.common.os.linux.LinuxOperatingSystem;
import oshi.software.os.OSProcess;
import oshi.util.tuples.Quartet;

/**
 * OSHI's Linux implementations without JNA.
 *
 * <p>Why: OSHI 6.x's {@code SystemInfo} picks the {@code *JNA} Linux classes, which load JNA and
 * libudev for processor topology and frequencies; loading JNA and its native stub costs a large part
 * of a short-lived CLI's start-up. OSHI keeps the parsing of {@code /proc} and {@code /sys} in the
 * abstract {@code oshi.*.common.*.linux} classes and calls udev only through three hooks, each with
 * a sysfs equivalent in the same class; we bind those hooks to sysfs and get OSHI's answers without
 * loading JNA. (OSHI 7 moves to a JNA-free FFM backend on new JDKs; it does not resolve here yet.)
 */
final class JnaFreeLinux {
  /** USER_HZ on every Linux architecture Docker supports (times(2); sysconf(_SC_CLK_TCK)). */
  private static final long USER_HZ = 100;
  private static final long PAGE_SIZE = 4096;

  private JnaFreeLinux() {}

  static CentralProcessor processor() {
    return new Processor();
  }

  static LinuxGlobalMemory memory() {
    return new LinuxGlobalMemory(PAGE_SIZE);
  }

  static LinuxOperatingSystem operatingSystem() {
    return new Os();
  }

  private static final class Processor extends LinuxCentralProcessor {
    Processor() {
      super(USER_HZ);
    }

    @Override
    protected Quartet<List<LogicalProcessor>, List<ProcessorCache>, Map<Integer, Integer>,
        Map<Integer, String>> readTopologyWithUdev() {
      return readTopologyFromSysfs();
    }

    @Override
    protected boolean queryCurrentFreqFromUdev(long[] freqs) {
      return queryCurrentFreqFromSysfs(freqs);
    }

    @Override
    protected long queryMaxFreqFromUdev() {
      return queryMaxFreqFromSysfs();
    }

    @Override
    protected long queryHwcap() {
      // the JNA class asks getauxval(AT_HWCAP); only OSHI's arm feature-flag names use it
      return 0L;
    }
  }

  private static final class Os extends LinuxOperatingSystem {
    @Override
    protected OSProcess createOSProcess(int pid) {
      throw new UnsupportedOperationException("process lists are not probed");
    }

    @Override
    public long getHz() {
      return USER_HZ;
    }

    // The rest of OperatingSystem is not needed by the probe (no process lists, no file systems:
    // they are slow and say nothing about Docker); the JNA class implements them with libc calls.
    @Override
    public oshi.software.os.FileSystem getFileSystem() {
      throw new UnsupportedOperationException("file systems are not probed");
    }

    @Override
    public OSProcess getProcess(int pid) {
      throw new UnsupportedOperationException("processes are not probed");
    }

    @Override
    public int getProcessId() {
      return (int) ProcessHandle.current().pid();
    }

    @Override
    public int getThreadId() {
      throw new UnsupportedOperationException("threads are not probed");
    }

    @Override
    public int getThreadCount() {
      throw new UnsupportedOperationException("threads are not probed");
    }

    @Override
    public oshi.software.os.NetworkParams getNetworkParams() {
      throw new UnsupportedOperationException("network parameters are not probed");
    }

    @Override
    public long getPageSize() {
      return PAGE_SIZE;
    }
  }
}
