package dev.canirundocker.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.canirundocker.check.Verdict;
import dev.canirundocker.host.HostProfile;
import dev.canirundocker.platform.Platform;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The fleet of {@link FleetFixtures} against release archives the test builds, in every format,
 * with golden outputs; and the verdict of every cell, asserted one by one so that a golden file
 * rewritten by mistake cannot hide a wrong answer.
 */
class MatrixTest {
  @TempDir Path tmp;

  Matrix matrix;

  @BeforeEach
  void judge() {
    List<FleetHost> hosts = new ArrayList<>();
    for (Map.Entry<String, HostProfile> e : FleetFixtures.profiles().entrySet()) {
      hosts.add(FleetHost.profile(e.getKey(), "profiles/" + e.getKey() + ".json", e.getValue()));
    }
    hosts.add(
        FleetHost.failed(
            "stale",
            "profiles/stale.json",
            new dev.canirundocker.report.TargetError(
                "host.profile-stale",
                "profiles/stale.json: collected at 2026-01-05T08:00:00Z, older than --max-age 30d")));
    List<Matrix.Target> targets = new ArrayList<>();
    for (Map.Entry<String, Path> e : FleetFixtures.archives(tmp).entrySet()) {
      targets.add(Targets.archive(e.getKey(), e.getValue()));
    }
    targets.add(Targets.platform("linux/arm/v7", Platform.parse("linux/arm/v7")));
    targets.add(Targets.archive("missing.tar", Path.of("target/no-such-dir/missing.tar")));
    matrix = Matrix.evaluate(hosts, targets);
  }

  @Test
  void everyCellHasTheVerdictTheRulesGive() {
    // columns: amd64, multi (amd64+arm64), amd64/v3, windows ltsc2019, linux/arm/v7, missing
    String[][] want = {
      {"NATIVE", "NATIVE", "NATIVE", "UNSUPPORTED", "EMULATED", null}, // amd64-v3 with QEMU
      {
        "UNSUPPORTED", "NATIVE", "UNSUPPORTED", "UNSUPPORTED", "UNSUPPORTED", null
      }, // arm64, no AArch32
      {"NATIVE", "NATIVE", "UNSUPPORTED", "UNSUPPORTED", "UNSUPPORTED", null}, // kvm64, x86-64-v1
      // Windows Server: no Docker Desktop, so no Linux VM route; Windows images by build
      {"UNSUPPORTED", "UNSUPPORTED", "UNSUPPORTED", "NATIVE", "UNSUPPORTED", null},
      {"UNSUPPORTED", "UNSUPPORTED", "UNSUPPORTED", "NEEDS_VM", "UNSUPPORTED", null},
      {null, null, null, null, null, null}, // stale profile
    };
    List<String> wrong = new ArrayList<>();
    for (int h = 0; h < want.length; h++) {
      for (int t = 0; t < want[h].length; t++) {
        Matrix.Cell c = matrix.cell(h, t);
        String got = c.verdict() == null ? null : c.verdict().name();
        if (!java.util.Objects.equals(want[h][t], got)) {
          wrong.add(
              c.host().name() + " / " + c.target().name() + ": " + got + " " + c.evaluation());
        }
      }
    }
    assertEquals(List.of(), wrong);
    assertEquals(Verdict.UNSUPPORTED, matrix.worst());
    assertEquals(11, matrix.errors());
    assertEquals(
        "6 hosts x 6 targets: 7 NATIVE, 1 EMULATED, 1 NEEDS_VM, 16 UNSUPPORTED, 11 errors",
        matrix.summary());
  }

  @Test
  void kvm64FailsTheV3ImageWithTheMissingFlags() {
    Matrix.Cell c = matrix.cell(2, 2);
    assertEquals(List.of("cpu.amd64-level"), c.evaluation().ids());
    assertEquals(Platform.parse("linux/amd64/v3"), c.evaluation().platform());
  }

  @Test
  void anUnreadableArchiveIsAnErrorInEveryRow() {
    for (int h = 0; h < matrix.hosts().size(); h++) {
      Matrix.Cell c = matrix.cell(h, 5);
      assertNull(c.evaluation());
      assertEquals(h == 5 ? "host.profile-stale" : "archive.unreadable", c.error().kind());
    }
  }

  /** One archive, read once, judged on host after host (the matrix reuses it for every row). */
  @Test
  void oneArchiveReadServesEveryHost() throws Exception {
    dev.canirundocker.image.ImageArchive a =
        dev.canirundocker.image.ImageArchive.read(
            FleetFixtures.archives(tmp).get("myapp-multi.tar"));
    for (int round = 0; round < 3; round++) {
      for (HostProfile h : FleetFixtures.profiles().values()) {
        dev.canirundocker.CanIRunDocker.archive(h, a);
      }
    }
  }

  @Test
  void text() {
    Golden.assertGolden("matrix.txt", MatrixText.render(matrix));
  }

  @Test
  void json() {
    Golden.assertGolden("matrix.json", Golden.withoutProfiles(MatrixJson.toJson(matrix), matrix));
  }

  @Test
  void markdown() {
    Golden.assertGolden("matrix.md", MatrixMarkdown.render(matrix));
  }

  @Test
  void junit() throws Exception {
    String xml = MatrixJunit.render(matrix);
    Golden.assertGolden("matrix.junit.xml", xml);
    Document d =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element root = d.getDocumentElement();
    assertEquals("testsuites", root.getTagName());
    assertEquals("36", root.getAttribute("tests"));
    assertEquals("18", root.getAttribute("failures"));
    assertEquals("11", root.getAttribute("errors"));
    NodeList suites = root.getElementsByTagName("testsuite");
    assertEquals(6, suites.getLength());
    assertEquals(36, root.getElementsByTagName("testcase").getLength());
    Element kvm = (Element) suites.item(2);
    assertEquals("kvm64-centos7", kvm.getAttribute("name"));
    Element v3 = (Element) kvm.getElementsByTagName("testcase").item(2);
    assertEquals("myapp-amd64v3.tar", v3.getAttribute("name"));
    Element failure = (Element) v3.getElementsByTagName("failure").item(0);
    assertEquals("UNSUPPORTED", failure.getAttribute("type"));
    assertEquals(true, failure.getTextContent().startsWith("fail cpu.amd64-level: "));
  }

  @Test
  void outsideTextIsEscapedInEveryFormat() {
    Matrix m =
        Matrix.evaluate(
            List.of(
                FleetHost.profile(
                    "evil|<x>&\u001b[31m", "p.json", FleetFixtures.profiles().get("amd64-v3"))),
            List.of(Targets.platform("linux/s390x", Platform.parse("linux/s390x"))));
    String text = MatrixText.render(m);
    assertEquals(
        "HOST               linux/s390x\nevil|<x>&\\x1b[31m  UNSUPPORTED\n",
        text.substring(0, text.indexOf("\n\n") + 1));
    String md = MatrixMarkdown.render(m);
    assertEquals(
        "| evil\\|\\<x\\>\\&\\\\x1b\\[31m | **UNSUPPORTED** |",
        md.lines().filter(l -> l.startsWith("| evil")).findFirst().orElse(md));
    String xml = MatrixJunit.render(m);
    assertEquals(
        "  <testsuite name=\"evil|&lt;x&gt;&amp;\\x1b[31m\" tests=\"1\" failures=\"1\" errors=\"0\" "
            + "skipped=\"0\" time=\"0\">",
        xml.lines().filter(l -> l.contains("<testsuite ")).findFirst().orElse(xml));
  }
}
