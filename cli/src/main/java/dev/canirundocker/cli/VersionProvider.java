package dev.canirundocker.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The version written in at build time ({@link BuildVersion}), and the Java runtime that runs it
 * (the bundled one in the self-contained distribution).
 */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "can-i-run-docker " + BuildVersion.VERSION,
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
