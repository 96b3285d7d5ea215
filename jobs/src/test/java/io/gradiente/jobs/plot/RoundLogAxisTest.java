package io.gradiente.jobs.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundLogAxisTest {

  private static List<String> labels(double lo, double hi) {
    return RoundLogAxis.ticks(lo, hi).stream().map(RoundLogAxis::label).toList();
  }

  @Test
  void powersOfTenWhenTheyAreFiveOrMore() {
    assertEquals(List.of("0.001", "0.01", "0.1", "1", "10"), labels(9e-4, 30));
    assertEquals(List.of("1E-7", "1E-6", "1E-5", "0.0001", "0.001"), labels(1e-7, 1.5e-3));
  }

  @Test
  void oneTwoFiveWhenPowersOfTenAreTooFew() {
    assertEquals(List.of("0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5"), labels(0.007, 8));
  }

  @Test
  void everyWholeMultipleWithinADecade() {
    assertEquals(List.of("0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"), labels(0.15, 0.9));
    assertEquals(List.of("0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1", "2"), labels(0.25, 2.4));
    assertEquals(List.of("300", "400"), labels(250, 420), "too few: the caller draws a linear axis");
  }

  @Test
  void labelsArePlainExceptForTinyAndHugeValues() {
    assertEquals("0.0001", RoundLogAxis.label(new BigDecimal("1E-4")));
    assertEquals("2E-5", RoundLogAxis.label(new BigDecimal("2E-5")));
    assertEquals("100000", RoundLogAxis.label(new BigDecimal("1E+5")));
    assertEquals("5E6", RoundLogAxis.label(new BigDecimal("5E+6")));
  }
}
