package dev.canirundocker.check.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.canirundocker.check.gpu.NvidiaRequirement.Host;
import dev.canirundocker.check.gpu.NvidiaRequirement.Op;
import dev.canirundocker.check.gpu.NvidiaRequirement.Result;
import dev.canirundocker.check.gpu.NvidiaRequirement.Tri;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * libnvidia-container src/cli/dsl.c and src/cli/configure.c, case by case: each row is what
 * dsl_compare_version / evaluate_rule / dsl_evaluate return for that input (traced through the C).
 */
class NvidiaRequirementTest {
  private static final Host H535 = new Host("12.2", "535.129.03", "8.0", "Tesla");
  private static final Host NO_DEVICE = new Host("12.2", "535.129.03", null, null);
  private static final Host UNKNOWN = new Host(null, null, null, null);

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
    // number by number, not as strings or floats
    "12.2, GREATER_EQUAL, 12.10, FALSE",
    "12.10, GREATER, 12.9, TRUE",
    "12.2, LESS, 12.10, TRUE",
    // trailing .0 parts are ignored; so are repeated dots
    "12.2, EQUAL, 12.2.0.0, TRUE",
    "12.2.0, EQUAL, 12.2, TRUE",
    "12..2, EQUAL, 12.2, TRUE",
    "12.2, NOT_EQUAL, 12.2.0, FALSE",
    "12.2, NOT_EQUAL, 12.2.1, TRUE",
    // a longer version is greater when the rest is not only .0
    "12.2.1, GREATER, 12.2, TRUE",
    "12.2, LESS_EQUAL, 12.2.1, TRUE",
    "12.2, GREATER_EQUAL, 12.2.1, FALSE",
    "12.2.05, GREATER, 12.2, TRUE",
    "12, LESS, 12.0.5, TRUE",
    // driver versions: 535.129.03 has numbers 535, 129, 3
    "535.129.03, GREATER_EQUAL, 535, TRUE",
    "535.129.03, LESS, 536, TRUE",
    "535.129.03, LESS, 535.129.3, FALSE",
    // only digits and dots; a value starting with a dot reads no number; 2^64-1 is refused
    "12.2, GREATER_EQUAL, 12.x, INVALID",
    "12.2, GREATER_EQUAL, .5, INVALID",
    "12.2, GREATER_EQUAL, 18446744073709551615, INVALID",
    "12.2, LESS, 18446744073709551614, TRUE",
    "12.2, GREATER_EQUAL, 12.2., TRUE"
  })
  void compareVersion(String host, Op op, String value, Tri expected) {
    assertEquals(expected, NvidiaRequirement.compareVersion(host, op, value));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cuda>=12.2|TRUE",
        "CUDA>=12.2|TRUE",
        "cuda>12.2|FALSE",
        "cuda=12.2|TRUE",
        "cuda!=12.2|FALSE",
        // the operator run is matched by its first characters: '!' alone is '!='
        "cuda!12.2|FALSE",
        "cuda!12.3|TRUE",
        // runs that are no operator of the table
        "cuda==12.2|INVALID",
        "cuda=>12.2|INVALID",
        "cuda<>12.2|INVALID",
        "cuda>==12|INVALID",
        // no name, no operator, no value, unknown name
        ">=12.2|INVALID",
        "cuda|INVALID",
        "cuda>=|INVALID",
        "gpu>=1|INVALID",
        // brand: case-insensitive, = and != only
        "brand=tesla|TRUE",
        "brand=TESLA|TRUE",
        "brand!=tesla|FALSE",
        "brand=geforce|FALSE",
        "brand>tesla|INVALID",
        // arch is a version
        "arch>=7.5|TRUE",
        "arch<8|FALSE",
        "arch=ampere|INVALID",
        "driver>=535,|INVALID"
      })
  void termWithAVisibleTeslaA100(String term, Tri expected) {
    assertEquals(expected, NvidiaRequirement.evaluateTerm(term, H535));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // configure.c: no visible device -> arch and brand hold without looking at the value
        "brand>tesla|TRUE", "arch=ampere|TRUE", "brand=geforce|TRUE",
        "cuda>=12.4|FALSE", "gpu>=1|INVALID", "cuda==1|INVALID"
      })
  void termWithoutAVisibleDevice(String term, Tri expected) {
    assertEquals(expected, NvidiaRequirement.evaluateTerm(term, NO_DEVICE));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // configure.c: no driver or CUDA version -> the rule holds, even over a garbage value
        "cuda>=99|TRUE",
        "driver<1|TRUE",
        "cuda>=abc|TRUE",
        "cuda==1|INVALID"
      })
  void termWithUnknownDriver(String term, Tri expected) {
    assertEquals(expected, NvidiaRequirement.evaluateTerm(term, UNKNOWN));
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {
        // space = OR, comma = AND
        "cuda>=12.4 brand=tesla,driver>=535,driver<536|TRUE|",
        "cuda>=12.4 brand=geforce,driver>=535,driver<536|FALSE|unsatisfied condition: cuda>=12.4, "
            + "please update your driver to a newer version, or use an earlier cuda container",
        // only the first token is named, and the cuda>= hint only when it starts the predicate
        "brand=geforce,driver>=535 cuda>=12.4|FALSE|unsatisfied condition: brand=geforce,driver>=535",
        "driver>=550|FALSE|unsatisfied condition: driver>=550",
        // the cuda>= prefix is compared case-sensitively
        "CUDA>=12.4|FALSE|unsatisfied condition: CUDA>=12.4",
        // an alternative after the met one is never evaluated: its garbage goes unnoticed
        "cuda>=12.0 garbage|TRUE|",
        "cuda>=12.0,driver>=500 cuda==1|TRUE|",
        // a term after the first false one of its alternative is not evaluated either
        "cuda>=13,garbage driver>=535|TRUE|",
        "cuda>=13,garbage|FALSE|unsatisfied condition: cuda>=13,garbage, please update your driver to "
            + "a newer version, or use an earlier cuda container",
        // ... but an invalid term that is reached stops everything
        "garbage cuda>=12.0|INVALID|invalid expression",
        "cuda>=12.0,cuda==1|INVALID|invalid expression",
        // empty alternatives and terms are skipped; an empty predicate holds
        "'  cuda>=12.0  '|TRUE|",
        "''|TRUE|",
        "cuda>=12.0,,driver>=535|TRUE|",
        // an alternative of commas only repeats the previous result (ret is kept)
        "cuda>=13 ,|FALSE|unsatisfied condition: cuda>=13, please update your driver to a newer "
            + "version, or use an earlier cuda container",
        ", cuda>=13|TRUE|",
        // a leading space makes the named token empty
        "' cuda>=13'|FALSE|'unsatisfied condition: '",
        // a tab separates nothing
        "cuda>=12.0\tdriver>=1|INVALID|invalid expression"
      })
  void predicate(String predicate, Tri result, String error) {
    assertEquals(
        new Result(result, error == null ? null : error),
        NvidiaRequirement.evaluate(predicate.replace("\\t", "\t"), H535));
  }
}
