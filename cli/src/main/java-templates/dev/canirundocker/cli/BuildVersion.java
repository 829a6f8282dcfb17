package dev.canirundocker.cli;

/**
 * The version, written in at build time (Maven filters this template into generated-sources).
 *
 * <p>Why a constant: a jlinked runtime image holds no jar manifest, so
 * {@code Package.getImplementationVersion()} is null there; a constant also costs no I/O at start.
 */
final class BuildVersion {
  /** The Maven project version, e.g. {@code 0.2.0} or {@code 0.2.0-SNAPSHOT}. */
  static final String VERSION = "${project.version}";

  private BuildVersion() {}
}
