package dev.enrich.cli.keepa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.lambda.enrich.keepa.KeepaException;
import dev.enrich.lambda.enrich.keepa.KeepaStatus;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TokenForecastTest {
  private static TokenRate given(int perMinute) {
    return new TokenRate(perMinute, 0, TokenRate.FROM_OPTION);
  }

  @Test
  void at_sixtyPerMinute_twelveThousandTokens_takeThreeHoursTwenty() {
    TokenForecast f = TokenForecast.at(12_000, given(60));
    assertEquals(200 * 60, f.seconds());
    assertEquals("12,000 tokens at 60/min: 3 h 20 min", f.describe());
  }

  @Test
  void at_tokensLeftNow_areAHeadStart_andADebtIsPaidFirst() {
    assertEquals("12,000 tokens at 60/min (1,200 left now): 3 h", TokenForecast.at(12_000,
        new TokenRate(60, 1_200, TokenRate.FROM_KEEPA)).describe());
    assertEquals("500 tokens at 20/min (100 owed now): 30 min", TokenForecast.at(500,
        new TokenRate(20, -100, TokenRate.FROM_KEEPA)).describe());
    assertEquals(0, TokenForecast.at(50, new TokenRate(20, 80, TokenRate.FROM_KEEPA)).seconds());
  }

  @Test
  void at_partMinutes_roundUp_becauseThePlanRefillsOnceAMinute() {
    assertEquals(2 * 60, TokenForecast.at(21, given(20)).seconds());
    assertEquals("1 min", TokenForecast.duration(1));
    assertEquals("now", TokenForecast.duration(0));
    assertEquals("83 h 20 min", TokenForecast.duration(5_000 * 60));
    assertEquals("2 h", TokenForecast.duration(7_200));
  }

  @Test
  void parse_acceptsPerMinuteForms_andRefusesOthersNamingTheOption() {
    assertEquals(60, TokenRate.parse("60/min").perMinute());
    assertEquals(250, TokenRate.parse(" 250 / minute ").perMinute());
    assertEquals(20, TokenRate.parse("20").perMinute());
    assertEquals(TokenRate.FROM_OPTION, TokenRate.parse("20/MIN").source());
    for (String bad : new String[] {"0/min", "-5", "60/h", "fast", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenRate.parse(bad));
      assertTrue(e.getMessage().startsWith("--keepa-rate \"" + bad + "\" is not a rate"), e.getMessage());
    }
  }

  @Test
  void forecaster_withAKey_asksTokenForTheRateAndTokensLeft() {
    KeepaStatus status = new KeepaStatus(300, 30_000, 60, Instant.EPOCH, 0);
    TokenForecast f = new PlanForecaster(() -> status, "KEEPA_API_KEY").forecast(12_000, null);
    assertEquals(new TokenRate(60, 300, TokenRate.FROM_KEEPA), f.rate());
    assertEquals("12,000 tokens at 60/min (300 left now): 3 h 15 min", f.describe());
  }

  @Test
  void forecaster_aGivenRate_winsWithoutCallingKeepa() {
    AtomicInteger calls = new AtomicInteger();
    Supplier<KeepaStatus> call = () -> {
      calls.incrementAndGet();
      return new KeepaStatus(0, 0, 5, Instant.EPOCH, 0);
    };
    TokenForecast f = new PlanForecaster(call, "KEEPA_API_KEY").forecast(600, TokenRate.parse("60/min"));
    assertEquals("600 tokens at 60/min: 10 min", f.describe());
    assertEquals(0, calls.get());
  }

  @Test
  void forecaster_withoutAKey_saysSoAndHowToGiveARate() {
    TokenForecast f = new PlanForecaster(null, "KEEPA_API_KEY").forecast(2_500, null);
    assertNull(f.rate());
    assertNull(f.seconds());
    assertEquals("2,500 tokens; no KEEPA_API_KEY set to ask Keepa for the plan's rate; give --keepa-rate N/min "
        + "for the time at your plan's rate", f.describe());
  }

  @Test
  void forecaster_aFailingTokenCall_isANoteNotAnError() {
    Supplier<KeepaStatus> refused = () -> {
      throw new KeepaException("GET /token: HTTP 401 (key refused)", 401, null, null);
    };
    TokenForecast f = new PlanForecaster(refused, "KEEPA_API_KEY").forecast(10, null);
    assertNull(f.rate());
    assertEquals("10 tokens; Keepa's rate is unknown (GET /token: HTTP 401 (key refused)); give --keepa-rate N/min",
        f.describe());
  }
}
