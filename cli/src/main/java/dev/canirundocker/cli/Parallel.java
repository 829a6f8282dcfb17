package dev.canirundocker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The CLI's concurrency, in one place: a bounded pool that keeps the items' order, a task on a
 * thread of its own, and the join that rethrows a task's failure as itself. Every thread is a
 * daemon thread, so a hung daemon answer never keeps the JVM alive.
 */
final class Parallel {
  private Parallel() {}

  /**
   * A task on a thread of its own: the common pool has a single worker on a 2-core machine, which
   * would run the host probe and the foreign exec probes one after the other.
   */
  static <T> CompletableFuture<T> async(Supplier<T> task) {
    return async("cird-host", task);
  }

  /** {@link #async(Supplier)} on a thread named {@code name}. */
  static <T> CompletableFuture<T> async(String name, Supplier<T> task) {
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
            name);
    t.setDaemon(true);
    t.start();
    return f;
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
          Throwable c = java.util.Objects.requireNonNullElse(e.getCause(), e);
          if (c instanceof RuntimeException) {
            throw (RuntimeException) c;
          }
          throw new CliException(dev.canirundocker.text.Text.message(c), c);
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

  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable c = java.util.Objects.requireNonNullElse(e.getCause(), e);
      throw c instanceof RuntimeException
          ? (RuntimeException) c
          : new CliException(dev.canirundocker.text.Text.message(c), c);
    }
  }
}
