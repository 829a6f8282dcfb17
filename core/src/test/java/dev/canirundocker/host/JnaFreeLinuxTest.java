package dev.canirundocker.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import oshi.hardware.CentralProcessor;
import oshi.hardware.common.platform.linux.LinuxCentralProcessor;

/**
 * Pins the one place that extends OSHI's internal classes ({@link JnaFreeLinux}). OSHI's {@code
 * oshi.hardware.common.platform.linux} classes are not API: a new udev hook would silently load JNA
 * again, a new abstract method breaks the build. Either way this test names the class to revisit.
 */
class JnaFreeLinuxTest {
  /** The OSHI release the adapter was written against and reviewed for. */
  private static final String REVIEWED_OSHI = "6.12.0";

  @Test
  void oshiIsTheReviewedRelease() throws Exception {
    Properties p = new Properties();
    try (InputStream in =
        LinuxCentralProcessor.class.getResourceAsStream(
            "/META-INF/maven/com.github.oshi/oshi-core/pom.properties")) {
      p.load(in);
    }
    assertEquals(
        REVIEWED_OSHI,
        p.getProperty("version"),
        "OSHI was upgraded: review "
            + "JnaFreeLinux (it extends OSHI's internal LinuxCentralProcessor and overrides its udev "
            + "hooks), then update REVIEWED_OSHI");
  }

  @Test
  void everyUdevHookOfOshiIsBoundToSysfs() throws Exception {
    Class<?> processor = JnaFreeLinux.processor().getClass();
    List<String> unbound = new ArrayList<>();
    TreeSet<String> hooks = new TreeSet<>();
    for (Class<?> c = LinuxCentralProcessor.class; c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        boolean hook = m.getName().toLowerCase(java.util.Locale.ROOT).contains("udev");
        if (hook && !Modifier.isPrivate(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())) {
          hooks.add(m.getName());
          if (findDeclared(processor, m) == null) {
            unbound.add(c.getSimpleName() + "." + m.getName());
          }
        }
      }
    }
    assertEquals(List.of(), unbound, "OSHI has udev hooks JnaFreeLinux.Processor does not bind");
    assertEquals(
        new TreeSet<>(
            List.of("queryCurrentFreqFromUdev", "queryMaxFreqFromUdev", "readTopologyWithUdev")),
        hooks,
        "OSHI's udev hooks changed: review JnaFreeLinux");
  }

  private static Method findDeclared(Class<?> c, Method m) {
    try {
      return c.getDeclaredMethod(m.getName(), m.getParameterTypes());
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void identifiesThisProcessorWithoutJna() {
    CentralProcessor cpu = JnaFreeLinux.processor();
    assertFalse(cpu.getProcessorIdentifier().getName().isEmpty());
    assertTrue(cpu.getLogicalProcessorCount() > 0);
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void oneReadOfCpuinfoGivesWhatOshisProcessorModelGives() {
    CentralProcessor cpu = JnaFreeLinux.processor();
    List<String> cpuinfo = JnaFreeLinux.cpuinfo();
    assertEquals(
        oshi.util.driver.linux.proc.CpuInfo.queryFeatureFlags(),
        JnaFreeLinux.featureFlags(cpuinfo));
    assertEquals(cpu.getFeatureFlags(), JnaFreeLinux.featureFlags(cpuinfo));
    assertEquals(cpu.getProcessorIdentifier().getName(), JnaFreeLinux.identity(cpuinfo).getName());
  }

  @Test
  void featureFlagLinesAreTheDistinctFlagsAndFeaturesLines() {
    // two x86 processors with the same flags, and arm64's capitalised "Features"
    List<String> x86 =
        List.of(
            "processor\t: 0",
            "flags\t\t: fpu vme sse2",
            "",
            "processor\t: 1",
            "flags\t\t: fpu vme sse2",
            "bugs\t\t: spectre_v1");
    assertEquals(List.of("flags\t\t: fpu vme sse2"), JnaFreeLinux.featureFlags(x86));
    List<String> arm =
        List.of("processor\t: 0", "Features\t: fp asimd evtstrm", "CPU part\t: 0xd0c");
    assertEquals(List.of("Features\t: fp asimd evtstrm"), JnaFreeLinux.featureFlags(arm));
  }
}
