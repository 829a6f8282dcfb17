package dev.canirundocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** CIRD_PHASES_T0 is read only when it is a number of nanoseconds a long holds (1 to 19 digits). */
class PhasesTest {
  @Test
  void t0IsOneToNineteenDigits() {
    assertEquals(true, Phases.digits("1764590000000000000"));
    assertEquals(true, Phases.digits("7"));
    assertEquals(false, Phases.digits("17645900000000000000"));
    assertEquals(false, Phases.digits(""));
    assertEquals(false, Phases.digits(null));
    assertEquals(false, Phases.digits("12a4"));
    assertEquals(false, Phases.digits("-12"));
    assertEquals(false, Phases.digits("١٢٣"));
  }
}
