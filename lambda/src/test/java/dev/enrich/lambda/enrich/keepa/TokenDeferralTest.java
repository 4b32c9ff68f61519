package dev.enrich.lambda.enrich.keepa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.contract.Product;
import dev.enrich.lambda.enrich.Deadline;
import dev.enrich.lambda.enrich.DeferredEnrichmentException;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch waits for its Keepa tokens only briefly before it starts; when the plan will not have
 * refilled enough by then, it is deferred at once, with when to come back, and nothing is spent.
 */
class TokenDeferralTest {
  private static final String KEY = "deferral-key";
  private KeepaStandIn keepa;
  private final List<Long> slept = new ArrayList<>();

  @AfterEach
  void stop() {
    if (keepa != null) {
      keepa.close();
    }
  }

  private KeepaProvider provider(Duration maxWait, Duration refillPeriod) {
    KeepaClient client = new KeepaClient(keepa.uri(), KEY, HttpClient.newHttpClient(), Duration.ofSeconds(5),
        Clock.systemUTC());
    return new KeepaProvider(client, 1, KeepaProvider.RetryPolicy.DEFAULT,
        new KeepaProvider.TokenPolicy(maxWait, refillPeriod), millis -> {
          slept.add(millis);
          Thread.sleep(millis);
        }, Clock.systemUTC());
  }

  private static List<Product> asins(int from, int n) {
    List<Product> products = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      products.add(new Product("SKU-" + i, String.format("B0%08d", i), null, null, null, null, null, null, 2, Map.of()));
    }
    return products;
  }

  @Test
  void aBatchThePlanCannotServeSoon_isDeferredAtOnce_withTheTimeUntilEnoughIsRefilled() {
    // 10 tokens a period of 2 s: 25 tokens short means 3 refills, the first in up to 2 s.
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(0).refillRate(10).refillPeriod(Duration.ofSeconds(2))
        .maxTokens(100).start();
    KeepaProvider provider = provider(Duration.ofMillis(500), Duration.ofSeconds(2));

    long start = System.nanoTime();
    DeferredEnrichmentException deferred = assertThrows(DeferredEnrichmentException.class,
        () -> provider.reserve(asins(0, 25), Map.of(), Deadline.NONE));

    assertTrue(System.nanoTime() - start < Duration.ofMillis(400).toNanos(), "no paid waiting: " + slept);
    assertEquals(List.of(), slept);
    long after = deferred.retryAfter().toMillis();
    assertTrue(after > 4_000 && after <= 6_000, "two more periods after the first refill: " + after + " ms");
    assertEquals(0, keepa.productRequests(), "nothing spent on a deferred batch");
    assertTrue(deferred.getMessage().contains("25 needed"), deferred.getMessage());
  }

  @Test
  void aBatchWhoseTokensComeWithinTheWait_waits_thenSpendsTheReservation() {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(0).refillRate(50).refillPeriod(Duration.ofMillis(300))
        .maxTokens(100).start();
    KeepaProvider provider = provider(Duration.ofSeconds(2), Duration.ofMillis(300));

    List<EnrichmentResult> results;
    try (EnrichmentProvider.Reservation reservation = provider.reserve(asins(0, 20), Map.of(), Deadline.NONE)) {
      assertTrue(!slept.isEmpty(), "it waited for the next refill");
      int tokenChecks = keepa.totalRequests();
      results = provider.enrich(asins(0, 20), Map.of(), Deadline.NONE);
      assertEquals(tokenChecks + 1, keepa.totalRequests(), "the reserved request went out without a new wait");
    }
    assertEquals(20, results.stream().filter(EnrichmentResult::enriched).count());
    assertEquals(20, keepa.tokensConsumed());
  }

  @Test
  void aReservationNotSpent_isGivenBack_soTheNextBatchIsNotDeferredForIt() {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(30).refillRate(1).refillPeriod(Duration.ofMinutes(10))
        .maxTokens(100).start();
    KeepaProvider provider = provider(Duration.ofMillis(200), Duration.ofMinutes(10));

    // A duplicate delivery, say: reserved, then not enriched.
    provider.reserve(asins(0, 20), Map.of(), Deadline.NONE).close();

    try (EnrichmentProvider.Reservation again = provider.reserve(asins(20, 25), Map.of(), Deadline.NONE)) {
      assertEquals(25, provider.enrich(asins(20, 25), Map.of(), Deadline.NONE).size());
    }
    assertThrows(DeferredEnrichmentException.class, () -> provider.reserve(asins(50, 25), Map.of(), Deadline.NONE),
        "5 tokens left, 25 needed, the next refill far away");
  }
}
