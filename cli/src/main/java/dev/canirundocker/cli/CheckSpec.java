package dev.canirundocker.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** The model and help text of {@code check}, built as {@link Specs} builds every command. */
final class CheckSpec {
  private CheckSpec() {}

  /** {@code check}: images, archives, platforms, GPU requirements. */
  static CommandSpec check(CheckCommand c) {
    CommandSpec s = Specs.command(c, "check");
    Specs.usage(
            s,
            "Can this host run these images, archives or platforms natively?",
            "Local images are read through the Docker daemon (the entrypoint binary is found "
                + "in the image's layers, so a mislabeled image is caught), archives (docker save "
                + "tarballs, OCI layouts as a directory or tar) from disk without a daemon, "
                + "platforms as given. Results keep the order of the command line (with --all: "
                + "worst verdict first, then name).",
            "",
            "A target that cannot be checked (an image the daemon does not have, an unreadable "
                + "archive, a daemon that does not answer) does not stop the others: it gets an "
                + "error result (ERROR and the reason; in JSON verdict null and an error object "
                + "with a stable kind), its reason also goes to stderr, and the exit code is 1. "
                + "Otherwise the exit code is the worst verdict.",
            "",
            "--platform alone judges bare platforms. Given with IMAGE or --archive, it is the "
                + "platform to run them as, as `docker run --platform` takes it: a multi-platform "
                + "archive is judged on its entry for that platform, and an image (or archive) "
                + "that does not match is an error result, as Docker 20.10 refuses to run it.")
        .parameterListHeading("%nImages:%n")
        .optionListHeading("%nOptions:%n")
        .exitCodeList(Specs.verdictExitCodes())
        .footer(
            "  can-i-run-docker check alpine:3.20 myapp:latest",
            "  can-i-run-docker check --all                        every local image",
            "  docker save -o app.tar myapp && can-i-run-docker check --archive app.tar",
            "  can-i-run-docker check --platform linux/arm64,linux/386 --platform windows/amd64",
            "  can-i-run-docker check --platform linux/arm64 --archive multi.tar",
            "  can-i-run-docker check --json --platform linux/s390x | jq -r .verdict",
            "  can-i-run-docker check --host-profile pi.json --platform linux/arm/v7",
            "  can-i-run-docker check --host-profile profiles/ --archive app.tar   every saved host",
            "  can-i-run-docker check --nodes nodes.json --archive app.tar --format junit");
    s.addOption(
        Specs.list(c, String.class, c.platforms, "--platform")
            .splitRegex(",")
            .paramLabel("PLATFORM[,PLATFORM...]")
            .description(
                "os/arch[/variant] (linux/arm/v7, windows/amd64), comma-separated or repeated. "
                    + "Alone: judge these bare platforms. With IMAGE or --archive: run them as this "
                    + "platform (docker run --platform).")
            .build());
    s.addOption(
        Specs.list(c, String.class, c.gpuRequirements, "--gpu-requirement")
            .paramLabel("REQUIREMENT")
            .description(
                "Judge a bare NVIDIA requirement as an image's NVIDIA_REQUIRE_CUDA would be "
                    + "at docker run (libnvidia-container's rules: space = or, comma = and), e.g. "
                    + "'cuda>=12.4 brand=tesla,driver>=535'. Repeatable.")
            .build());
    s.addOption(
        Specs.list(c, Path.class, c.archives, "--archive")
            .paramLabel("PATH")
            .description(
                "Judge an image archive: a docker save tarball or an OCI layout (directory or "
                    + "tar); no daemon needed. Repeat for several.")
            .build());
    s.addOption(
        Specs.option(c, boolean.class, false, "--all")
            .description(
                "Judge every local image of the daemon (an image ID once, with all its tags), by "
                    + "the platform each declares: one image list request and one inspect per "
                    + "image, about what `docker image inspect` of each costs (README: "
                    + "Performance).")
            .build());
    s.addOption(
        Specs.option(c, int.class, c.maxImages, "--max-images")
            .paramLabel("N")
            .description(
                "With --all: judge at most N distinct images, in the daemon's order (default: "
                    + "${DEFAULT-VALUE}); stderr says when more were listed.")
            .build());
    s.addOption(
        Specs.option(c, boolean.class, false, "--binaries")
            .description(
                "With --all: also read every image's entrypoint binary (one export stream of all "
                    + "images; slower, catches mislabeled images).")
            .build());
    Specs.Binding images = new Specs.Binding(c, "IMAGE", c.images);
    s.addPositional(
        PositionalParamSpec.builder()
            .paramLabel("IMAGE")
            .arity("0..*")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .getter(images)
            .setter(images)
            .initialValue(c.images)
            .hasInitialValue(true)
            .description("Local images: name, name:tag, digest or ID.")
            .build());
    s.addOption(
        Specs.option(c, Path.class, null, "--nodes")
            .paramLabel("FILE")
            .description(
                "Judge every node of a Kubernetes cluster: the output of `kubectl get nodes -o "
                    + "json`. Facts the API does not carry (binfmt_misc, exec probes, kernel "
                    + "config) are unknown findings; the labels of the kubernetes/ DaemonSet answer "
                    + "them.")
            .build());
    s.addOption(
        Specs.option(c, String.class, null, "--format")
            .paramLabel("FORMAT")
            .description(
                "text (default), json (the same as --json), junit (JUnit XML: one test case per "
                    + "host and target) or markdown (for CI job summaries). With several hosts text "
                    + "is a table: hosts as rows, targets as columns.")
            .build());
    Specs.standardHelp(s);
    return s;
  }
}
