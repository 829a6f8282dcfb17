package dev.canirundocker.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build-time documentation from the command model itself, so that it cannot drift from it: the
 * AsciiDoc man pages (picocli-codegen's ManPageGenerator; asciidoctor turns them into roff) and the
 * bash completion script (picocli's AutoComplete, the same script {@code can-i-run-docker
 * generate-completion} prints). cli/pom.xml runs it at package time with picocli-codegen on its
 * class path; the CLI never loads this class (picocli-codegen is not shipped).
 */
final class DocGen {
  private DocGen() {}

  /** {@code DocGen ADOC_DIR COMPLETION_FILE}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: DocGen ADOC_DIR COMPLETION_FILE");
    }
    CommandLine all = tree();
    int rc =
        ManPageGenerator.generateManPage(
            new File(args[0]), null, new boolean[0], true, all.getCommandSpec());
    if (rc != 0) {
      throw new IOException("man pages: ManPageGenerator exited " + rc);
    }
    Path completion = Path.of(args[1]);
    Files.createDirectories(completion.toAbsolutePath().getParent());
    Files.writeString(
        completion, AutoComplete.bash("can-i-run-docker", all), StandardCharsets.UTF_8);
  }

  /** The whole tree, as help shows it, with no output of its own. */
  static CommandLine tree() {
    PrintStream none = new PrintStream(java.io.OutputStream.nullOutputStream());
    return Commands.all(
        new Main(none, none, System.getenv(), dev.canirundocker.host.LiveHostProbe::new, false));
  }
}
