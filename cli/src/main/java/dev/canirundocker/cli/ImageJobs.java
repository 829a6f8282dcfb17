package dev.canirundocker.cli;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.PlatformMismatchException;
import dev.canirundocker.daemon.DaemonClient;
import dev.canirundocker.daemon.DaemonException;
import dev.canirundocker.daemon.DaemonImage;
import dev.canirundocker.daemon.ImageInspection;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.report.CheckResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Judges daemon images concurrently, with bounded parallelism, keeping the order given. A target
 * that cannot be judged becomes an error result; the others go on.
 */
final class ImageJobs {
  /** The daemon serializes exports per image anyway; a few at once hide the round trips. */
  static final int PARALLELISM = 4;

  private ImageJobs() {}

  /** One job: an image reference, and the platform it is to run as (null: its own). */
  record Job(String ref, @Nullable Platform wanted) {}

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
    CompletableFuture<HostProfile> hostF = Parallel.async(main::host);
    List<String> refs = refs(jobs);
    List<Object> inspected = inspectAll(client, refs, Progress.NONE);
    List<Platform> needed = new ArrayList<>();
    for (Object o : inspected) {
      if (o instanceof DaemonImage img) {
        needed.add(img.platform());
      }
    }
    jobs.forEach(j -> needed.add(j.wanted()));
    CompletableFuture<HostProfile> probedF = Parallel.async(() -> main.probed(needed));
    Map<String, Object> reads = read(client, jobs, refs, inspected);
    Phases.mark("export");
    Parallel.join(hostF);
    Parallel.join(probedF);
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
        out.set(i, one(full, client, jobs.get(i), readOf(reads, jobs.get(i))));
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

  /**
   * Each of {@code refs} inspected, in order (pipelined by the HTTP client, see {@link
   * DaemonClient#inspectImages}): its {@link DaemonImage} or the {@link DaemonException} it failed
   * with (the job says it again, as its error result). Daemon requests only, so a sweep's run while
   * the daemon's status is asked.
   */
  static List<Object> inspectAll(DaemonClient client, List<String> refs, Progress progress) {
    List<Object> inspected = new ArrayList<>(refs.size());
    for (ImageInspection r : client.inspectImages(refs, r -> progress.step())) {
      inspected.add(r.image() != null ? r.image() : r.error());
    }
    Phases.mark("inspect");
    return inspected;
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
    return read(client, jobs, refs, inspectAll(client, refs, Progress.NONE));
  }

  /**
   * {@link #read(DaemonClient, List)} of the images {@code refs} whose inspects ({@link
   * #inspectAll}) are {@code inspected}: each exported, {@link #PARALLELISM} at once.
   */
  private static Map<String, Object> read(
      DaemonClient client, List<Job> jobs, List<String> refs, List<Object> inspected) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      at.add(i);
    }
    List<Object> read =
        Parallel.parallel(
            at,
            PARALLELISM,
            Progress.NONE,
            i -> {
              Object o = inspected.get(i);
              if (!(o instanceof DaemonImage img)) {
                return o; // the inspect's failure: the job says it again, as its error result
              }
              try {
                return CanIRunDocker.readDaemonImage(
                    client, img, refs.get(i), runAs(jobs, refs.get(i)));
              } catch (DaemonException | ImageArchiveException e) {
                return e;
              }
            });
    Map<String, Object> out = new HashMap<>();
    for (int i = 0; i < refs.size(); i++) {
      out.put(refs.get(i), read.get(i));
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
    return Parallel.parallel(
        jobs, PARALLELISM, progress, j -> one(host, client, j, readOf(reads, j)));
  }

  /** Whether {@code host} holds the exec probe {@code p} would read (or none exists for it). */
  static boolean probedFor(HostProfile host, @Nullable Platform p) {
    if (p == null || !dev.canirundocker.host.exec.ProbeBinaries.supports(p)) {
      return true;
    }
    // a loop, not a stream: --all asks this once per image
    for (dev.canirundocker.host.ExecProbeResult r : host.execProbes()) {
      if (r.platform().architecture().equals(p.architecture())) {
        return true;
      }
    }
    return false;
  }

  /** The read of {@code job}'s image: {@link #read} puts one for every job. */
  private static Object readOf(Map<String, Object> reads, Job job) {
    return java.util.Objects.requireNonNull(reads.get(job.ref()), job.ref());
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
