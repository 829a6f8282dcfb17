/**
 * can-i-run-docker's library: host detection, image reading and native-capability verdicts for
 * Docker. The exported packages are the API an embedding project uses (start at {@link
 * dev.canirundocker.CanIRunDocker}); the readers, stores and helpers behind them are exported only
 * to the project's own CLI, so an embedder's compiler refuses them and they may change in any
 * release.
 */
module dev.canirundocker.core {
  // OSHI and slf4j-api are automatic modules (OSHI 6) or named ones (slf4j 2): on the module path
  // both resolve by these names
  requires com.github.oshi;
  requires org.slf4j;
  // the Windows and macOS probes call their OS through JNA (OSHI brings it)
  requires com.sun.jna;
  requires com.sun.jna.platform;
  // JSpecify's nullness annotations are on the exported API: an embedder's compiler reads them
  // (transitive), while at run time annotations whose classes are absent are ignored (static)
  requires static transitive org.jspecify;

  exports dev.canirundocker;
  exports dev.canirundocker.platform;
  exports dev.canirundocker.host;
  exports dev.canirundocker.image;
  exports dev.canirundocker.daemon;
  exports dev.canirundocker.check;
  exports dev.canirundocker.check.kernel;
  exports dev.canirundocker.check.gpu;
  exports dev.canirundocker.report;
  exports dev.canirundocker.fleet;
  exports dev.canirundocker.elf;
  // value types of the API implement JsonValue and parse with JsonReader
  exports dev.canirundocker.json;

  // implementation, for the CLI only
  exports dev.canirundocker.host.linux to
      dev.canirundocker.cli;
  exports dev.canirundocker.host.exec to
      dev.canirundocker.cli;
  exports dev.canirundocker.image.archive to
      dev.canirundocker.cli;
  exports dev.canirundocker.io to
      dev.canirundocker.cli;
  exports dev.canirundocker.text to
      dev.canirundocker.cli;
}
