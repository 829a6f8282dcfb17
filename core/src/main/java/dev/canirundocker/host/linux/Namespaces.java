package dev.canirundocker.host.linux;

import dev.canirundocker.host.Unknown;
import dev.canirundocker.text.Text;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The namespace kinds this kernel offers: the entries of {@code /proc/self/ns} (namespaces(7)). */
final class Namespaces {
  private Namespaces() {}

  /** The kinds, sorted, or null with an unknown. */
  static @Nullable List<String> read(LinuxRoot root, List<Unknown> unknowns) {
    try {
      List<String> ns = ProcFiles.listOrNull(root.path("/proc/self/ns"), "/proc/self/ns");
      if (ns == null) {
        unknowns.add(new Unknown("linux.namespaces", "/proc/self/ns: not found"));
        return null;
      }
      List<String> sorted = new java.util.ArrayList<>(ns);
      java.util.Collections.sort(sorted);
      return java.util.Collections.unmodifiableList(sorted);
    } catch (LinuxReadException x) {
      unknowns.add(new Unknown("linux.namespaces", Text.message(x)));
      return null;
    }
  }
}
