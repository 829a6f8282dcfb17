package dev.canirundocker.cli;

import dev.canirundocker.CanIRunDocker;
import dev.canirundocker.check.PlatformMismatchException;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.report.CheckResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The --archive targets of one {@code check}: each archive read once (a FIFO cannot be read twice;
 * a matrix judges it on every host, and the archives-alone mode reads it before the probe it
 * decides), then one result per image it holds for each platform it is run as.
 */
final class ArchiveTargets {
  private final Main main;
  private final List<Path> archives;

  ArchiveTargets(Main main, List<Path> archives) {
    this.main = main;
    this.archives = archives;
  }

  /** The archives read so far: a matrix judges each on every host. */
  private final java.util.Map<Path, ImageArchive> archiveRead = new java.util.HashMap<>();

  /**
   * One result per image of the archive (docker save a b c holds three), each named by its tags.
   */
  private List<Judged> archive(HostProfile host, Path a, @Nullable Platform wanted) {
    try {
      ImageArchive archive = read(a);
      if (archive == null) {
        // read returns null only where it kept why
        throw java.util.Objects.requireNonNull(archiveFailed.get(a), "no failure kept");
      }
      List<CanIRunDocker.ArchiveVerdict> each = CanIRunDocker.archiveImages(host, archive, wanted);
      List<Judged> out = new ArrayList<>();
      for (CanIRunDocker.ArchiveVerdict v : each) {
        CheckResult r = CheckResult.of(a.toString(), CheckResult.Source.ARCHIVE, v.evaluation());
        out.add(Judged.ok(each.size() == 1 ? r : r.withNames(v.names())));
      }
      return out;
    } catch (ImageArchiveException | PlatformMismatchException e) {
      return List.of(Judged.failed(a.toString(), CheckResult.Source.ARCHIVE, e));
    }
  }

  /** Each archive judged for each platform it is run as, in order. */
  void judge(
      @Nullable HostProfile host,
      List<Platform> runAs,
      TargetOrder.Positions at,
      List<Judged> judged,
      List<Integer> pos) {
    try (Progress progress = Progress.of(main, "archives", archives.size() * runAs.size())) {
      for (int k = 0; k < archives.size(); k++) {
        for (Platform p : runAs) {
          progress.working(archives.get(k).toString());
          // archives are judged on a host probed first (only daemon targets leave it null)
          HostProfile on = java.util.Objects.requireNonNull(host, "no host for archives");
          for (Judged j : archive(on, archives.get(k), p)) {
            judged.add(j);
            pos.add(TargetOrder.Positions.at(at.archives(), k));
          }
          progress.step();
        }
      }
    }
  }

  /** Why an archive could not be read, once: a FIFO cannot be read twice. */
  private final java.util.Map<Path, ImageArchiveException> archiveFailed =
      new java.util.HashMap<>();

  /**
   * The archive at {@code a}, read once (judged on every host of a matrix, and after the probe it
   * decided), or null where it could not be read ({@code archiveFailed} says why).
   */
  @Nullable ImageArchive read(Path a) {
    ImageArchive archive = archiveRead.get(a);
    if (archive == null && !archiveFailed.containsKey(a)) {
      try {
        archive = ImageArchive.read(a, main.archiveLimits());
        archiveRead.put(a, archive);
      } catch (ImageArchiveException e) {
        archiveFailed.put(a, e);
      }
    }
    return archive;
  }
}
