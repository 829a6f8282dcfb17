package dev.canirundocker.check;

import dev.canirundocker.elf.ElfException;
import dev.canirundocker.elf.ElfInfo;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.image.Distribution;
import dev.canirundocker.image.ImageProfile;
import dev.canirundocker.image.StartProblem;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an image's own files decide, on top of the platform rules: a container that cannot start on
 * any host (its command's file is missing, not executable, names a missing {@code #!} interpreter
 * or {@code PT_INTERP} loader, or there is no command), and the x86-64 level its C library needs
 * (the loader's GNU property note, or the floor its distribution is built for).
 */
public final class ImageStartRules {
  /** Finding id of a CPU below the level the image needs (shared with the platform rules). */
  public static final String AMD64_LEVEL = FindingIds.CPU_AMD64_LEVEL;

  /** Finding id of a level the image needs on a CPU whose level is unknown. */
  public static final String AMD64_LEVEL_UNKNOWN = FindingIds.CPU_AMD64_LEVEL_UNKNOWN;

  private ImageStartRules() {}

  /** The evaluation of {@code image} on {@code host} with what its files decide added. */
  public static Evaluation apply(HostProfile host, ImageProfile image, Evaluation e) {
    List<Finding> findings = new ArrayList<>(e.findings());
    Verdict verdict = e.verdict();
    StartProblem p = image.startProblem();
    if (p != null) {
      findings.add(
          Finding.fail(
              p.findingId(),
              "No container of this image can start, on any host: "
                  + image.entrypointReason()
                  + "; docker run fails with "
                  + dockerError(p, image),
              remedy(p)));
      verdict = verdict.worst(Verdict.UNSUPPORTED);
    }
    Level need = level(image);
    if (need != null
        && e.platform() != null
        && e.platform().architecture().equals("amd64")
        && host.platform().architecture().equals("amd64")
        && !e.has(AMD64_LEVEL)) {
      int have = host.cpu() == null ? 0 : host.cpu().amd64Level();
      String glibc =
          "glibc's loader aborts with \"Fatal glibc error: CPU does not support x86-64-v"
              + need.level
              + "\"";
      if (have == 0 && !e.has(AMD64_LEVEL_UNKNOWN)) {
        findings.add(
            Finding.warn(
                AMD64_LEVEL_UNKNOWN,
                need.why
                    + " needs x86-64-v"
                    + need.level
                    + " and the CPU's level is unknown; on a CPU below it "
                    + glibc,
                null));
      } else if (have > 0 && have < need.level) {
        findings.add(
            Finding.fail(
                AMD64_LEVEL,
                need.why
                    + " needs x86-64-v"
                    + need.level
                    + " but this CPU is x86-64-v"
                    + have
                    + "; "
                    + glibc,
                "Use an image built for a lower x86-64 level ("
                    + need.remedy
                    + "), or a host whose CPU"
                    + " has x86-64-v"
                    + need.level));
        verdict = verdict.worst(Verdict.UNSUPPORTED);
      }
    }
    return new Evaluation(e.platform(), verdict, findings);
  }

  /** How runc and the daemon report each problem (what the user sees from docker run). */
  private static String dockerError(StartProblem p, ImageProfile image) {
    switch (p) {
      case ENTRYPOINT_MISSING:
        // runc looks a bare name up in PATH (Go os/exec.LookPath) and says so
        return image.command().isEmpty() || image.command().get(0).contains("/")
            ? "\"no such file or directory\""
            : "\"executable file not found in $PATH\"";
      case NO_COMMAND:
        return "\"No command specified\"";
      case ENTRYPOINT_NOT_EXECUTABLE:
      case ENTRYPOINT_NOT_A_FILE:
        return "\"permission denied\"";
      case INTERPRETER_INVALID:
        return "\"exec format error\"";
      default:
        return "\"no such file or directory\"";
    }
  }

  private static String remedy(StartProblem p) {
    switch (p) {
      case NO_COMMAND:
        return "Give a command (docker run IMAGE COMMAND), or set ENTRYPOINT or CMD in the Dockerfile";
      case ENTRYPOINT_MISSING:
        return "Point ENTRYPOINT/CMD at a file the image holds, or add the file to the image";
      case ENTRYPOINT_NOT_EXECUTABLE:
        return "Set an execute bit in the Dockerfile (COPY --chmod=755, or RUN chmod +x)";
      case ENTRYPOINT_NOT_A_FILE:
        return "Point ENTRYPOINT/CMD at an executable file";
      case INTERPRETER_MISSING:
        return "Install the script's #! interpreter in the image, or change its #! line";
      case INTERPRETER_INVALID:
        return "Fix the script's #! line";
      default:
        return "Install the C library the binary was linked against (glibc or musl), or link it statically";
    }
  }

  /** The level an image's C library needs, and why. */
  private static final class Level {
    final int level;
    final String why;
    final String remedy;

    Level(int level, String why, String remedy) {
      this.level = level;
      this.why = why;
      this.remedy = remedy;
    }
  }

  private static @Nullable Level level(ImageProfile image) {
    Level best = null;
    byte[] loader = image.loaderHead();
    if (loader != null) {
      try {
        ElfInfo elf = ElfInfo.parse(loader, image.loaderPath());
        if (elf.x86IsaLevel() > 1) {
          best =
              new Level(
                  elf.x86IsaLevel(),
                  "The image's dynamic loader "
                      + image.loaderPath()
                      + " (its GNU_PROPERTY_X86_ISA_1_NEEDED note)",
                  "one whose C library is built for the" + " baseline");
        }
      } catch (ElfException e) {
        // not a loader this rule can read: the distribution may still tell
      }
    }
    Distribution d = image.distribution();
    int floor = DistributionFloor.of(d);
    if (d != null && floor > 1 && (best == null || floor > best.level)) {
      best =
          new Level(
              floor,
              "The image's distribution, " + d.prettyName() + " (os-release),",
              DistributionFloor.remedy(d));
    }
    return best;
  }
}
