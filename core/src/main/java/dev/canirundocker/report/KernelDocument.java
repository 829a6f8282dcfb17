package dev.canirundocker.report;

import dev.canirundocker.check.kernel.KernelConfigReport;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code kernel --json} prints: the kernel config check.
 *
 * @param report the check's result
 */
public record KernelDocument(KernelConfigReport report) implements Document {
  public KernelDocument {
    Objects.requireNonNull(report, "report");
  }

  @Override
  public Map<String, Object> toJson() {
    return report.toJson();
  }
}
