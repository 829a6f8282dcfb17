package dev.canirundocker.cli;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.PlatformMismatchException;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Judges daemon images concurrently, with bounded parallelism, keeping the order given. A target
 * that cannot be judged becomes an error result; the others go on.
 */
final class ImageJobs {
  /** The daemon serializes exports per image anyway; a few at once hide the round trips. */
  static final int PARALLELISM = 4;

  private ImageJobs() {}

  /** One job: an image reference, and the platform it is to run as (null: its own). */
  record Job(String ref, Platform wanted) {}

  /**
   * Judges each job, in order, counting each finished one on {@code progress}: each image is read
   * once ({@link CanIRunDocker#readDaemonImage}: one inspect, one export), whatever number of
   * platforms it is judged for.
   */
  static List<Judged> run(
      HostProfile host, DaemonClient client, List<Job> jobs, Progress progress) {
    Map<String, Object> reads = read(client, jobs);
    return judge(host, client, jobs, reads, progress);
  }

  /**
   * Judges each job on the live host exec-probed for what the images need ({@link Main#probed}).
   * Nothing of the daemon's waits for the host: the host probe (its own architectures) runs while
   * the daemon answers an inspect of each image; the foreign platforms they declare (and {@code
   * --platform}'s) are exec-probed while the daemon streams each image's export (the classic
   * store's images need no host to be read, {@link CanIRunDocker.DaemonRead}); then each is judged.
   * A job judged on a platform still unprobed (a mislabeled binary's, an index entry's) is judged
   * again once that one is probed: the verdicts are those of a probe of every architecture.
   */
  static List<Judged> onDemand(Main main, DaemonClient client, List<Job> jobs, Progress progress) {
    CompletableFuture<HostProfile> hostF = async(main::host);
    List<String> refs = refs(jobs);
    List<Object> inspected =
        parallel(
            refs,
            METADATA_PARALLELISM,
            Progress.NONE,
            ref -> {
              try {
                return client.inspectImage(ref);
              } catch (DaemonException e) {
                return e; // the job says it again, as its error result
              }
            });
    Phases.mark("inspect");
    List<Platform> needed = new ArrayList<>();
    for (Object o : inspected) {
      if (o instanceof DaemonImage img) {
        needed.add(img.platform());
      }
    }
    jobs.forEach(j -> needed.add(j.wanted()));
    CompletableFuture<HostProfile> probedF = async(() -> main.probed(needed));
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      at.add(i);
    }
    List<Object> read =
        parallel(
            at,
            PARALLELISM,
            Progress.NONE,
            i -> {
              Object o = inspected.get(i);
              if (!(o instanceof DaemonImage img)) {
                return o;
              }
              try {
                return CanIRunDocker.readDaemonImage(
                    client, img, refs.get(i), runAs(jobs, refs.get(i)));
              } catch (DaemonException | ImageArchiveException e) {
                return e;
              }
            });
    Map<String, Object> reads = new HashMap<>();
    for (int i = 0; i < refs.size(); i++) {
      reads.put(refs.get(i), read.get(i));
    }
    Phases.mark("export");
    join(hostF);
    join(probedF);
    HostProfile host = main.host();
    Phases.mark("probe-wait");
    List<Judged> out = new ArrayList<>(judge(host, client, jobs, reads, progress));
    List<Integer> again = new ArrayList<>();
    List<Platform> judgedOn = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      Evaluation ev = out.get(i).result().evaluation();
      if (ev != null && !probedFor(host, ev.platform())) {
        again.add(i);
        judgedOn.add(ev.platform());
      }
    }
    HostProfile full = again.isEmpty() ? host : main.probed(judgedOn);
    if (full != host) {
      for (int i : again) {
        out.set(i, one(full, client, jobs.get(i), reads.get(jobs.get(i).ref())));
      }
    }
    Phases.mark("judge");
    return out;
  }

  /** The platforms the jobs of {@code ref} run it as (null: its own), in order. */
  private static List<Platform> runAs(List<Job> jobs, String ref) {
    List<Platform> l = new ArrayList<>();
    for (Job j : jobs) {
      if (j.ref().equals(ref)) {
        l.add(j.wanted());
      }
    }
    return l;
  }

  /** The images of {@code jobs}, each once, in order. */
  private static List<String> refs(List<Job> jobs) {
    List<String> refs = new ArrayList<>();
    for (Job j : jobs) {
      if (!refs.contains(j.ref())) {
        refs.add(j.ref());
      }
    }
    return refs;
  }

  /**
   * Each image of {@code jobs} read once ({@link CanIRunDocker#readDaemonImage}), for the platforms
   * its jobs run it as, or the exception it gave.
   */
  private static Map<String, Object> read(DaemonClient client, List<Job> jobs) {
    List<String> refs = refs(jobs);
    List<Object> l =
        parallel(
            refs,
            PARALLELISM,
            Progress.NONE,
            ref -> {
              try {
                return CanIRunDocker.readDaemonImage(
                    client, client.inspectImage(ref), ref, runAs(jobs, ref));
              } catch (DaemonException | ImageArchiveException e) {
                return e;
              }
            });
    Map<String, Object> out = new HashMap<>();
    for (int i = 0; i < refs.size(); i++) {
      out.put(refs.get(i), l.get(i));
    }
    return out;
  }

  /**
   * Each job judged from its image's read, in order; an index's entry is read now, so the judging
   * runs on the pool too.
   */
  private static List<Judged> judge(
      HostProfile host,
      DaemonClient client,
      List<Job> jobs,
      Map<String, Object> reads,
      Progress progress) {
    return parallel(jobs, PARALLELISM, progress, j -> one(host, client, j, reads.get(j.ref())));
  }

  /**
   * A task on a thread of its own: the common pool has a single worker on a 2-core machine, which
   * would run the host probe and the foreign exec probes one after the other.
   */
  static <T> CompletableFuture<T> async(Supplier<T> task) {
    // slf4j initialises on first use; two threads racing into it make it print a replay warning
    // on stderr (SLF4J(W): ... intercepted and are now being replayed): initialise it here first
    org.slf4j.LoggerFactory.getILoggerFactory();
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                f.complete(task.get());
              } catch (Throwable e) {
                f.completeExceptionally(e);
              }
            },
            "cird-host");
    t.setDaemon(true);
    t.start();
    return f;
  }

  /** Whether {@code host} holds the exec probe {@code p} would read (or none exists for it). */
  static boolean probedFor(HostProfile host, Platform p) {
    return p == null
        || !dev.canirundocker.host.exec.ProbeBinaries.supports(p)
        || host.execProbes().stream()
            .anyMatch(r -> r.platform().architecture().equals(p.architecture()));
  }

  /** Applies {@code job} to every item on a bounded pool, keeping the items' order. */
  static <T, R> List<R> parallel(
      List<T> items, int threads, Progress progress, Function<T, R> job) {
    if (items.size() == 1) {
      R r = job.apply(items.get(0));
      progress.step();
      return List.of(r);
    }
    if (items.isEmpty()) {
      return List.of();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(threads, items.size())),
            r -> {
              Thread t = new Thread(r, "cird-image");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<R>> fs = new ArrayList<>();
      for (T item : items) {
        fs.add(
            pool.submit(
                () -> {
                  R r = job.apply(item);
                  progress.step();
                  return r;
                }));
      }
      List<R> out = new ArrayList<>();
      for (Future<R> f : fs) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof RuntimeException) {
            throw (RuntimeException) c;
          }
          throw new CliException(c.getMessage(), c);
        }
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Inspect requests in flight at once for a sweep: each is a small local round trip. */
  static final int METADATA_PARALLELISM = 8;

  /** The local images, each image ID once, with its names sorted (none: the ID names it). */
  static Map<String, List<String>> namesById(List<DaemonImageSummary> images) {
    Map<String, List<String>> names = new LinkedHashMap<>();
    for (DaemonImageSummary s : images) {
      List<String> l = names.computeIfAbsent(s.id(), k -> new ArrayList<>());
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
   * Every local image, each image ID once, named by its first tag (sorted), else its ID, with every
   * tag listed. By default judged from inspect (what {@code docker image inspect} reads); with
   * {@code binaries}, from one export stream of all of them (shared layers pass once), reading each
   * entrypoint binary. An image whose inspect fails is an error result; a failed export stream
   * makes every image an error result.
   */
  static List<Judged> all(
      Supplier<HostProfile> hostSupplier,
      List<DaemonImageSummary> listed,
      DaemonClient client,
      boolean binaries,
      Main main) {
    // the host probe (exec probes wait on processes) runs while the daemon answers the inspects
    CompletableFuture<HostProfile> hostF = async(hostSupplier);
    Map<String, List<String>> names = namesById(listed);
    List<String> ids = new ArrayList<>(names.keySet());
    List<Judged> out = new ArrayList<>();
    if (!binaries) {
      List<Object> inspected;
      try (Progress progress = Progress.of(main, "images", ids.size())) {
        inspected =
            parallel(
                ids,
                METADATA_PARALLELISM,
                progress,
                id -> {
                  try {
                    return client.inspectImage(id);
                  } catch (DaemonException e) {
                    return e;
                  }
                });
      }
      Phases.mark("inspect");
      // the foreign architectures the images declare are exec-probed now (none: nothing more),
      // while the first host probe may still run
      List<Platform> declared = new ArrayList<>();
      for (Object o : inspected) {
        if (o instanceof DaemonImage img) {
          declared.add(img.platform());
        }
      }
      main.probed(declared);
      join(hostF);
      HostProfile host = main.host();
      Phases.mark("probe-wait");
      List<Platform> judgedOn = new ArrayList<>();
      out = declared(host, ids, names, inspected, judgedOn);
      HostProfile more = judgedOn.isEmpty() ? host : main.probed(judgedOn);
      if (more != host) {
        // an index entry judged on a platform not declared at the top: probed now, judged again
        out = declared(more, ids, names, inspected, new ArrayList<>());
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
      join(hostF);
      HostProfile host = main.host();
      Phases.mark("probe-wait");
      byId = export == null ? new HashMap<>() : CanIRunDocker.daemonImages(host, export);
      // a binary of another machine than its image declares: probed now, judged again
      List<Platform> judgedOn = new ArrayList<>();
      for (Evaluation ev : byId.values()) {
        if (!probedFor(host, ev.platform())) {
          judgedOn.add(ev.platform());
        }
      }
      HostProfile more = judgedOn.isEmpty() ? host : main.probed(judgedOn);
      if (more != host) {
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
   * Each inspected image judged by its declared platform on {@code host}; the platforms judged that
   * {@code host} holds no exec probe for are added to {@code unprobed}.
   */
  private static List<Judged> declared(
      HostProfile host,
      List<String> ids,
      Map<String, List<String>> names,
      List<Object> inspected,
      List<Platform> unprobed) {
    List<Judged> out = new ArrayList<>();
    // a verdict on a declared platform is a pure function of the host: judge each platform once
    Map<Platform, Evaluation> byPlatform = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      String target = target(ids.get(i), names);
      Object o = inspected.get(i);
      if (o instanceof DaemonException e) {
        out.add(named(Judged.failed(target, CheckResult.Source.DAEMON, e), names.get(ids.get(i))));
      } else {
        DaemonImage img = (DaemonImage) o;
        Evaluation ev =
            byPlatform.computeIfAbsent(img.platform(), p -> CanIRunDocker.declared(host, img));
        if (!probedFor(host, ev.platform())) {
          unprobed.add(ev.platform());
        }
        out.add(
            named(
                Judged.ok(CheckResult.of(target, CheckResult.Source.DAEMON, ev)),
                names.get(ids.get(i))));
      }
    }
    return out;
  }

  private static String target(String id, Map<String, List<String>> names) {
    List<String> l = names.get(id);
    return l == null || l.isEmpty() ? id : l.get(0);
  }

  /** The result listing every name, where an image has more than one. */
  private static Judged named(Judged j, List<String> names) {
    return names != null && names.size() > 1
        ? new Judged(j.result().withNames(names), j.cause())
        : j;
  }

  private static HostProfile join(CompletableFuture<HostProfile> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException
          ? (RuntimeException) c
          : new CliException(c.getMessage(), c);
    }
  }

  /** One job judged from its image's read (a {@link CanIRunDocker.DaemonRead} or why none). */
  private static Judged one(HostProfile host, DaemonClient client, Job job, Object read) {
    try {
      if (read instanceof DaemonException e) {
        throw e;
      }
      if (read instanceof ImageArchiveException e) {
        throw e;
      }
      CanIRunDocker.DaemonRead image = (CanIRunDocker.DaemonRead) read;
      Evaluation ev =
          job.wanted() == null
              ? CanIRunDocker.daemonImage(host, client, image)
              : CanIRunDocker.daemonImage(host, client, image, job.wanted());
      return Judged.ok(CheckResult.of(job.ref(), CheckResult.Source.DAEMON, ev));
    } catch (DaemonException | ImageArchiveException | PlatformMismatchException e) {
      return Judged.failed(job.ref(), CheckResult.Source.DAEMON, e);
    }
  }
}
