package dev.canirundocker.cli;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.daemon.DaemonClient;
import dev.canirundocker.daemon.DaemonException;
import dev.canirundocker.daemon.DaemonImage;
import dev.canirundocker.daemon.DaemonImageSummary;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.report.CheckResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code check --all}: every local image judged, each image ID once, from inspect (what {@code
 * docker image inspect} reads) or, with {@code --binaries}, from one export stream of all of them.
 * The host probe overlaps the daemon's answers; the foreign platforms the images declare are
 * exec-probed once the daemon said which.
 */
final class ImageSweep {
  private ImageSweep() {}

  /** The local images, each image ID once, with its names sorted (none: the ID names it). */
  static Map<String, List<String>> namesById(List<DaemonImageSummary> images) {
    Map<String, List<String>> names = new LinkedHashMap<>();
    for (DaemonImageSummary s : images) {
      // no lambda: the class-data archive's training lists few images or none, so it would be
      // spun at run time
      List<String> l = names.get(s.id());
      if (l == null) {
        l = new ArrayList<>();
        names.put(s.id(), l);
      }
      for (String t : s.repoTags()) {
        if (!l.contains(t)) {
          l.add(t);
        }
      }
    }
    names.values().forEach(l -> l.sort(null));
    return names;
  }

  /**
   * What {@code check --all} asks the daemon before the host is needed: the list, capped at {@code
   * maxImages}, and (without {@code binaries}) every listed image's inspect, in {@link #namesById}
   * order: a {@link DaemonImage} or the {@link DaemonException} its inspect failed with. These are
   * daemon requests only (no host fact, nothing printed but the progress line), so they run while
   * {@code /version} and {@code /info} answer (see {@link DaemonTargets}).
   *
   * @param names {@link #namesById} of the sweep's images, computed once
   * @param inspected null with {@code binaries}: the export reads the images instead
   */
  record Listing(
      DaemonImageSummary.Sweep sweep,
      Map<String, List<String>> names,
      @Nullable List<Object> inspected) {}

  /** Lists the images and, without {@code binaries}, inspects each image ID once. */
  static Listing read(DaemonClient client, int maxImages, boolean binaries, Main main)
      throws DaemonException {
    DaemonImageSummary.Sweep sweep = DaemonImageSummary.sweep(client.images(), maxImages);
    Phases.mark("list");
    Map<String, List<String>> names = namesById(sweep.images());
    if (binaries) {
      return new Listing(sweep, names, null);
    }
    List<String> ids = new ArrayList<>(names.keySet());
    List<Object> inspected;
    try (Progress progress = Progress.of(main, "images", ids.size())) {
      inspected = ImageJobs.inspectAll(client, ids, progress);
    }
    return new Listing(sweep, names, inspected);
  }

  /**
   * Every local image of {@code listing}, each image ID once, named by its first tag (sorted), else
   * its ID, with every tag listed. By default judged from the inspects {@link #read} made (what
   * {@code docker image inspect} reads); with {@code binaries}, from one export stream of all of
   * them (shared layers pass once), reading each entrypoint binary. An image whose inspect fails is
   * an error result; a failed export stream makes every image an error result.
   */
  static List<Judged> all(
      Supplier<HostProfile> hostSupplier,
      Listing listing,
      DaemonClient client,
      boolean binaries,
      Main main) {
    // the host probe (exec probes wait on processes) runs while the daemon answers the inspects
    CompletableFuture<HostProfile> hostF = Parallel.async(hostSupplier);
    Map<String, List<String>> names = listing.names();
    List<String> ids = new ArrayList<>(names.keySet());
    List<Judged> out = new ArrayList<>();
    List<Object> inspected = listing.inspected();
    if (!binaries && inspected != null) {
      // the foreign architectures the images declare are exec-probed now (none: nothing more),
      // while the first host probe may still run; each image's platform is normalized once
      List<@Nullable Platform> platforms = new ArrayList<>(inspected.size());
      java.util.Set<Platform> declared = new java.util.LinkedHashSet<>();
      for (Object o : inspected) {
        Platform p = o instanceof DaemonImage img ? img.platform() : null;
        platforms.add(p);
        if (p != null) {
          declared.add(p);
        }
      }
      main.probed(declared);
      Parallel.join(hostF);
      HostProfile host = main.host();
      Phases.mark("probe-wait");
      List<Platform> judgedOn = new ArrayList<>();
      out = declared(host, ids, names, inspected, platforms, judgedOn);
      HostProfile more = judgedOn.isEmpty() ? host : main.probed(judgedOn);
      if (more != host) {
        // an index entry judged on a platform not declared at the top: probed now, judged again
        out = declared(more, ids, names, inspected, platforms, new ArrayList<>());
      }
      Phases.mark("judge");
      return out;
    }
    // the export streams while the host is probed; its entries name the platforms to exec-probe
    Map<String, Evaluation> byId;
    try {
      dev.canirundocker.image.ImageArchive export =
          ids.isEmpty() ? null : CanIRunDocker.readDaemonImages(client, ids);
      Phases.mark("export");
      List<Platform> declared = new ArrayList<>();
      if (export != null) {
        export.platforms().forEach(e -> declared.add(e.platform()));
      }
      main.probed(declared);
      Parallel.join(hostF);
      HostProfile host = main.host();
      Phases.mark("probe-wait");
      byId = export == null ? new HashMap<>() : CanIRunDocker.daemonImages(host, export);
      // a binary of another machine than its image declares: probed now, judged again
      List<Platform> judgedOn = new ArrayList<>();
      for (Evaluation ev : byId.values()) {
        if (!ImageJobs.probedFor(host, ev.platform())) {
          judgedOn.add(ev.platform());
        }
      }
      HostProfile more = judgedOn.isEmpty() ? host : main.probed(judgedOn);
      if (more != host && export != null) { // judgedOn is empty without an export
        byId = CanIRunDocker.daemonImages(more, export);
      }
      Phases.mark("judge");
    } catch (DaemonException | ImageArchiveException e) {
      for (String id : ids) {
        out.add(
            named(Judged.failed(target(id, names), CheckResult.Source.DAEMON, e), names.get(id)));
      }
      return out;
    }
    for (String id : ids) {
      Evaluation ev = byId.get(id);
      if (ev == null) {
        out.add(
            named(
                Judged.failed(
                    target(id, names),
                    CheckResult.Source.DAEMON,
                    new ImageArchiveException("the daemon's export lacks image " + id)),
                names.get(id)));
      } else {
        out.add(
            named(
                Judged.ok(CheckResult.of(target(id, names), CheckResult.Source.DAEMON, ev)),
                names.get(id)));
      }
    }
    return out;
  }

  /**
   * Each inspected image judged by its declared platform ({@code platforms}, null for a failed
   * inspect) on {@code host}; the platforms judged that {@code host} holds no exec probe for are
   * added to {@code unprobed}, each once.
   */
  private static List<Judged> declared(
      HostProfile host,
      List<String> ids,
      Map<String, List<String>> names,
      List<Object> inspected,
      List<@Nullable Platform> platforms,
      List<Platform> unprobed) {
    List<Judged> out = new ArrayList<>();
    // a verdict on a declared platform is a pure function of the host: judge each platform once
    Map<Platform, Evaluation> byPlatform = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      String target = target(ids.get(i), names);
      Object o = inspected.get(i);
      if (!(o instanceof DaemonImage img)) {
        out.add(
            named(
                Judged.failed(target, CheckResult.Source.DAEMON, (DaemonException) o),
                names.get(ids.get(i))));
        continue;
      }
      Platform p = java.util.Objects.requireNonNull(platforms.get(i), "an image's platform");
      Evaluation ev = byPlatform.get(p);
      if (ev == null) {
        ev = CanIRunDocker.declared(host, img);
        byPlatform.put(p, ev);
        if (!ImageJobs.probedFor(host, ev.platform())) {
          unprobed.add(ev.platform());
        }
      }
      out.add(
          named(
              Judged.ok(CheckResult.of(target, CheckResult.Source.DAEMON, ev)),
              names.get(ids.get(i))));
    }
    return out;
  }

  private static String target(String id, Map<String, List<String>> names) {
    List<String> l = names.get(id);
    return l == null || l.isEmpty() ? id : l.get(0);
  }

  /** The result listing every name, where an image has more than one. */
  private static Judged named(Judged j, @Nullable List<String> names) {
    return names != null && names.size() > 1
        ? new Judged(j.result().withNames(names), j.cause())
        : j;
  }
}
