package dev.canirundocker;

import dev.canirundocker.check.BinaryFacts;
import dev.canirundocker.check.EngineReadiness;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.check.FindingIds;
import dev.canirundocker.check.ImageCompatibility;
import dev.canirundocker.check.ImageStartRules;
import dev.canirundocker.check.LocalIndex;
import dev.canirundocker.check.PlatformMismatchException;
import dev.canirundocker.check.Verdict;
import dev.canirundocker.check.gpu.GpuCheck;
import dev.canirundocker.check.gpu.GpuImage;
import dev.canirundocker.check.gpu.NvidiaRequirement;
import dev.canirundocker.daemon.DaemonClient;
import dev.canirundocker.daemon.DaemonException;
import dev.canirundocker.daemon.DaemonGpuSupport;
import dev.canirundocker.daemon.DaemonImage;
import dev.canirundocker.daemon.DaemonStatus;
import dev.canirundocker.elf.CudaCompatNote;
import dev.canirundocker.elf.ElfException;
import dev.canirundocker.elf.ElfInfo;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.image.ArchiveImage;
import dev.canirundocker.image.ImageArchive;
import dev.canirundocker.image.ImageArchiveException;
import dev.canirundocker.image.ImagePlatformEntry;
import dev.canirundocker.image.ImageProfile;
import dev.canirundocker.image.SavedImage;
import dev.canirundocker.platform.Platform;
import dev.canirundocker.platform.PlatformMatcher;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The small facade an embedding project calls. Stateless and thread-safe; every result is
 * immutable.
 *
 * <pre>{@code
 * HostProfile host = new LiveHostProbe(ProbeOptions.defaults()).probe();
 * Verdict v = CanIRunDocker.preflight(host, null).verdict();          // the engine on this host
 * Evaluation e = CanIRunDocker.platform(host, Platform.parse("linux/arm64"));
 * Evaluation a = CanIRunDocker.archive(host, ImageArchive.read(Path.of("app.tar")));
 * }</pre>
 */
public final class CanIRunDocker {
  private CanIRunDocker() {}

  /** Can this host run the Docker engine natively? {@code daemon} may be null (not asked). */
  public static EngineReadiness.Report preflight(HostProfile host, DaemonStatus daemon) {
    return EngineReadiness.evaluate(host, daemon);
  }

  /** Can this host run images of a platform? */
  public static Evaluation platform(HostProfile host, Platform platform) {
    return ImageCompatibility.evaluate(host, platform);
  }

  /** Can this host run a resolved image (from an archive or the daemon)? The binary decides. */
  public static Evaluation image(HostProfile host, ImageProfile image) {
    return ImageStartRules.apply(
        host, image, ImageCompatibility.evaluate(host, image.platform(), binaryFacts(image)));
  }

  /**
   * One image of an archive, judged: its names (RepoTags, or its digest when untagged) and verdict.
   */
  public record ArchiveVerdict(List<String> names, Evaluation evaluation) {
    public ArchiveVerdict {
      names = List.copyOf(names);
    }
  }

  /**
   * Can this host run each image an archive holds? {@code docker save a b c} writes three images:
   * each is judged on its own, in archive order, and a multi-platform image on the entry the host
   * would select (see {@link #archive(HostProfile, ImageArchive)}).
   *
   * @param wanted the platform to run them as ({@code docker run --platform}), or null
   * @throws PlatformMismatchException when {@code wanted} is given and an image has no entry for it
   */
  public static List<ArchiveVerdict> archiveImages(
      HostProfile host, ImageArchive archive, Platform wanted)
      throws ImageArchiveException, PlatformMismatchException {
    List<ArchiveVerdict> out = new ArrayList<>();
    for (SavedImage img : archive.images()) {
      Evaluation e =
          wanted == null
              ? judgeImage(host, archive, img.entries())
              : judgeImage(host, archive, img.entries(), wanted);
      out.add(new ArchiveVerdict(img.names(), e));
    }
    return out;
  }

  /**
   * Can this host run the image an archive holds? A multi-platform archive is judged on the entry
   * the host would select (containerd's order); where no entry runs natively, on the entry with the
   * best verdict, and a finding lists what the archive holds. An archive of several images ({@code
   * docker save a b c}) is judged on the worst of them, a finding naming each; {@link
   * #archiveImages} gives one result per image.
   */
  public static Evaluation archive(HostProfile host, ImageArchive archive)
      throws ImageArchiveException {
    try {
      return worst(archive, archiveImages(host, archive, null));
    } catch (PlatformMismatchException e) {
      throw new IllegalStateException("no platform was asked for", e);
    }
  }

  /**
   * Can this host run the image an archive holds when it is run with {@code --platform wanted}?
   * Among the entries whose platform {@code wanted} admits (containerd's {@code Only} matcher, as
   * {@code docker run --platform} selects), the best one is judged; several images as {@link
   * #archive(HostProfile, ImageArchive)} judges them.
   *
   * @throws PlatformMismatchException when no entry matches {@code wanted}
   */
  public static Evaluation archive(HostProfile host, ImageArchive archive, Platform wanted)
      throws ImageArchiveException, PlatformMismatchException {
    return worst(archive, archiveImages(host, archive, wanted));
  }

  private static Evaluation worst(ImageArchive archive, List<ArchiveVerdict> all) {
    if (all.size() == 1) {
      return all.get(0).evaluation();
    }
    ArchiveVerdict worst = all.get(0);
    List<String> each = new ArrayList<>();
    for (ArchiveVerdict v : all) {
      each.add(v.names().get(0) + " " + v.evaluation().verdict());
      if (v.evaluation().verdict().ordinal() > worst.evaluation().verdict().ordinal()) {
        worst = v;
      }
    }
    return withFinding(
        worst.evaluation(),
        Finding.info(
            FindingIds.IMAGE_ARCHIVE_IMAGES,
            "The archive holds "
                + all.size()
                + " images ("
                + String.join(", ", each)
                + "); this is "
                + worst.names().get(0)
                + ", the worst"));
  }

  /** One image of an archive, its available entries at {@code positions}, as the host selects. */
  private static Evaluation judgeImage(
      HostProfile host, ImageArchive archive, List<Integer> positions)
      throws ImageArchiveException {
    List<Integer> entries = available(archive, positions);
    if (entries.size() == 1) {
      return judge(host, archive.image(entries.get(0)), archive.name());
    }
    List<Platform> platforms = new ArrayList<>();
    for (int i : entries) {
      platforms.add(archive.platforms().get(i).platform());
    }
    String held = "The archive holds " + platforms.size() + " platforms: " + join(platforms);
    Optional<Platform> best =
        PlatformMatcher.forHost(ImageCompatibility.matcherPlatform(host)).best(platforms);
    if (best.isPresent()) {
      int at = entries.get(platforms.indexOf(best.get()));
      Evaluation ev = judge(host, archive.image(at), archive.name());
      if (ev.verdict() == Verdict.NATIVE || !host.os().isLinux()) {
        return withFinding(
            ev,
            Finding.info(
                FindingIds.IMAGE_INDEX, held + "; the host selects " + best.get().formatAll()));
      }
    }
    Evaluation bestEval = null;
    for (int i : entries) {
      Evaluation ev = judge(host, archive.image(i), archive.name());
      if (bestEval == null || ev.verdict().ordinal() < bestEval.verdict().ordinal()) {
        bestEval = ev;
      }
    }
    if (bestEval.verdict() == Verdict.UNSUPPORTED) {
      // no entry runs here at all: naming one to pass to --platform would send the user to a
      // failure
      return withFinding(
          bestEval,
          Finding.warn(
              FindingIds.IMAGE_INDEX_NO_NATIVE, held + "; none of them runs on this host", null));
    }
    return withFinding(
        bestEval,
        Finding.warn(
            FindingIds.IMAGE_INDEX_NO_NATIVE,
            held + "; none runs natively " + "here, the best is " + bestEval.platform().formatAll(),
            "docker run --platform " + bestEval.platform()));
  }

  private static Evaluation judgeImage(
      HostProfile host, ImageArchive archive, List<Integer> positions, Platform wanted)
      throws ImageArchiveException, PlatformMismatchException {
    List<Integer> entries = available(archive, positions);
    List<Platform> platforms = new ArrayList<>();
    for (int i : entries) {
      platforms.add(archive.platforms().get(i).platform());
    }
    Optional<Platform> best = PlatformMatcher.forHost(wanted).best(platforms);
    if (best.isEmpty()) {
      throw new PlatformMismatchException("archive " + archive.name(), wanted, platforms);
    }
    int at = entries.get(platforms.indexOf(best.get()));
    return judge(host, archive.image(at), archive.name());
  }

  private static List<Integer> available(ImageArchive archive, List<Integer> positions)
      throws ImageArchiveException {
    List<Integer> out = new ArrayList<>();
    for (int i : positions) {
      if (archive.platforms().get(i).available()) {
        out.add(i);
      }
    }
    if (out.isEmpty()) {
      throw new ImageArchiveException(archive.name() + ": holds no image whose blobs are present");
    }
    return out;
  }

  /**
   * Can this host run a local image of the daemon when it is run with {@code --platform wanted}? As
   * {@code docker run --platform} on Docker 20.10, a local image whose platform {@code wanted} does
   * not admit is refused (the engine would pull another one); one that matches is judged as {@link
   * #daemonImage(HostProfile, DaemonClient, String)} does.
   *
   * @throws PlatformMismatchException when the local image does not match {@code wanted}
   */
  public static Evaluation daemonImage(
      HostProfile host, DaemonClient client, String reference, Platform wanted)
      throws DaemonException, ImageArchiveException, PlatformMismatchException {
    DaemonImage img = client.inspectImage(reference);
    if (!PlatformMatcher.forHost(wanted).matches(img.platform())) {
      throw new PlatformMismatchException(
          "image with reference " + reference, wanted, List.of(img.platform()));
    }
    return daemonImage(host, client, reference);
  }

  /**
   * Can this host run a local image of the daemon? Reads its config through inspect and its
   * entrypoint binary through the daemon's export stream, without writing layers to disk.
   */
  public static Evaluation daemonImage(HostProfile host, DaemonClient client, String reference)
      throws DaemonException, ImageArchiveException {
    DaemonImage img = client.inspectImage(reference);
    // the containerd store: an index; judge the platform docker run starts (LocalIndex)
    LocalIndex.Selection sel = LocalIndex.select(host, img, reference);
    Platform declared = sel.platform();
    if (sel.indexed() && !declared.equals(img.platform())) {
      img = client.inspectImage(reference, declared).orElse(img);
    }
    BinaryFacts binary = null;
    ImageProfile read = null;
    List<GpuImage.CompatLib> compat = null;
    List<Finding> extra = new ArrayList<>(sel.findings());
    if (declared.isLinux()) {
      try (InputStream in =
          sel.indexed()
              ? client.exportImages(List.of(img.id()), declared)
              : client.exportImages(List.of(img.id()))) {
        ImageArchive a = ImageArchive.readStream(in, reference);
        if (!a.platforms().isEmpty()) {
          ArchiveImage ai = a.image(entryFor(a, declared));
          ImageProfile p = ai.profile("daemon", reference);
          read = p;
          compat = compatLibs(ai);
          binary = binaryFacts(p);
          if (binary == null && p.entrypointReason() != null && p.startProblem() == null) {
            extra.add(
                Finding.info(
                    FindingIds.IMAGE_BINARY_UNRESOLVED,
                    "The entrypoint could not be read: " + p.entrypointReason()));
          }
        }
      } catch (IOException e) {
        if (e instanceof DaemonException) {
          throw (DaemonException) e;
        }
        if (e instanceof ImageArchiveException) {
          throw (ImageArchiveException) e;
        }
        extra.add(
            Finding.warn(
                FindingIds.IMAGE_EXPORT_FAILED,
                "The image's layers could not be read: " + e.getMessage(),
                null));
      }
    }
    Evaluation ev = ImageCompatibility.evaluate(host, declared, binary);
    if (read != null) {
      ev = ImageStartRules.apply(host, read, ev);
    }
    for (Finding f : extra) {
      ev = withFinding(ev, f);
    }
    GpuImage gpu = GpuImage.of(img.config().env(), compat);
    DaemonGpuSupport support = null;
    if (gpu.asksForGpu()) {
      try {
        support = DaemonGpuSupport.of(client.info());
      } catch (DaemonException | RuntimeException e) {
        // the host's own files still say what they say; the daemon's runtimes stay unknown
      }
    }
    return GpuCheck.apply(ev, host, gpu, support);
  }

  /**
   * Will a bare NVIDIA requirement ({@code cuda>=12.4 brand=tesla,driver>=535}) be met on this
   * host, as {@code check --gpu-requirement} asks: judged as the requirement of an image that asks
   * for all GPUs.
   *
   * @throws IllegalArgumentException naming the term when the requirement is not valid
   */
  public static Evaluation gpuRequirement(HostProfile host, String requirement) {
    NvidiaRequirement.validate(requirement)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    GpuImage image =
        GpuImage.of(
            List.of("NVIDIA_VISIBLE_DEVICES=all", "NVIDIA_REQUIRE_CUDA=" + requirement), null);
    return GpuCheck.evaluate(host, image, null);
  }

  /** An archive image judged: its platform and binary, then what it asks of a GPU. */
  private static Evaluation judge(HostProfile host, ArchiveImage ai, String name)
      throws ImageArchiveException {
    return GpuCheck.apply(
        image(host, ai.profile("archive", name)),
        host,
        GpuImage.of(ai.config().env(), compatLibs(ai)),
        null);
  }

  /** The image's CUDA forward-compatibility libraries, each with its note where it has one. */
  static List<GpuImage.CompatLib> compatLibs(ArchiveImage ai) throws ImageArchiveException {
    List<GpuImage.CompatLib> out = new ArrayList<>();
    for (java.util.Map.Entry<String, byte[]> e : ai.keptFileHeads().entrySet()) {
      CudaCompatNote note = null;
      try {
        note = CudaCompatNote.read(e.getKey(), e.getValue()).orElse(null);
      } catch (ElfException x) {
        // a library without a readable note: listed, supporting no branch
      }
      out.add(new GpuImage.CompatLib(e.getKey(), note));
    }
    return out;
  }

  /**
   * The export's entry of a platform: an export of an index without a platform selection holds
   * every present platform; the first where none matches (a classic-store export has one).
   */
  private static ImagePlatformEntry entryFor(ImageArchive a, Platform p) {
    for (ImagePlatformEntry e : a.platforms()) {
      if (e.available() && e.platform().equals(p)) {
        return e;
      }
    }
    return a.platforms().get(0);
  }

  /**
   * Judges a daemon image by what inspect says only (its declared platform), without reading its
   * layers: as fast as {@code docker image inspect}, for sweeps over every local image. A finding
   * says the binary was not read, since a label is a claim.
   */
  public static Evaluation daemonImageDeclared(
      HostProfile host, DaemonClient client, String reference) throws DaemonException {
    return declared(host, client.inspectImage(reference));
  }

  /**
   * Judges an inspected daemon image by its declared platform; see {@link #daemonImageDeclared}.
   */
  public static Evaluation declared(HostProfile host, DaemonImage img) {
    LocalIndex.Selection sel =
        LocalIndex.select(host, img, img.repoTags().isEmpty() ? img.id() : img.repoTags().get(0));
    Evaluation ev = ImageCompatibility.evaluate(host, sel.platform(), null);
    for (Finding f : sel.findings()) {
      ev = withFinding(ev, f);
    }
    return withFinding(
        ev,
        Finding.info(
            FindingIds.IMAGE_BINARY_NOT_READ,
            "Judged by the platform the image declares; its " + "entrypoint binary was not read",
            "Add --binaries (or name the image) to read it"));
  }

  /**
   * Judges many daemon images from ONE export stream ({@code docker save} of all of them): shared
   * layers pass once, and there is one round trip instead of one per image. The result maps each
   * image ID (as {@code sha256:...}) to its evaluation; the declared platform comes from each
   * image's config in the stream, exactly what inspect reports.
   */
  public static java.util.Map<String, Evaluation> daemonImages(
      HostProfile host, DaemonClient client, List<String> ids)
      throws DaemonException, ImageArchiveException {
    java.util.Map<String, Evaluation> out = new java.util.LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    try (InputStream in = client.exportImages(ids)) {
      ImageArchive a =
          ImageArchive.readStream(in, "the daemon's export of " + ids.size() + " images");
      for (int i = 0; i < a.platforms().size(); i++) {
        ArchiveImage ai = a.image(i);
        ImageProfile p = ai.profile("daemon", ai.configDigest());
        out.put(
            ai.configDigest(),
            GpuCheck.apply(
                image(host, p), host, GpuImage.of(ai.config().env(), compatLibs(ai)), null));
      }
    } catch (DaemonException | ImageArchiveException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageArchiveException("the daemon's export stream: " + e.getMessage());
    }
    return out;
  }

  /** The facts of an image's entrypoint binary, or null where it is not a readable ELF file. */
  public static BinaryFacts binaryFacts(ImageProfile image) {
    byte[] head = image.binaryHead();
    if (head == null || !ElfInfo.isElf(head)) {
      return null;
    }
    try {
      return BinaryFacts.of(image.entrypointPath(), ElfInfo.parse(head, image.entrypointPath()));
    } catch (ElfException e) {
      return null;
    }
  }

  private static Evaluation withFinding(Evaluation e, Finding f) {
    List<Finding> l = new ArrayList<>(e.findings());
    l.add(f);
    return new Evaluation(e.platform(), e.verdict(), l);
  }

  private static String join(List<Platform> ps) {
    List<String> s = new ArrayList<>();
    for (Platform p : ps) {
      // the whole platform: Windows entries differ by os.version only
      s.add(p.formatAll());
    }
    return String.join(", ", s);
  }
}
