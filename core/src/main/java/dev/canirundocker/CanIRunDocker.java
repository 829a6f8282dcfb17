package dev.canirundocker;

import dev.canirundocker.check.BinaryFacts;
import dev.canirundocker.check.DeclaredPlatform;
import dev.canirundocker.check.EngineReadiness;
import dev.canirundocker.check.Evaluation;
import dev.canirundocker.check.Finding;
import dev.canirundocker.check.ImageCheck;
import dev.canirundocker.check.ImageCompatibility;
import dev.canirundocker.check.IndexChoice;
import dev.canirundocker.check.LocalIndex;
import dev.canirundocker.check.PlatformMismatchException;
import dev.canirundocker.check.PlatformRequest;
import dev.canirundocker.check.WorstImage;
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
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
 *
 * <p>Why this file is long (about 500 lines, most of them Javadoc): it is the one entry point of
 * the API, so every question an embedder can ask (preflight, platform, image, archive, daemon image
 * with and without {@code --platform}, many daemon images from one export, a bare GPU requirement)
 * has its method here, each a few lines that read and hand the result to a rule in {@code check}
 * ({@code ImageCheck}, {@code IndexChoice}, {@code PlatformRequest}, {@code WorstImage}, {@code
 * DeclaredPlatform}); no decision is made here. Splitting it would move public types such as {@link
 * DaemonRead} into other packages and break the callers that name them, for no gain in what a
 * reader has to follow.
 */
public final class CanIRunDocker {
  private CanIRunDocker() {}

  /** Can this host run the Docker engine natively? {@code daemon} may be null (not asked). */
  public static EngineReadiness.Report preflight(HostProfile host, @Nullable DaemonStatus daemon) {
    return EngineReadiness.evaluate(host, daemon);
  }

  /** Can this host run images of a platform? */
  public static Evaluation platform(HostProfile host, Platform platform) {
    return ImageCompatibility.evaluate(host, platform);
  }

  /** Can this host run a resolved image (from an archive or the daemon)? The binary decides. */
  public static Evaluation image(HostProfile host, ImageProfile image) {
    return ImageCheck.files(host, image, binaryFacts(image));
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
      HostProfile host, ImageArchive archive, @Nullable Platform wanted)
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
      return worst(archiveImages(host, archive, null));
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
    return worst(archiveImages(host, archive, wanted));
  }

  private static Evaluation worst(List<ArchiveVerdict> all) {
    List<WorstImage.Judged> judged = new ArrayList<>();
    for (ArchiveVerdict v : all) {
      judged.add(new WorstImage.Judged(v.names().get(0), v.evaluation()));
    }
    return WorstImage.of(judged);
  }

  /** One image of an archive, its available entries at {@code positions}, as the host selects. */
  private static Evaluation judgeImage(
      HostProfile host, ImageArchive archive, List<Integer> positions)
      throws ImageArchiveException {
    List<Integer> entries = available(archive, positions);
    return IndexChoice.choose(
        host,
        platforms(archive, entries),
        i -> judge(host, archive.image(entries.get(i)), archive.name()));
  }

  private static Evaluation judgeImage(
      HostProfile host, ImageArchive archive, List<Integer> positions, Platform wanted)
      throws ImageArchiveException, PlatformMismatchException {
    List<Integer> entries = available(archive, positions);
    int at =
        PlatformRequest.entry(wanted, platforms(archive, entries), "archive " + archive.name());
    return judge(host, archive.image(entries.get(at)), archive.name());
  }

  private static List<Platform> platforms(ImageArchive archive, List<Integer> entries) {
    List<Platform> platforms = new ArrayList<>();
    for (int i : entries) {
      platforms.add(archive.platforms().get(i).platform());
    }
    return platforms;
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
    return daemonImage(host, client, readDaemonImage(client, reference), wanted);
  }

  /**
   * Can this host run a local image of the daemon? Reads its config through inspect and its
   * entrypoint binary through the daemon's export stream, without writing layers to disk.
   */
  public static Evaluation daemonImage(HostProfile host, DaemonClient client, String reference)
      throws DaemonException, ImageArchiveException {
    return daemonImage(host, client, readDaemonImage(client, reference));
  }

  /**
   * A local image of the daemon, read as far as it can be before the host is known: its inspect
   * answer and, for an image of the classic store (one platform, nothing for the host to select),
   * its files from the export stream. A caller reads its images while the host is probed, then
   * judges each with {@link #daemonImage(HostProfile, DaemonClient, DaemonRead)}: the verdicts are
   * those of {@link #daemonImage(HostProfile, DaemonClient, String)}, with one inspect per image
   * instead of one per call. An index of the containerd store is read when it is judged: the host
   * selects its entry ({@link LocalIndex}).
   */
  public static final class DaemonRead {
    private final String reference;
    private final DaemonImage image;
    private final @Nullable Files files;

    private DaemonRead(String reference, DaemonImage image, @Nullable Files files) {
      this.reference = reference;
      this.image = image;
      this.files = files;
    }

    /** The reference the image was asked for by. */
    public String reference() {
      return reference;
    }

    /** The inspect answer. */
    public DaemonImage image() {
      return image;
    }
  }

  /**
   * What the export stream gave of an image's files, or why it gave nothing (a finding); all null
   * and no finding for an image without a readable entry.
   */
  private record Files(
      @Nullable ImageProfile read,
      @Nullable List<GpuImage.CompatLib> compat,
      @Nullable BinaryFacts binary,
      List<Finding> found) {}

  /**
   * Inspects a local image and reads what needs no host (see {@link DaemonRead}).
   *
   * @throws ImageNotFoundException (a {@link DaemonException}) when the daemon has no such image
   */
  public static DaemonRead readDaemonImage(DaemonClient client, String reference)
      throws DaemonException, ImageArchiveException {
    return readDaemonImage(client, client.inspectImage(reference), reference);
  }

  /**
   * Reads what needs no host of an image already inspected ({@code image} is the answer to {@code
   * inspectImage(reference)}), see {@link DaemonRead}.
   */
  public static DaemonRead readDaemonImage(DaemonClient client, DaemonImage image, String reference)
      throws DaemonException, ImageArchiveException {
    return readDaemonImage(client, image, reference, java.util.Collections.singletonList(null));
  }

  /**
   * Reads what needs no host of an image already inspected, for the platforms it is to be run as
   * ({@code docker run --platform}; a null element: its own). Where none of them admits the image,
   * its export is not streamed: judging it for them refuses the mismatch first, as {@code docker
   * run --platform} does ({@link PlatformRequest#requireMatch}).
   */
  public static DaemonRead readDaemonImage(
      DaemonClient client, DaemonImage image, String reference, List<Platform> runAs)
      throws DaemonException, ImageArchiveException {
    boolean indexed = !image.imageManifests().isEmpty();
    boolean used = false;
    for (Platform w : runAs) {
      used |= PlatformRequest.admits(w, image.platform());
    }
    Files files =
        indexed || !used || !image.platform().isLinux()
            ? null
            : files(client, image, image.platform(), false, reference);
    return new DaemonRead(reference, image, files);
  }

  /**
   * The image's files for {@code declared} from the export stream ({@code indexed}: the export of
   * that platform of an index).
   */
  private static Files files(
      DaemonClient client, DaemonImage img, Platform declared, boolean indexed, String reference)
      throws DaemonException, ImageArchiveException {
    try (InputStream in =
        indexed
            ? client.exportImages(List.of(img.id()), declared)
            : client.exportImages(List.of(img.id()))) {
      ImageArchive a = ImageArchive.readStream(in, reference);
      if (a.platforms().isEmpty()) {
        return new Files(null, null, null, List.of());
      }
      ArchiveImage ai = a.image(entryFor(a, declared));
      ImageProfile p = ai.profile("daemon", reference);
      BinaryFacts binary = binaryFacts(p);
      return new Files(
          p,
          compatLibs(ai),
          binary,
          ImageCheck.unresolvedEntrypoint(p, binary).map(List::of).orElse(List.of()));
    } catch (IOException e) {
      if (e instanceof DaemonException) {
        throw (DaemonException) e;
      }
      if (e instanceof ImageArchiveException) {
        throw (ImageArchiveException) e;
      }
      return new Files(null, null, null, List.of(ImageCheck.exportFailed(e.getMessage())));
    }
  }

  /**
   * Judges a local image read by {@link #readDaemonImage}, as {@link #daemonImage(HostProfile,
   * DaemonClient, String, Platform)} does when it is run with {@code --platform wanted}.
   *
   * @throws PlatformMismatchException when the local image does not match {@code wanted}
   */
  public static Evaluation daemonImage(
      HostProfile host, DaemonClient client, DaemonRead image, Platform wanted)
      throws DaemonException, ImageArchiveException, PlatformMismatchException {
    PlatformRequest.requireMatch(
        wanted, image.image().platform(), "image with reference " + image.reference());
    return daemonImage(host, client, image);
  }

  /**
   * Judges a local image read by {@link #readDaemonImage}: what {@link #daemonImage(HostProfile,
   * DaemonClient, String)} says of it. An index is read now, for the entry this host selects.
   */
  public static Evaluation daemonImage(HostProfile host, DaemonClient client, DaemonRead image)
      throws DaemonException, ImageArchiveException {
    String reference = image.reference();
    DaemonImage img = image.image();
    // the containerd store: an index; judge the platform docker run starts (LocalIndex)
    LocalIndex.Selection sel = LocalIndex.select(host, img, reference);
    Platform declared = sel.platform();
    if (sel.indexed() && !declared.equals(img.platform())) {
      img = client.inspectImage(reference, declared).orElse(img);
    }
    Files files = image.files;
    if (files == null && declared.isLinux()) {
      files = files(client, img, declared, sel.indexed(), reference);
    }
    List<Finding> extra = new ArrayList<>(sel.findings());
    if (files != null) {
      extra.addAll(files.found());
    }
    GpuImage gpu = GpuImage.of(img.config().env(), files == null ? null : files.compat());
    DaemonGpuSupport support = null;
    if (gpu.asksForGpu()) {
      try {
        support = DaemonGpuSupport.of(client.info());
      } catch (DaemonException | RuntimeException e) {
        // the host's own files still say what they say; the daemon's runtimes stay unknown
      }
    }
    return ImageCheck.daemon(
        host,
        declared,
        files == null ? null : files.read(),
        files == null ? null : files.binary(),
        extra,
        gpu,
        support);
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
    ImageProfile p = ai.profile("archive", name);
    return ImageCheck.archived(
        host, p, binaryFacts(p), GpuImage.of(ai.config().env(), compatLibs(ai)));
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
    return DeclaredPlatform.evaluate(host, img);
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
    if (ids.isEmpty()) {
      return new java.util.LinkedHashMap<>();
    }
    return daemonImages(host, readDaemonImages(client, ids));
  }

  /**
   * Reads ONE export stream of many daemon images ({@code ids} not empty), for {@link
   * #daemonImages(HostProfile, ImageArchive)}: reading needs no host, so a caller streams it while
   * the host is probed, and learns from its entries which platforms to exec-probe.
   */
  public static ImageArchive readDaemonImages(DaemonClient client, List<String> ids)
      throws DaemonException, ImageArchiveException {
    try (InputStream in = client.exportImages(ids)) {
      return ImageArchive.readStream(in, "the daemon's export of " + ids.size() + " images");
    } catch (DaemonException | ImageArchiveException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageArchiveException("the daemon's export stream: " + e.getMessage());
    }
  }

  /**
   * Judges every image of an export stream read by {@link #readDaemonImages}: each image ID (as
   * {@code sha256:...}) to its evaluation, as {@link #daemonImages(HostProfile, DaemonClient,
   * List)} gives it.
   */
  public static java.util.Map<String, Evaluation> daemonImages(
      HostProfile host, ImageArchive export) throws ImageArchiveException {
    java.util.Map<String, Evaluation> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < export.platforms().size(); i++) {
      ArchiveImage ai = export.image(i);
      ImageProfile p = ai.profile("daemon", ai.configDigest());
      out.put(
          ai.configDigest(),
          ImageCheck.archived(
              host, p, binaryFacts(p), GpuImage.of(ai.config().env(), compatLibs(ai))));
    }
    return out;
  }

  /** The facts of an image's entrypoint binary, or null where it is not a readable ELF file. */
  public static @Nullable BinaryFacts binaryFacts(ImageProfile image) {
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
}
