package dev.enrich.cli.keepa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JarRun;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit --dry-run} as a user runs it (the jar, its own JVM, the key in the environment)
 * against the Keepa stand-in: the token time is the stand-in's refill rate, from {@code GET /token}.
 */
class DryRunForecastIT {
  private static final String KEY = "forecast-key";
  /** A rate no default and no other test uses, so only the stand-in's answer can have produced it. */
  private static final int REFILL_PER_MINUTE = 37;
  private static final int PRODUCTS = 2_500;

  @TempDir Path dir;

  private static Path catalog() {
    return Path.of(System.getProperty("enrich.home", "..")).resolve("sample-catalogs")
        .resolve("electronics-2500.ndjson");
  }

  @Test
  void dryRun_withAKey_printsTheTokenTimeAtTheStandInsRefillRate() throws Exception {
    try (KeepaStandIn keepa =
        KeepaStandIn.builder().key(KEY).initialTokens(100).refillRate(REFILL_PER_MINUTE).start()) {
      Map<String, String> env =
          Map.of(Providers.ENV_KEEPA_KEY, KEY, Providers.ENV_KEEPA_ENDPOINT, keepa.uri() + "/");
      JarRun json =
          JarRun.run("dry-run-json", dir, env, "submit", catalog().toString(), "--dry-run", "--output", "json");
      assertEquals(ExitCodes.OK, json.exitCode(), json.toString());
      JsonNode forecast = new ObjectMapper().readTree(json.out()).get("keepa_forecast");
      assertEquals(REFILL_PER_MINUTE, forecast.get("rate_per_minute").asInt(), json.out());
      assertEquals("keepa", forecast.get("rate_source").asText());
      int left = forecast.get("tokens_left").asInt(); // the stand-in's 100, or a little more after a refill
      assertTrue(left >= 100 && left <= 100 + REFILL_PER_MINUTE, json.out());
      long minutes = (PRODUCTS - left + REFILL_PER_MINUTE - 1) / REFILL_PER_MINUTE;
      assertEquals(minutes * 60, forecast.get("seconds").asLong(), json.out());
      assertTrue(keepa.requests().stream().allMatch(r -> r.path().endsWith("/token")),
          "a dry run asks only the free /token call: " + keepa.requests());
      assertEquals(0, keepa.tokensConsumed());

      JarRun text = JarRun.run("dry-run-text", dir, env, "submit", catalog().toString(), "--dry-run");
      assertEquals(ExitCodes.OK, text.exitCode(), text.toString());
      assertTrue(text.out().matches("(?s).*keepa       2,500 tokens at 37/min \\(\\d+ left now\\): 1 h \\d+ min\\n.*"),
          text.out());
      assertFalse(text.out().contains(KEY) || text.err().contains(KEY), "the key is never printed");
    }
  }

  @Test
  void dryRun_withoutAKey_saysHowToGiveARate_andTakesOne() {
    JarRun noKey = JarRun.run("no-key", dir, Map.of(), "submit", catalog().toString(), "--dry-run");
    assertEquals(ExitCodes.OK, noKey.exitCode(), noKey.toString());
    assertTrue(noKey.out().contains("keepa       2,500 tokens; no KEEPA_API_KEY set to ask Keepa for the plan's rate; "
        + "give --keepa-rate N/min"), noKey.out());

    JarRun given = JarRun.run("given", dir, Map.of(), "submit", catalog().toString(), "--dry-run",
        "--keepa-rate", "60/min");
    assertEquals(ExitCodes.OK, given.exitCode(), given.toString());
    assertTrue(given.out().contains("keepa       2,500 tokens at 60/min: 42 min\n"), given.out());
  }
}
