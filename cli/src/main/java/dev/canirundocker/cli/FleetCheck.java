package dev.canirundocker.cli;

import dev.canirundocker.fleet.FleetHost;
import dev.canirundocker.fleet.InvalidNodeListException;
import dev.canirundocker.fleet.KubernetesNode;
import dev.canirundocker.fleet.KubernetesNodes;
import dev.canirundocker.fleet.Matrix;
import dev.canirundocker.fleet.MatrixJson;
import dev.canirundocker.fleet.MatrixJunit;
import dev.canirundocker.fleet.MatrixMarkdown;
import dev.canirundocker.fleet.MatrixText;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.io.BoundedFiles;
import dev.canirundocker.io.BoundedReadException;
import dev.canirundocker.json.Json;
import dev.canirundocker.report.TargetError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code check} over several hosts: saved profiles ({@code --host-profile} repeated or a directory)
 * and Kubernetes nodes ({@code --nodes}), every target judged on every host with the single-host
 * check's own rules, rendered as a table, JSON, JUnit XML or Markdown. Also {@code --format junit}
 * and {@code markdown} for one host (a one-row matrix).
 */
final class FleetCheck {
  /** The error kind of a saved profile that cannot be read. */
  static final String PROFILE_INVALID = "host.profile-invalid";

  /**
   * The error kind of a saved profile older than {@code --max-age}, or one that does not say when.
   */
  static final String PROFILE_STALE = "host.profile-stale";

  /** The most profiles a directory may hold; a fleet's directory holds hundreds. */
  static final int MAX_PROFILES = 10_000;

  /** The largest node list read: kubectl's JSON for thousands of nodes. */
  static final int MAX_NODES_BYTES = 64 << 20;

  private FleetCheck() {}

  /** Whether this check has several hosts: --nodes, --host-profile repeated or a directory. */
  static boolean isMatrix(Main main, @Nullable Path nodes) {
    return nodes != null
        || main.hostProfiles.size() > 1
        || (main.hostProfiles.size() == 1 && Files.isDirectory(main.hostProfiles.get(0)));
  }

  /**
   * Runs the matrix: reads the hosts, judges every target on each, prints, returns the exit code.
   */
  static int run(CheckCommand check, String format) {
    Main main = check.main;
    List<FleetHost> hosts;
    if (isMatrix(main, check.nodes)) {
      hosts = hosts(main, check.nodes);
    } else {
      HostProfile h = main.host();
      String name =
          h.hostname() != null
              ? h.hostname()
              : main.hostProfile != null ? stem(main.hostProfile) : "this host";
      hosts =
          List.of(
              FleetHost.profile(
                  name, main.hostProfile == null ? null : main.hostProfile.toString(), h));
    }
    Matrix m = Matrix.fromResults(hosts, host -> check.judge(host).results());
    Set<String> said = new LinkedHashSet<>();
    for (Matrix.Cell c : m.cells()) {
      if (c.error() != null) {
        said.add(c.error().message());
      }
    }
    for (String s : said) {
      main.errorLine(s);
    }
    main.emit(render(m, format));
    return m.exitCode();
  }

  static String render(Matrix m, String format) {
    switch (format) {
      case "json":
        return Json.pretty(MatrixJson.toJson(m));
      case "junit":
        return MatrixJunit.render(m);
      case "markdown":
        return MatrixMarkdown.render(m);
      default:
        return MatrixText.render(m);
    }
  }

  /**
   * The hosts in command-line order: each --host-profile file, each directory's {@code *.json} by
   * name, then the nodes of --nodes. A profile that cannot be read, or is older than --max-age, is
   * a host whose every result is an error; a node list that cannot be read stops the command.
   */
  static List<FleetHost> hosts(Main main, @Nullable Path nodes) {
    List<FleetHost> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Path p : main.hostProfiles) {
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.getFileName().toString().endsWith(".json") && !Files.isDirectory(f))
              .sorted()
              .limit(MAX_PROFILES + 1L)
              .forEach(files::add);
        } catch (IOException | java.io.UncheckedIOException e) {
          throw new CliException("--host-profile " + p + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
          throw new CliException(
              "--host-profile " + p + ": the directory holds no .json host profiles");
        }
        if (files.size() > MAX_PROFILES) {
          throw new CliException(
              "--host-profile " + p + ": more than " + MAX_PROFILES + " profiles");
        }
      } else {
        files.add(p);
      }
      for (Path f : files) {
        String name = unique(stem(f), f, names);
        out.add(profile(main, name, f));
      }
    }
    if (nodes != null) {
      for (KubernetesNode n : nodes(nodes)) {
        out.add(FleetHost.node(nodes.toString(), n));
        names.add(n.name());
      }
    }
    return out;
  }

  private static FleetHost profile(Main main, String name, Path f) {
    HostProfile h;
    try {
      h = HostSource.readProfile(f);
    } catch (CliException e) {
      return FleetHost.failed(
          name,
          f.toString(),
          new TargetError(PROFILE_INVALID, dev.canirundocker.text.Text.message(e)));
    }
    try {
      HostSource.checkAge(h, f, main.maxAge, java.time.Instant.now());
    } catch (CliException e) {
      return FleetHost.failed(
          name,
          f.toString(),
          new TargetError(PROFILE_STALE, dev.canirundocker.text.Text.message(e)));
    }
    return FleetHost.profile(name, f.toString(), h);
  }

  static List<KubernetesNode> nodes(Path file) {
    String what = "--nodes " + file + ": ";
    byte[] raw;
    try {
      raw = BoundedFiles.read(file, MAX_NODES_BYTES, BoundedFiles.DEFAULT_WAIT);
    } catch (BoundedReadException e) {
      throw new CliException(what + e.getMessage(), e);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(raw)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new CliException(
          what + "not UTF-8 text, not the output of kubectl get nodes -o json", e);
    }
    try {
      return KubernetesNodes.parse(text);
    } catch (InvalidNodeListException e) {
      throw new CliException(what + e.getMessage(), e);
    }
  }

  /** A profile's name in the matrix: its file name without {@code .json}. */
  static String stem(Path f) {
    String n = f.getFileName() == null ? f.toString() : f.getFileName().toString();
    return n.endsWith(".json") && n.length() > 5 ? n.substring(0, n.length() - 5) : n;
  }

  private static String unique(String name, Path f, Set<String> names) {
    String n = names.contains(name) ? f.toString() : name;
    names.add(n);
    return n;
  }

  /** The formats check prints. */
  static final List<String> FORMATS = List.of("text", "json", "junit", "markdown");
}
