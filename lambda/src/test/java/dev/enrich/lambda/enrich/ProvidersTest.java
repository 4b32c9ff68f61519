package dev.enrich.lambda.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.contract.Product;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvidersTest {
  private static final String KEY = "k-77a1e0c4d9b34f2a";
  private final Clock clock = Clock.systemUTC();
  private final List<Product> products = List.of(
      new Product("S1", "B000000001", null, null, null, null, null, null, 2, Map.of()));

  @Test
  void keepa_withoutAKey_isAStartUpError_thatNamesTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Providers.create("keepa", Map.of(), clock));
    assertTrue(e.getMessage().contains(Providers.ENV_KEEPA_KEY), e.getMessage());
  }

  @Test
  void noFallback_unlessConfigured_soAnUnavailableSourceFailsTheBatch() {
    EnrichmentProvider keepa = Providers.create("keepa",
        Map.of(Providers.ENV_KEEPA_KEY, KEY, Providers.ENV_KEEPA_ENDPOINT, "http://127.0.0.1:1/"), clock);
    assertEquals("keepa", keepa.name());
    TransientEnrichmentException e = assertThrows(TransientEnrichmentException.class,
        () -> keepa.enrich(products, Map.of(), Deadline.NONE));
    assertFalse(e.getMessage().contains(KEY), e.getMessage());
  }

  @Test
  void configuredFallback_answersWhenTheSourceIsUnavailable_andSaysItIsMockData() {
    EnrichmentProvider provider = Providers.create("keepa", Map.of(Providers.ENV_KEEPA_KEY, KEY,
        Providers.ENV_KEEPA_ENDPOINT, "http://127.0.0.1:1/", Providers.ENV_FALLBACK, "mock"), clock);
    List<EnrichmentResult> results = provider.enrich(products, Map.of(), Deadline.NONE);
    assertEquals(1, results.size());
    assertTrue(results.get(0).enriched());
    assertEquals("mock", results.get(0).source());
  }

  @Test
  void keepaCodeLimit_comesFromTheEnvironment_withASmallDefault() {
    Product byUpc = new Product("U", null, "012345678905", null, null, null, null, null, 2, Map.of());
    try (KeepaStandIn keepa = KeepaStandIn.builder().key(KEY).initialTokens(100).start()) {
      Map<String, String> env = Map.of(Providers.ENV_KEEPA_KEY, KEY, Providers.ENV_KEEPA_ENDPOINT, keepa.uri() + "/");
      Providers.create("keepa", env, clock).enrich(List.of(byUpc), Map.of(), Deadline.NONE);
      Map<String, String> withLimit = new HashMap<>(env);
      withLimit.put(Providers.ENV_KEEPA_CODE_LIMIT, " 7 ");
      Providers.create("keepa", withLimit, clock).enrich(List.of(byUpc), Map.of(), Deadline.NONE);
      assertEquals(List.of("domain=1&code=012345678905&stats=1&code-limit=3",
          "domain=1&code=012345678905&stats=1&code-limit=7"), keepa.productQueries());
    }
    for (String bad : List.of("0", "many", "-2")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Providers.create("keepa",
          Map.of(Providers.ENV_KEEPA_KEY, KEY, Providers.ENV_KEEPA_CODE_LIMIT, bad), clock));
      assertEquals(Providers.ENV_KEEPA_CODE_LIMIT + " \"" + bad + "\" must be a whole number of 1 or more", e.getMessage());
    }
  }

  @Test
  void aFallbackToItself_isRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> Providers.create("mock", Map.of(Providers.ENV_FALLBACK, "mock"), clock));
  }
}
