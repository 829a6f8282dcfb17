package dev.canirundocker.cli;

import dev.canirundocker.host.ExecProbeResult;
import dev.canirundocker.host.HostFact;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.host.InvalidHostProfileException;
import dev.canirundocker.host.exec.ProbeBinaries;
import dev.canirundocker.platform.CompatibilityMode;
import dev.canirundocker.platform.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The host a command judges: a saved profile (--host-profile, checked against --max-age) or the
 * live host, probed once per run whichever thread asks first, with exec probes of only the
 * architectures the command's targets need ({@link #probed}).
 */
final class HostSource {
  private final Main main;

  HostSource(Main main) {
    this.main = main;
  }

  /**
   * The host's own architecture and its compatibility mode (386 on amd64, arm on arm64): what the
   * preflight needs to know the kernel runs. Foreign architectures cost an emulator start each.
   */
  static @Nullable List<Platform> nativeProbes() {
    return NATIVE_PROBES;
  }

  /** {@link #nativeProbes}: os.arch is fixed for the JVM's life, so worked out once. */
  private static final @Nullable List<Platform> NATIVE_PROBES = ownPlatforms();

  private static @Nullable List<Platform> ownPlatforms() {
    Platform self;
    try {
      self = Platform.of("linux", System.getProperty("os.arch"), "");
    } catch (RuntimeException e) {
      return null;
    }
    List<Platform> l = new ArrayList<>(List.of(self));
    CompatibilityMode.ofHost(self.architecture()).ifPresent(m -> l.add(m.probePlatform()));
    return List.copyOf(l);
  }

  /** The host, once read or probed; null: not yet. */
  private @Nullable HostProfile hostCache;

  /** The architectures the live probe exec-probed so far; null: all of them (or none are run). */
  private @Nullable Set<String> probedArchs;

  /** Guards {@link #probedArchs}. */
  private final Object probedLock = new Object();

  /**
   * Whether this command may exec-probe only what its targets need: a live host (no
   * --host-profile), exec probes on, and no subset chosen yet. The probe then starts with the
   * host's own architectures ({@link #nativeProbes}) and {@link #probed} adds the foreign ones the
   * targets turn out to need, once the daemon said which.
   */
  boolean probesOnDemand() {
    return main.hostProfile == null
        && main.hostProfiles.size() <= 1
        && !main.noExecProbe
        && main.probeFor == null
        && hostCache == null
        && nativeProbes() != null;
  }

  /**
   * The host profile with an exec probe for every platform of {@code needed} that has one: where
   * the first probe ran a subset ({@link Main#probeFor}), the missing architectures are probed now
   * (one more call of the probe seam, its exec probes only kept) and merged in the order a full
   * probe lists them, so a verdict reads the same facts as after a probe of every architecture.
   */
  HostProfile probed(Collection<Platform> needed) {
    List<Platform> missing = new ArrayList<>();
    // not this object's lock: host() holds that while the first probe runs
    synchronized (probedLock) {
      if (probedArchs == null
          && main.probeFor != null
          && main.hostProfile == null
          && !main.noExecProbe) {
        probedArchs = new HashSet<>();
        for (Platform p : main.probeFor) {
          probedArchs.add(p.architecture());
        }
      }
      if (probedArchs == null) {
        return host();
      }
      for (Platform p : needed) {
        if (p != null && ProbeBinaries.supports(p) && probedArchs.add(p.architecture())) {
          missing.add(p);
        }
      }
    }
    if (missing.isEmpty()) {
      return host();
    }
    // outside the lock: these start while the first probe (another thread's host()) still runs
    long t0 = System.nanoTime();
    List<ExecProbeResult> more =
        main.probes
            .apply(
                main.probeOptions()
                    .withProbePlatforms(missing)
                    // only the exec probes are kept; binfmt_misc names their interpreters
                    .withFacts(EnumSet.of(HostFact.BINFMT)))
            .probe()
            .execProbes();
    log().debug("exec-probed {} more in {} ms", missing, (System.nanoTime() - t0) / 1_000_000);
    synchronized (this) {
      List<ExecProbeResult> all = new ArrayList<>(host().execProbes());
      all.addAll(more);
      // a full probe lists its results in ProbeBinaries' order: keep that order after the merge
      List<String> order = new ArrayList<>();
      for (Platform p : ProbeBinaries.supportedPlatforms()) {
        order.add(p.architecture());
      }
      all.sort(
          Comparator.comparingInt(
              r -> {
                int i = order.indexOf(r.platform().architecture());
                return i < 0 ? Integer.MAX_VALUE : i;
              }));
      hostCache = host().withExecProbes(all);
      return hostCache;
    }
  }

  /**
   * The host profile: a saved one with --host-profile, else the live host. Probed once per run,
   * whichever thread asks first.
   */
  synchronized HostProfile host() {
    if (hostCache == null) {
      long t0 = System.nanoTime();
      if (main.hostProfiles.size() > 1) {
        throw new CliException(
            "--host-profile: given "
                + main.hostProfiles.size()
                + " times; only check "
                + "judges several hosts (a matrix), other commands take one profile");
      }
      if (main.hostProfile != null) {
        hostCache = readProfile(main.hostProfile);
        checkAge(hostCache, main.hostProfile, main.maxAge, java.time.Instant.now());
      } else {
        hostCache = main.probes.apply(main.probeOptions()).probe();
        log().debug("probed the live host in {} ms", (System.nanoTime() - t0) / 1_000_000);
      }
    }
    return hostCache;
  }

  /**
   * This tool's logger, made when first used: slf4j-simple reads its configuration when the first
   * logger is made, and {@link Main#logging} sets it from -v before that.
   */
  static org.slf4j.Logger log() {
    return org.slf4j.LoggerFactory.getLogger("dev.canirundocker.cli");
  }

  /**
   * How far ahead of this machine's clock a profile's collectedAt may be and still count as
   * collected now: the 5 minutes of clock skew Kerberos allows by default (krb5.conf {@code
   * clockskew}), for hosts whose clocks are synchronised but not to the second.
   */
  static final java.time.Duration FUTURE_SKEW = java.time.Duration.ofMinutes(5);

  /**
   * Refuses a saved profile older than {@code maxAge}, or collected in the future (beyond {@link
   * #FUTURE_SKEW}); none: anything goes.
   */
  static void checkAge(
      HostProfile h, Path file, java.time.@Nullable Duration maxAge, java.time.Instant now) {
    if (maxAge == null) {
      return;
    }
    if (h.collectedAt() == null) {
      throw new CliException(
          "--host-profile "
              + file
              + ": does not say when it was collected (no "
              + "collectedAt), so --max-age "
              + MaxAge.format(maxAge)
              + " cannot be checked; save it "
              + "again with 'can-i-run-docker host --json'");
    }
    java.time.Duration age = java.time.Duration.between(h.collectedAt(), now);
    if (age.compareTo(FUTURE_SKEW.negated()) < 0) {
      // a profile from the future has no age: passing it would let any stale profile through by
      // a wrong clock (or an edited file)
      throw new CliException(
          "--host-profile "
              + file
              + ": collected at "
              + h.collectedAt()
              + ", which is in the future (this machine's clock is "
              + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + "), so --max-age "
              + MaxAge.format(maxAge)
              + " cannot be checked; check both clocks and save it again on that host with "
              + "'can-i-run-docker host --json'");
    }
    if (age.compareTo(maxAge) > 0) {
      throw new CliException(
          "--host-profile "
              + file
              + ": collected at "
              + h.collectedAt()
              + ", "
              + MaxAge.format(age)
              + " ago, older than --max-age "
              + MaxAge.format(maxAge)
              + "; save it again on that host with 'can-i-run-docker host --json'");
    }
  }

  /** Whose host the answers are about, for text: "this host", or the profile's host and date. */
  String subject() {
    if (main.hostProfile == null) {
      return "this host";
    }
    HostProfile h = host();
    String who =
        h.hostname() == null
            ? "the host of " + Render.clean(main.hostProfile.toString())
            : Render.clean(h.hostname());
    return who
        + (h.collectedAt() == null
            ? " (saved profile, collection time unknown)"
            : " (saved profile, collected " + h.collectedAt() + ")");
  }

  /** The largest host profile read; a real one is a few KiB. */
  static final int MAX_PROFILE_BYTES = 16 << 20;

  static HostProfile readProfile(Path file) {
    String what = "--host-profile " + file + ": ";
    byte[] raw;
    try {
      long t0 = System.nanoTime();
      raw =
          dev.canirundocker.io.BoundedFiles.read(
              file, MAX_PROFILE_BYTES, dev.canirundocker.io.BoundedFiles.DEFAULT_WAIT);
      log()
          .debug(
              "read host profile {}: {} bytes in {} ms",
              file,
              raw.length,
              (System.nanoTime() - t0) / 1_000_000);
    } catch (dev.canirundocker.io.BoundedReadException e) {
      switch (e.reason()) {
        case NOT_A_FILE:
          throw new CliException(
              what
                  + "is "
                  + dev.canirundocker.io.BoundedFiles.describe(file)
                  + ", not a host profile",
              e);
        case TOO_LARGE:
          throw new CliException(what + e.getMessage() + ", not a host profile", e);
        default:
          throw new CliException(what + e.getMessage(), e);
      }
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
              .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(raw))
              .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      // the JDK's message ("Input length = 1") says nothing a user can act on
      throw new CliException(what + "not UTF-8 text, not a host profile", e);
    }
    try {
      return HostProfile.parse(text);
    } catch (InvalidHostProfileException e) {
      throw new CliException(what + e.getMessage(), e);
    }
  }
}
