/*
 * The module descriptor of the self-contained distribution's one application module.
 *
 * Why one merged module: jlink links only explicit modules, and picocli, OSHI, JNA and slf4j ship as
 * automatic modules (or plain jars). Giving the shaded jar (our core and cli with every dependency
 * inside, cli/target/can-i-run-docker.jar) this descriptor is the cheapest robust route: no
 * descriptor per third-party jar to keep in step with their releases, deep reflection (picocli on
 * our command classes) stays inside one module, and the build adds one javac call and one jar
 * update. Not part of the portable jar or of the core library: core stays a plain jar for embedders.
 */
module dev.canirundocker.cli {
  // JNA's Native and NativeLibrary log through java.util.logging
  requires java.logging;
  // only JNA's AWT helpers and OSHI's desktop-window types, never on the CLI's paths: not linked
  requires static java.desktop;

  // exported so that the module is a default root: the launcher starts the main class by name,
  // without -m, which keeps CDS's optimized module handling on (-m turns it off on JDK 17)
  exports dev.canirundocker.cli;

  // slf4j 2 finds its binding with ServiceLoader; a named module declares it here, not in
  // META-INF/services
  uses org.slf4j.spi.SLF4JServiceProvider;
  provides org.slf4j.spi.SLF4JServiceProvider with org.slf4j.simple.SimpleServiceProvider;
}
