package dev.enrich.client.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LookbackTest {

  @Test
  void parse_readsSecondsMinutesHoursDaysWeeks() {
    assertEquals(Duration.ofSeconds(90), Lookback.parse("90s"));
    assertEquals(Duration.ofMinutes(30), Lookback.parse("30m"));
    assertEquals(Duration.ofHours(12), Lookback.parse("12h"));
    assertEquals(Duration.ofDays(7), Lookback.parse("7d"));
    assertEquals(Duration.ofDays(14), Lookback.parse("2w"));
    assertEquals(Duration.ofDays(1), Lookback.parse(" 1D "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "7", "d", "7x", "7dd", "-7d", "1.5h", "7 d", "P7D", "0m", "0s", "99999999d", "600w"})
  void parse_refusesAnythingElse_namingTheAcceptedForms(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lookback.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
  }

  @Test
  void parse_acceptsUpToTenYears() {
    assertEquals(Duration.ofDays(3650), Lookback.parse("3650d"));
    assertThrows(IllegalArgumentException.class, () -> Lookback.parse("3654d"));
  }
}
