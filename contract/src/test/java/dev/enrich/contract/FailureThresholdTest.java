package dev.enrich.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code submit --max-failures}: counts and shares, resolved against the catalog's products. */
class FailureThresholdTest {

  @Test
  void aShare_roundsDown_andStopsOnlyPastTheLimit() {
    FailureThreshold tenPercent = FailureThreshold.parse("10%");
    assertEquals(20, tenPercent.limit(200));
    assertEquals(19, tenPercent.limit(199));
    assertFalse(tenPercent.exceededBy(20, 200));
    assertTrue(tenPercent.exceededBy(21, 200));
    assertEquals(2, FailureThreshold.parse("2.5%").limit(100));
    assertEquals(0, FailureThreshold.parse("0%").limit(1_000));
    assertEquals(1_000, FailureThreshold.parse("100%").limit(1_000));
  }

  @Test
  void aCount_doesNotDependOnTheCatalogsSize() {
    FailureThreshold count = FailureThreshold.parse(" 25 ");
    assertEquals(25, count.limit(10));
    assertEquals(25, count.limit(1_000_000));
    assertTrue(FailureThreshold.parse("0").exceededBy(1, 5));
  }

  @Test
  void theReason_namesCountsThresholdAndLimit() {
    assertEquals("31 products failed, more than --max-failures 10% of 200 (20)",
        FailureThreshold.parse("10%").reason(31, 200));
    assertEquals("26 products failed, more than --max-failures 25", FailureThreshold.parse("25").reason(26, 200));
    assertEquals("2.5%", FailureThreshold.parse("2.50%").describe());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "x", "-1", "1.5", "5 %%", "101%", "-3%", "%", "1e3"})
  void anythingElse_isRefused_withWhatIsAccepted(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FailureThreshold.parse(text));
    assertTrue(e.getMessage().startsWith("--max-failures"), e.getMessage());
    assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
  }
}
