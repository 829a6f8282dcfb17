package dev.canirundocker.fleet;

import dev.canirundocker.json.JsonReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A node's {@code status.capacity.memory}, a Kubernetes {@code resource.Quantity}
 * (k8s.io/apimachinery pkg/api/resource quantity.go: a decimal number with a binary suffix Ki..Ei
 * or a decimal suffix k..E), as bytes; the other forms of that grammar (an exponent, a fraction)
 * read as 0, unknown.
 */
final class NodeCapacity {
  private static final Pattern QUANTITY = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");

  private NodeCapacity() {}

  /** status.capacity.memory as bytes (a resource.Quantity: 16365528Ki, 64Gi, 17179869184), or 0. */
  static long memoryBytes(@Nullable JsonReader capacity) {
    Object v = capacity == null ? null : capacity.raw().get("memory");
    if (!(v instanceof String)) {
      return 0;
    }
    Matcher m = QUANTITY.matcher((String) v);
    if (!m.matches() || m.group(1).length() > 18) {
      return 0;
    }
    long n = Long.parseLong(m.group(1));
    String suffix = m.group(2) == null ? "" : m.group(2);
    int binary = "KiMiGiTiPiEi".indexOf(suffix);
    int decimal = "kMGTPE".indexOf(suffix);
    long factor =
        suffix.isEmpty()
            ? 1
            : suffix.length() == 2
                ? 1L << (10 * (binary / 2 + 1))
                : (long) Math.pow(1000, decimal + 1);
    return n > Long.MAX_VALUE / factor ? 0 : n * factor;
  }
}
