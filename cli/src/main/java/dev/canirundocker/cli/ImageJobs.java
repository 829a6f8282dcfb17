package dev.canirundocker.cli;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.daemon.DaemonClient;
import dev.canirundocker.daemon.DaemonException;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.report.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Judges daemon images concurrently, with bounded parallelism, keeping the order given. */
final class ImageJobs {
  /** The daemon serializes exports per image anyway; a few at once hide the round trips. */
  static final int PARALLELISM = 4;

  private ImageJobs() {}

  static List<CheckResult> run(HostProfile host, DaemonClient client, List<String> refs) {
    return run(host, client, refs, Progress.NONE);
  }

  /** As {@link #run(HostProfile, DaemonClient, List)}, counting each finished image on {@code progress}. */
  static List<CheckResult> run(HostProfile host, DaemonClient client, List<String> refs,
      Progress progress) {
    return parallel(refs, PARALLELISM, progress, ref -> one(host, client, ref));
  }

  /** Applies {@code job} to every item on a bounded pool, keeping the items' order. */
  static <T, R> List<R> parallel(List<T> items, int threads, Progress progress,
      java.util.function.Function<T, R> job) {
    if (items.size() == 1) {
      R r = job.apply(items.get(0));
      progress.step();
      return List.of(r);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, items.size())),
        r -> {
          Thread t = new Thread(r, "cird-image");
          t.setDaemon(true);
          return t;
        });
    try {
      List<Future<R>> fs = new ArrayList<>();
      for (T item : items) {
        fs.add(pool.submit(() -> {
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

  /**
   * Every local image, each image ID once, named by its first tag, else its ID, in the daemon's
   * listing order. By default judged from inspect (what {@code docker image inspect} reads); with
   * {@code binaries}, from one export stream of all of them (shared layers pass once), reading each
   * entrypoint binary.
   */
  static List<CheckResult> all(java.util.function.Supplier<HostProfile> hostSupplier,
      DaemonClient client, boolean binaries, Main main) {
    // the host probe (exec probes wait on processes) runs while the daemon answers the inspects
    java.util.concurrent.CompletableFuture<HostProfile> hostF =
        java.util.concurrent.CompletableFuture.supplyAsync(hostSupplier);
    HostProfile host = null;
    try {
      java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
      for (dev.canirundocker.daemon.DaemonImageSummary s : client.images()) {
        names.putIfAbsent(s.id(), s.reference());
      }
      if (!binaries) {
        List<String> ids = new ArrayList<>(names.keySet());
        List<dev.canirundocker.daemon.DaemonImage> inspected;
        try (Progress progress = Progress.of(main, "images", ids.size())) {
          inspected = parallel(ids, METADATA_PARALLELISM, progress, id -> {
            try {
              return client.inspectImage(id);
            } catch (DaemonException e) {
              throw new CliException(e.getMessage(), e);
            }
          });
        }
        host = join(hostF);
        // a verdict on a declared platform is a pure function of the host: judge each platform once
        java.util.Map<dev.canirundocker.platform.Platform, dev.canirundocker.check.Evaluation> byPlatform =
            new java.util.HashMap<>();
        List<CheckResult> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
          dev.canirundocker.daemon.DaemonImage img = inspected.get(i);
          HostProfile h = host;
          out.add(CheckResult.of(names.get(ids.get(i)), CheckResult.Source.DAEMON,
              byPlatform.computeIfAbsent(img.platform(), p -> CanIRunDocker.declared(h, img))));
        }
        return out;
      }
      host = join(hostF);
      java.util.Map<String, dev.canirundocker.check.Evaluation> byId =
          CanIRunDocker.daemonImages(host, client, new ArrayList<>(names.keySet()));
      List<CheckResult> out = new ArrayList<>();
      for (java.util.Map.Entry<String, String> e : names.entrySet()) {
        dev.canirundocker.check.Evaluation ev = byId.get(e.getKey());
        if (ev == null) {
          throw new CliException("the daemon's export lacks image " + e.getKey());
        }
        out.add(CheckResult.of(e.getValue(), CheckResult.Source.DAEMON, ev));
      }
      return out;
    } catch (DaemonException | ImageArchiveException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  private static HostProfile join(java.util.concurrent.CompletableFuture<HostProfile> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException ? (RuntimeException) c : new CliException(c.getMessage(), c);
    }
  }

  private static CheckResult one(HostProfile host, DaemonClient client, String ref) {
    try {
      return CheckResult.of(ref, CheckResult.Source.DAEMON,
          CanIRunDocker.daemonImage(host, client, ref));
    } catch (dev.canirundocker.daemon.ImageNotFoundException e) {
      throw new CliException(e.getMessage() + "; pull it first (docker pull " + ref
          + "), or judge a saved image with --archive", e);
    } catch (DaemonException | ImageArchiveException e) {
      throw new CliException(e.getMessage(), e);
    }
  }
}
