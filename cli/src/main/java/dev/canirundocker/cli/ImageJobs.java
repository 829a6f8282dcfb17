package dev.canirundocker.cli;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.daemon.DaemonClient;
import dev.canirundocker.daemon.DaemonException;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.image.ImageArchiveException;
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

  static List<CheckCommand.Result> run(HostProfile host, DaemonClient client, List<String> refs) {
    return run(host, client, refs, Progress.NONE);
  }

  /** As {@link #run(HostProfile, DaemonClient, List)}, counting each finished image on {@code progress}. */
  static List<CheckCommand.Result> run(HostProfile host, DaemonClient client, List<String> refs,
      Progress progress) {
    if (refs.size() == 1) {
      return List.of(one(host, client, refs.get(0)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLELISM, refs.size()), r -> {
      Thread t = new Thread(r, "cird-image");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<CheckCommand.Result>> fs = new ArrayList<>();
      for (String ref : refs) {
        fs.add(pool.submit(() -> {
          CheckCommand.Result r = one(host, client, ref);
          progress.step();
          return r;
        }));
      }
      List<CheckCommand.Result> out = new ArrayList<>();
      for (Future<CheckCommand.Result> f : fs) {
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

  /**
   * Every local image, each image ID once, from one export stream of all of them (shared layers pass
   * once). Named by their first tag, else their ID, in the daemon's listing order.
   */
  static List<CheckCommand.Result> all(HostProfile host, DaemonClient client) {
    try {
      java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
      for (dev.canirundocker.daemon.DaemonImageSummary s : client.images()) {
        names.putIfAbsent(s.id(), s.reference());
      }
      java.util.Map<String, dev.canirundocker.check.Evaluation> byId =
          CanIRunDocker.daemonImages(host, client, new ArrayList<>(names.keySet()));
      List<CheckCommand.Result> out = new ArrayList<>();
      for (java.util.Map.Entry<String, String> e : names.entrySet()) {
        dev.canirundocker.check.Evaluation ev = byId.get(e.getKey());
        if (ev == null) {
          throw new CliException("the daemon's export lacks image " + e.getKey());
        }
        out.add(new CheckCommand.Result(e.getValue(), "daemon", ev));
      }
      return out;
    } catch (DaemonException | ImageArchiveException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  private static CheckCommand.Result one(HostProfile host, DaemonClient client, String ref) {
    try {
      return new CheckCommand.Result(ref, "daemon", CanIRunDocker.daemonImage(host, client, ref));
    } catch (DaemonException | ImageArchiveException e) {
      throw new CliException(e.getMessage(), e);
    }
  }
}
