package dev.canirundocker.host;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Which CUDA version an NVIDIA driver supports, where no library note says it: NVIDIA's CUDA
 * Toolkit release notes, table "CUDA Toolkit and Corresponding Driver Versions" (minimum required
 * Linux x86_64 driver of each toolkit's GA release;
 * docs.nvidia.com/cuda/cuda-toolkit-release-notes). A driver supports the CUDA versions whose
 * minimum it reaches; a driver branch may support a higher minor than any toolkit released for it
 * (R565 reports 12.7, for which no toolkit exists), so what the table gives is a lower bound.
 */
public final class CudaDrivers {
  /** {CUDA version, minimum Linux driver of its GA release}, newest first. */
  static final List<String[]> MINIMUM_DRIVER =
      List.of(
          new String[] {"13.1", "590.44.01"},
          new String[] {"13.0", "580.65.06"},
          new String[] {"12.9", "575.51.03"},
          new String[] {"12.8", "570.26"},
          new String[] {"12.6", "560.28.03"},
          new String[] {"12.5", "555.42.02"},
          new String[] {"12.4", "550.54.14"},
          new String[] {"12.3", "545.23.06"},
          new String[] {"12.2", "535.54.03"},
          new String[] {"12.1", "530.30.02"},
          new String[] {"12.0", "525.60.13"},
          new String[] {"11.8", "520.61.05"},
          new String[] {"11.7", "515.43.04"},
          new String[] {"11.6", "510.39.01"},
          new String[] {"11.5", "495.29.05"},
          new String[] {"11.4", "470.42.01"},
          new String[] {"11.3", "465.19.01"},
          new String[] {"11.2", "460.27.03"},
          new String[] {"11.1", "455.23"},
          new String[] {"11.0", "450.36.06"},
          new String[] {"10.2", "440.33"},
          new String[] {"10.1", "418.39"},
          new String[] {"10.0", "410.48"},
          new String[] {"9.2", "396.26"},
          new String[] {"9.1", "390.46"},
          new String[] {"9.0", "384.81"},
          new String[] {"8.0", "367.48"},
          new String[] {"7.5", "352.31"},
          new String[] {"7.0", "346.46"});

  private CudaDrivers() {}

  /** The highest CUDA version whose minimum driver {@code driver} reaches, if any. */
  public static Optional<String> cudaForDriver(String driver) {
    for (String[] row : MINIMUM_DRIVER) {
      if (compare(driver, row[1]) >= 0) {
        return Optional.of(row[0]);
      }
    }
    return Optional.empty();
  }

  /**
   * The minimum driver of the first CUDA release at or above {@code cuda} ({@code 12.4 ->
   * 550.54.14}), with the CUDA version it belongs to; empty above the table.
   */
  public static Optional<String[]> minimumDriverFor(String cuda) {
    String[] best = null;
    for (String[] row : MINIMUM_DRIVER) {
      if (compare(row[0], cuda) >= 0) {
        best = row;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Compares dotted numbers number by number, missing parts as 0 ({@code 12.4 = 12.4.0}); anything
   * not a dotted number compares as 0.
   */
  public static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      BigInteger p = i < x.length && x[i].matches("\\d+") ? new BigInteger(x[i]) : BigInteger.ZERO;
      BigInteger q = i < y.length && y[i].matches("\\d+") ? new BigInteger(y[i]) : BigInteger.ZERO;
      int c = p.compareTo(q);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
