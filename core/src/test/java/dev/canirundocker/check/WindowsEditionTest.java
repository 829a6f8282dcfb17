package dev.canirundocker.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.host.OsInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The registry's EditionID values (HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion) and product
 * names of the Windows editions, against the classes whose container rules differ (docker/docs
 * windows-install.md: Linux containers only on Home and Education).
 */
class WindowsEditionTest {

  @ParameterizedTest(name = "{0} / {1} -> {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "Core,                  Windows 10 Home,                         HOME",
        "CoreN,                 -,                                       HOME",
        "CoreSingleLanguage,    -,                                       HOME",
        "CoreCountrySpecific,   -,                                       HOME",
        "-,                     Windows 11 Home,                         HOME",
        "Professional,          Windows 11 Pro,                          PRO",
        "ProfessionalN,         -,                                       PRO",
        "ProfessionalEducation, Windows 11 Pro Education,                PRO",
        "-,                     Windows 11 Pro Education,                PRO",
        "ProfessionalWorkstation, Windows 11 Pro for Workstations,       PRO",
        "Enterprise,            Windows 11 Enterprise,                   PRO",
        "EnterpriseS,           Windows 10 Enterprise LTSC 2021,         PRO",
        "IoTEnterprise,         -,                                       PRO",
        "Education,             Windows 11 Education,                    EDUCATION",
        "EducationN,            -,                                       EDUCATION",
        "-,                     Windows 10 Education,                    EDUCATION",
        "ServerStandard,        Windows Server 2022 Standard,            SERVER",
        "ServerDatacenter,      -,                                       SERVER",
        "ServerStandardEval,    -,                                       SERVER",
        "-,                     Windows Server 2025 Datacenter,          SERVER",
        "-,                     -,                                       PRO",
      })
  void classOfEachEdition(String editionId, String name, WindowsEdition expected) {
    assertEquals(
        expected,
        WindowsEdition.of(new OsInfo("windows", name, "10.0.22631", "22631", editionId, 64)));
  }
}
