package dev.enrich.lambda.enrich.keepa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.contract.MarketData;
import dev.enrich.contract.Product;
import dev.enrich.lambda.enrich.Deadline;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.enrich.TransientEnrichmentException;
import dev.enrich.lambda.keepa.KeepaStandIn;
import dev.enrich.lambda.secrets.RuntimeSecret;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Keepa provider against a stand-in that speaks Keepa's format and token rules. */
class KeepaProviderTest {
  private static final String KEY = "k-3f9a1c7e5b2d4f608a1e9c3b7d5f2a4c";
  private static final KeepaProvider.RetryPolicy FAST =
      new KeepaProvider.RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50));

  private KeepaStandIn keepa;

  @AfterEach
  void stop() {
    if (keepa != null) {
      keepa.close();
    }
  }

  private KeepaProvider provider(KeepaStandIn server, String key, Duration timeout, KeepaProvider.RetryPolicy retry) {
    KeepaClient client = new KeepaClient(server.uri(), key, HttpClient.newHttpClient(), timeout, Clock.systemUTC());
    return new KeepaProvider(client, 1, retry, Thread::sleep, Clock.systemUTC());
  }

  private KeepaProvider provider(KeepaStandIn server) {
    return provider(server, KEY, Duration.ofSeconds(5), FAST);
  }

  private static Product byAsin(String sku, String asin) {
    return new Product(sku, asin, null, null, null, null, null, null, 2, Map.of());
  }

  private static Product byUpc(String sku, String upc) {
    return new Product(sku, null, upc, null, null, null, null, null, 2, Map.of());
  }

  private static List<Product> asins(int n) {
    List<Product> products = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      products.add(byAsin("SKU-" + i, String.format("B0%08d", i)));
    }
    return products;
  }

  @Test
  void theProviderAcceptsExactlyTheMarketplacesTheContractNames() {
    assertEquals(KeepaProvider.DOMAINS, java.util.Arrays.stream(dev.enrich.contract.Marketplace.values())
        .map(dev.enrich.contract.Marketplace::domain).collect(java.util.stream.Collectors.toSet()));
  }

  @Test
  void enrich_byAsin_readsKeepasAnswer_oneResultPerProductInOrder() {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(500).start();
    List<Product> products = asins(3);
    List<EnrichmentResult> results = provider(keepa).enrich(products, Map.of(), Deadline.NONE);
    assertEquals(3, results.size());
    for (int i = 0; i < 3; i++) {
      EnrichmentResult r = results.get(i);
      assertTrue(r.enriched(), r.toString());
      assertEquals("keepa", r.source());
      assertEquals(products.get(i).sku(), r.product().sku());
      KeepaStandIn.Listing expected = KeepaStandIn.listing(products.get(i).asin());
      MarketData data = r.data();
      assertEquals(expected.title(), data.title());
      assertEquals(expected.brand(), data.brand());
      assertEquals(expected.categoryTree().size(), data.categories().size());
      assertEquals(expected.amazonCents() < 0 ? null : (long) expected.amazonCents(), data.amazonPriceCents());
      assertEquals(expected.buyBoxCents() < 0 ? null : (long) expected.buyBoxCents(), data.buyBoxPriceCents());
      assertEquals(expected.imageUrls(), data.images(), "from the images array, large files");
    }
    assertEquals(List.of("domain=1&asin=B000000000,B000000001,B000000002&stats=1"), keepa.productQueries());
    assertEquals(3, keepa.tokensConsumed());
  }

  @Test
  void enrich_sendsAtMost100AsinsPerRequest_andUsesTheDomainOption() {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(1000).start();
    List<EnrichmentResult> results = provider(keepa).enrich(asins(250), Map.of("keepa_domain", "3"), Deadline.NONE);
    assertEquals(250, results.stream().filter(EnrichmentResult::enriched).count());
    assertEquals(3, keepa.productRequests());
    keepa.productQueries().forEach(q -> assertTrue(q.startsWith("domain=3&"), q));
  }

  @Test
  void unknownAndInvalidProducts_failWithAReason_andTheBatchGoesOn() {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(500).start()
        .unknownAsins(Set.of("B000000001")).unknownCodes(Set.of("036000291452"));
    List<Product> products = List.of(byAsin("A", "B000000000"), byAsin("B", "B000000001"),
        byUpc("C", "036000291452"), byUpc("D", "012345678905"));
    List<EnrichmentResult> results = provider(keepa).enrich(products, Map.of(), Deadline.NONE);
    assertTrue(results.get(0).enriched());
    assertFalse(results.get(1).enriched());
    assertTrue(results.get(1).reason().contains("invalid"), results.get(1).reason());
    assertFalse(results.get(2).enriched());
    assertTrue(results.get(2).reason().contains("036000291452"), results.get(2).reason());
    assertTrue(results.get(3).enriched(), results.get(3).toString());
    assertTrue(results.get(3).data().upcs().contains("012345678905"), results.get(3).data().toString());
  }

  @Test
  void gtinsAreLookedUpInTheirEan13Form_andAnUnknownDomainFailsTheProducts_notTheBatch() {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(500).start();
    Product gtin14 = new Product("G14", null, null, null, "04006381333931", null, null, null, 2, Map.of());
    Product gtin8 = new Product("G8", null, null, null, "96385074", null, null, null, 3, Map.of());
    List<EnrichmentResult> results = provider(keepa).enrich(List.of(gtin14, gtin8), Map.of(), Deadline.NONE);
    assertTrue(results.get(0).enriched(), results.get(0).toString());
    assertEquals(List.of("domain=1&code=4006381333931&stats=1&code-limit=3"), keepa.productQueries());
    assertFalse(results.get(1).enriched());
    assertTrue(results.get(1).reason().contains("96385074"), results.get(1).reason());

    List<EnrichmentResult> badDomain = provider(keepa).enrich(asins(2), Map.of("keepa_domain", "7"), Deadline.NONE);
    assertEquals(2, badDomain.size());
    assertTrue(badDomain.stream().noneMatch(EnrichmentResult::enriched));
    assertTrue(badDomain.get(0).reason().contains("domain 7"), badDomain.get(0).reason());
    assertEquals(1, keepa.productRequests(), "nothing asked of Keepa for an impossible domain");
  }

  @Test
  void productTypesWithoutMarketData_failWithAReasonASellerCanActOn_andCostWhatKeepaSays() {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(500).start()
        .productType(KeepaStandIn.VARIATION_PARENT, Set.of("B0PARENT01"))
        .productType(KeepaStandIn.HIDDEN_PRICE, Set.of("B0MAPPRICE"))
        .productType(KeepaStandIn.EBOOK, Set.of("B0EBOOK001"))
        .productType(KeepaStandIn.DOWNLOADABLE, Set.of("B0DOWNLOAD"));
    KeepaProvider provider = provider(keepa);
    List<EnrichmentResult> results = provider.enrich(List.of(byAsin("P", "B0PARENT01"), byAsin("M", "B0MAPPRICE"),
        byAsin("E", "B0EBOOK001"), byAsin("D", "B0DOWNLOAD"), byAsin("S", "B000000000")), Map.of(), Deadline.NONE);

    List<String> children = KeepaStandIn.children("B0PARENT01");
    assertEquals("ASIN B0PARENT01 is a variation parent (productType 5), which has no offers or prices: submit its "
        + "variations instead, e.g. " + String.join(", ", children.subList(0, 3)) + " and 1 more", results.get(0).reason());
    assertTrue(results.get(1).reason().contains("minimum advertised price, MAP"), results.get(1).reason());
    assertTrue(results.get(2).reason().contains("e-book"), results.get(2).reason());
    assertTrue(results.get(3).reason().contains("digital download"), results.get(3).reason());
    assertTrue(results.subList(0, 4).stream().noneMatch(EnrichmentResult::enriched));
    assertTrue(results.get(4).enriched(), results.get(4).toString());
    assertEquals(5, provider.tokensConsumed());
    assertEquals(5, provider.lastUsage().tokensConsumed());
  }

  @Test
  void codeLookups_askForAtMostTheCodeLimit_andCountTheTokensTheAnswerReports() {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(500).start()
        .codeMatches(8, Set.of("012345678905", "4006381333931"));
    List<Product> products = List.of(byUpc("U", "012345678905"),
        new Product("E", null, null, "4006381333931", null, null, null, null, 2, Map.of()));
    KeepaProvider provider = provider(keepa);
    List<EnrichmentResult> results = provider.enrich(products, Map.of(), Deadline.NONE);

    assertTrue(results.stream().allMatch(EnrichmentResult::enriched), results.toString());
    assertEquals(List.of("domain=1&code=012345678905,4006381333931&stats=1&code-limit=3"), keepa.productQueries());
    assertEquals(6, keepa.tokensConsumed(), "3 products per code, not 8");
    assertEquals(6, provider.tokensConsumed(), "as the answer reports, not one per code asked");
    assertEquals(6, provider.lastUsage().tokensConsumed());

    KeepaClient one = new KeepaClient(keepa.uri(), RuntimeSecret.fixed("Keepa API key", KEY), HttpClient.newHttpClient(),
        Duration.ofSeconds(5), Clock.systemUTC(), 1);
    KeepaProvider frugal = new KeepaProvider(one, 1, FAST, Thread::sleep, Clock.systemUTC());
    assertTrue(frugal.enrich(products, Map.of(), Deadline.NONE).stream().allMatch(EnrichmentResult::enriched));
    assertTrue(keepa.productQueries().get(1).endsWith("&code-limit=1"), keepa.productQueries().toString());
    assertEquals(2, frugal.tokensConsumed());
  }

  @Test
  void aRequestNeedingMoreTokensThanLeft_waitsForTheRefill_insteadOfCollecting429s() {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(30).refillRate(30).refillPeriod(Duration.ofMillis(150))
        .maxTokens(60).start();
    KeepaProvider provider = provider(keepa);
    for (int batch = 0; batch < 8; batch++) {
      List<EnrichmentResult> results = provider.enrich(asins(25), Map.of(), Deadline.in(Duration.ofSeconds(10)));
      assertEquals(25, results.stream().filter(EnrichmentResult::enriched).count());
    }
    assertEquals(200, keepa.tokensConsumed());
    assertEquals(200, provider.tokensConsumed());
    assertTrue(keepa.tooManyRequestsServed() <= 1, "429s: " + keepa.tooManyRequestsServed());
    assertEquals(keepa.tooManyRequestsServed(), provider.throttledCount());
  }

  @Test
  void serverErrorsAndMalformedAnswers_areRetried_withinTheBound() {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(500).start().failNext(1, 503).malformedNext(1);
    List<EnrichmentResult> results = provider(keepa).enrich(asins(5), Map.of(), Deadline.NONE);
    assertEquals(5, results.stream().filter(EnrichmentResult::enriched).count());
    assertEquals(3, keepa.productRequests(), "one 503, one malformed, one answer");
  }

  @Test
  void retriesStopAtTheBound_andTheBatchFailsForSqsToRedeliver() {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(500).start().failNext(10, 500);
    TransientEnrichmentException e = assertThrows(TransientEnrichmentException.class,
        () -> provider(keepa).enrich(asins(5), Map.of(), Deadline.NONE));
    assertEquals(FAST.maxAttempts(), keepa.productRequests(), "exactly the bounded number of attempts");
    assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
  }

  @Test
  void aSlowAnswer_timesOut_andIsRetried() {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(500).start().slowNext(1, Duration.ofSeconds(3));
    long start = System.nanoTime();
    List<EnrichmentResult> results = provider(keepa, KEY, Duration.ofMillis(300), FAST)
        .enrich(asins(2), Map.of(), Deadline.NONE);
    assertEquals(2, results.stream().filter(EnrichmentResult::enriched).count());
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "did not wait for the slow answer");
  }

  @Test
  void tokenWaitsNeverRunPastTheDeadline() {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(5).refillRate(5).refillPeriod(Duration.ofSeconds(30)).start();
    KeepaProvider provider = provider(keepa);
    provider.enrich(asins(5), Map.of(), Deadline.NONE); // spends the 5 tokens; Keepa says the refill is 30 s away
    long start = System.nanoTime();
    TransientEnrichmentException e = assertThrows(TransientEnrichmentException.class,
        () -> provider.enrich(asins(5), Map.of(), Deadline.in(Duration.ofMillis(500))));
    assertTrue(System.nanoTime() - start < Duration.ofMillis(400).toNanos(), "gave up at once, not after waiting");
    assertTrue(e.getMessage().contains("time left"), e.getMessage());
    assertEquals(1, keepa.productRequests(), "no request was spent on a refusal");
  }

  @Test
  void theKeyNeverAppearsInAnError() {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(500).start();
    TransientEnrichmentException refused = assertThrows(TransientEnrichmentException.class,
        () -> provider(keepa, "wrong-" + KEY, Duration.ofSeconds(2), FAST).enrich(asins(1), Map.of(), Deadline.NONE));
    assertFalse(refused.getMessage().contains(KEY), refused.getMessage());
    assertTrue(refused.getMessage().contains("HTTP 401"), refused.getMessage());
    keepa.close();
    TransientEnrichmentException down = assertThrows(TransientEnrichmentException.class,
        () -> provider(keepa).enrich(asins(1), Map.of(), Deadline.NONE));
    assertFalse(down.getMessage().contains(KEY), down.getMessage());
    for (Throwable t = down; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(KEY), t.toString());
    }
  }
}
