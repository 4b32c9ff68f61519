package dev.enrich.lambda.keepa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeepaStandInTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String KEY = "test-key";

  private final ManualClock clock = new ManualClock();
  private KeepaStandIn keepa;

  @AfterEach
  void stop() {
    if (keepa != null) {
      keepa.close();
    }
  }

  /** A bucket on the manual clock: no refill unless the test steps time. */
  private KeepaStandIn start(int initialTokens) {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(initialTokens).refillRate(20)
        .refillPeriod(Duration.ofMillis(200)).maxTokens(1000).clock(clock).start();
    return keepa;
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return get(pathAndQuery, Duration.ofSeconds(5));
  }

  private HttpResponse<String> get(String pathAndQuery, Duration timeout) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(keepa.uri() + pathAndQuery)).timeout(timeout).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> products(String asins) throws IOException, InterruptedException {
    return get("/product?key=" + KEY + "&domain=1&asin=" + asins + "&stats=1");
  }

  private HttpResponse<String> codes(String codes) throws IOException, InterruptedException {
    return get("/product?key=" + KEY + "&domain=1&code=" + codes + "&stats=1");
  }

  private static JsonNode json(HttpResponse<String> response) throws JsonProcessingException {
    return MAPPER.readTree(response.body());
  }

  private static String asins(int n) {
    return IntStream.range(0, n).mapToObj(i -> String.format("B%09d", i)).collect(Collectors.joining(","));
  }

  @Test
  void product_answersKeepaShapeWithContentDerivedFromTheAsin() throws Exception {
    start(100);
    HttpResponse<String> response = products("B000000001,B0ABCDEF12");

    assertEquals(200, response.statusCode());
    JsonNode body = json(response);
    assertEquals(clock.millis(), body.get("timestamp").asLong());
    assertEquals(98, body.get("tokensLeft").asInt());
    assertEquals(200, body.get("refillIn").asLong());
    assertEquals(20, body.get("refillRate").asInt());
    assertEquals(2, body.get("tokensConsumed").asInt());
    assertTrue(body.has("processingTimeInMs"));
    assertEquals(2, body.get("products").size());
    JsonNode p = body.get("products").get(1);
    KeepaStandIn.Listing expected = KeepaStandIn.listing("B0ABCDEF12");
    assertEquals("B0ABCDEF12", p.get("asin").asText());
    assertEquals("B000000001", body.get("products").get(0).get("asin").asText());
    assertEquals(1, p.get("domainId").asInt());
    assertEquals(0, p.get("productType").asInt());
    assertEquals(expected.title(), p.get("title").asText());
    assertEquals(expected.brand(), p.get("brand").asText());
    assertEquals(expected.manufacturer(), p.get("manufacturer").asText());
    assertEquals(expected.categoryTree().get(0).catId(), p.get("categoryTree").get(0).get("catId").asLong());
    assertEquals(expected.categoryTree().get(1).name(), p.get("categoryTree").get(1).get("name").asText());
    assertFalse(p.has("imagesCSV"), "Keepa no longer sends imagesCSV");
    assertEquals(2, p.get("images").size());
    assertEquals(expected.images().get(0), p.get("images").get(0).get("l").asText());
    assertEquals(expected.images().get(1), p.get("images").get(1).get("l").asText());
    assertTrue(p.get("images").get(0).get("m").asText().endsWith(".jpg"));
    assertEquals(1500, p.get("images").get(0).get("lH").asInt());
    assertEquals(expected.ean(), p.get("eanList").get(0).asText());
    assertEquals(expected.upc(), p.get("upcList").get(0).asText());
    assertEquals(clock.millis() / 60_000 - 21_564_000, p.get("lastUpdate").asLong());
    JsonNode current = p.get("stats").get("current");
    assertEquals(19, current.size());
    assertEquals(expected.newCents(), current.get(1).asInt());
    assertEquals(expected.salesRank(), current.get(3).asInt());
    assertEquals(expected.buyBoxCents(), current.get(18).asInt());

    assertEquals(expected, KeepaStandIn.listing("B0ABCDEF12"));
    JsonNode again = json(products("B0ABCDEF12")).get("products").get(0);
    assertEquals(p, again);
  }

  @Test
  void product_costsOneTokenPerAsinRequestedEvenIfUnknown() throws Exception {
    start(100).unknownAsins(Set.of("B0UNKNOWN1"));
    JsonNode body = json(products("B000000001,B0UNKNOWN1,B000000003"));

    assertEquals(3, body.get("tokensConsumed").asInt());
    assertEquals(97, body.get("tokensLeft").asInt());
    assertEquals(3, keepa.tokensConsumed());
    assertEquals(97, keepa.tokensLeft());
  }

  @Test
  void unknownAsin_comesBackInvalidInItsPlace() throws Exception {
    start(100).unknownAsins(Set.of("B0UNKNOWN1"));
    JsonNode products = json(products("B000000001,B0UNKNOWN1,B000000003")).get("products");

    assertEquals(List.of("B000000001", "B0UNKNOWN1", "B000000003"),
        List.of(products.get(0).get("asin").asText(), products.get(1).get("asin").asText(),
            products.get(2).get("asin").asText()));
    assertEquals(MAPPER.readTree("{\"asin\":\"B0UNKNOWN1\",\"domainId\":1,\"productType\":4}"), products.get(1));
  }

  @Test
  void code_costsOneTokenPerProductFoundAndListsTheCode() throws Exception {
    start(100);
    JsonNode body = json(codes("012345678905,4006381333931"));

    assertEquals(2, body.get("tokensConsumed").asInt());
    assertEquals(98, body.get("tokensLeft").asInt());
    JsonNode upcMatch = body.get("products").get(0);
    JsonNode eanMatch = body.get("products").get(1);
    assertEquals(keepa.asinsForCode("012345678905").get(0), upcMatch.get("asin").asText());
    assertEquals("012345678905", upcMatch.get("upcList").get(0).asText());
    assertEquals("4006381333931", eanMatch.get("eanList").get(0).asText());
    assertEquals(KeepaStandIn.listing(eanMatch.get("asin").asText()).title(), eanMatch.get("title").asText());
  }

  @Test
  void unknownCode_isAbsentAndCostsNothing() throws Exception {
    start(100).unknownCodes(Set.of("4006381333931"));
    JsonNode body = json(codes("4006381333931,012345678905"));

    assertEquals(1, body.get("products").size());
    assertEquals("012345678905", body.get("products").get(0).get("upcList").get(0).asText());
    assertEquals(1, body.get("tokensConsumed").asInt());
  }

  @Test
  void multiCode_matchesTwoProducts() throws Exception {
    start(100).multiCodes(Set.of("4006381333931"));
    JsonNode body = json(codes("4006381333931"));

    assertEquals(2, body.get("products").size());
    assertEquals(2, body.get("tokensConsumed").asInt());
    assertNotEquals(body.get("products").get(0).get("asin"), body.get("products").get(1).get("asin"));
    for (JsonNode product : body.get("products")) {
      assertEquals("4006381333931", product.get("eanList").get(0).asText());
    }
  }

  @Test
  void codeLimit_answersAtMostThatManyProductsPerCode_andChargesOnlyThose() throws Exception {
    start(100).codeMatches(5, Set.of("4006381333931"));
    JsonNode limited = json(get("/product?key=" + KEY + "&domain=1&code=4006381333931,012345678905&stats=1"
        + "&code-limit=3"));

    assertEquals(4, limited.get("products").size(), "3 of the 5 matches, and the other code's one");
    assertEquals(4, limited.get("tokensConsumed").asInt());
    assertEquals(96, limited.get("tokensLeft").asInt());
    assertEquals(keepa.asinsForCode("4006381333931").subList(0, 3), List.of(
        limited.get("products").get(0).get("asin").asText(), limited.get("products").get(1).get("asin").asText(),
        limited.get("products").get(2).get("asin").asText()));

    JsonNode unlimited = json(codes("4006381333931"));
    assertEquals(5, unlimited.get("products").size(), "without code-limit, every match");
    assertEquals(5, unlimited.get("tokensConsumed").asInt());
    assertEquals(9, keepa.tokensConsumed());
    assertEquals(400, get("/product?key=" + KEY + "&domain=1&code=4006381333931&code-limit=0").statusCode());
  }

  @Test
  void productTypes_comeShapedAsKeepaSendsThem_andCostATokenEach() throws Exception {
    start(100).productType(KeepaStandIn.VARIATION_PARENT, Set.of("B0PARENT01"))
        .productType(KeepaStandIn.HIDDEN_PRICE, Set.of("B0MAPPRICE"))
        .productType(KeepaStandIn.EBOOK, Set.of("B0EBOOK001"));
    JsonNode body = json(products("B0PARENT01,B0MAPPRICE,B0EBOOK001,B000000001"));

    assertEquals(4, body.get("tokensConsumed").asInt());
    JsonNode parent = body.get("products").get(0);
    assertEquals(5, parent.get("productType").asInt());
    assertEquals(String.join(",", KeepaStandIn.children("B0PARENT01")), parent.get("variationCSV").asText());
    assertEquals(KeepaStandIn.CHILDREN, parent.get("variations").size());
    assertEquals(KeepaStandIn.children("B0PARENT01").get(0), parent.get("variations").get(0).get("asin").asText());
    assertFalse(parent.has("stats"));
    JsonNode hidden = body.get("products").get(1);
    assertEquals(3, hidden.get("productType").asInt());
    assertEquals(KeepaStandIn.listing("B0MAPPRICE").title(), hidden.get("title").asText());
    assertFalse(hidden.has("stats"));
    JsonNode ebook = body.get("products").get(2);
    assertEquals(2, ebook.get("productType").asInt());
    ebook.get("stats").get("current").forEach(v -> assertEquals(-1, v.asInt()));
    assertEquals(0, body.get("products").get(3).get("productType").asInt());
    assertThrows(IllegalArgumentException.class, () -> keepa.productType(4, Set.of("B000000002")));
  }

  @Test
  void shortOfTokens_429DeductsNothingUntilTheRefill() throws Exception {
    start(5);
    HttpResponse<String> refused = products(asins(10));

    assertEquals(429, refused.statusCode());
    JsonNode status = json(refused);
    assertEquals(0, status.get("tokensConsumed").asInt());
    assertEquals(5, status.get("tokensLeft").asInt());
    assertEquals(1, keepa.tooManyRequestsServed());

    clock.advance(Duration.ofMillis(status.get("refillIn").asLong()));
    HttpResponse<String> accepted = products(asins(10));
    assertEquals(200, accepted.statusCode());
    assertEquals(15, json(accepted).get("tokensLeft").asInt());
    assertEquals(10, keepa.tokensConsumed());
  }

  @Test
  void refillIn_countsDownAndResetsAtEachRefillUpToMaxTokens() throws Exception {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(10).refillRate(20).refillPeriod(Duration.ofMillis(200))
        .maxTokens(45).clock(clock).start();
    assertEquals(200, json(get("/token?key=" + KEY)).get("refillIn").asLong());
    clock.advance(Duration.ofMillis(150));
    JsonNode before = json(get("/token?key=" + KEY));
    assertEquals(50, before.get("refillIn").asLong());
    assertEquals(10, before.get("tokensLeft").asInt());

    clock.advance(Duration.ofMillis(60));
    JsonNode after = json(get("/token?key=" + KEY));
    assertEquals(190, after.get("refillIn").asLong());
    assertEquals(30, after.get("tokensLeft").asInt());

    clock.advance(Duration.ofMillis(1000));
    assertEquals(45, json(get("/token?key=" + KEY)).get("tokensLeft").asInt());
  }

  @Test
  void bucket_refillsInRealTime() throws Exception {
    keepa = KeepaStandIn.builder().key(KEY).initialTokens(0).refillRate(7).refillPeriod(Duration.ofMillis(50))
        .maxTokens(7).start();
    Thread.sleep(120);

    JsonNode status = json(get("/token?key=" + KEY));
    assertEquals(7, status.get("tokensLeft").asInt());
    assertTrue(status.get("refillIn").asLong() > 0 && status.get("refillIn").asLong() <= 50);
  }

  @Test
  void token_costsNothing() throws Exception {
    start(100);
    JsonNode first = json(get("/token?key=" + KEY));
    JsonNode second = json(get("/token?key=" + KEY));

    assertEquals(100, second.get("tokensLeft").asInt());
    assertEquals(0, first.get("tokensConsumed").asInt());
    assertFalse(second.has("products"));
    assertEquals(0, keepa.tokensConsumed());
    assertEquals(2, keepa.totalRequests());
    assertEquals(0, keepa.productRequests());
  }

  @Test
  void wrongKey_401WithoutEchoingAnyKey() throws Exception {
    start(100);
    HttpResponse<String> response = get("/product?key=wrong-secret-42&domain=1&asin=B000000001");

    assertEquals(401, response.statusCode());
    assertEquals("{\"error\":{\"type\":\"invalidKey\"}}", response.body());
    assertEquals(401, get("/token").statusCode());
    assertEquals(100, keepa.tokensLeft());
    assertEquals(List.of("domain=1&asin=B000000001", ""),
        keepa.requests().stream().map(KeepaStandIn.RecordedRequest::query).toList());
  }

  @Test
  void requests_areRecordedWithoutTheKey() throws Exception {
    start(100);
    products("B000000001,B000000002");
    get("/token?key=" + KEY);

    assertEquals(List.of("domain=1&asin=B000000001,B000000002&stats=1"), keepa.productQueries());
    assertEquals(new KeepaStandIn.RecordedRequest("/token", ""), keepa.requests().get(1));
  }

  @Test
  void moreThan100Asins_400WithAnErrorAndNothingDeducted() throws Exception {
    start(1000);
    HttpResponse<String> response = products(asins(101));

    assertEquals(400, response.statusCode());
    assertTrue(json(response).get("error").get("message").asText().contains("101"));
    assertEquals(1000, keepa.tokensLeft());
    assertEquals(200, products(asins(100)).statusCode());
  }

  @Test
  void unsupportedDomain_400() throws Exception {
    start(100);
    HttpResponse<String> response = get("/product?key=" + KEY + "&domain=7&asin=B000000001");

    assertEquals(400, response.statusCode());
    assertTrue(json(response).get("error").get("message").asText().contains("domain"));
  }

  @Test
  void failNext_servesTheStatusForExactlyNRequests() throws Exception {
    start(100).failNext(2, 503);

    for (int i = 0; i < 2; i++) {
      HttpResponse<String> failed = products("B000000001");
      assertEquals(503, failed.statusCode());
      assertTrue(failed.body().startsWith("<html>"));
    }
    assertEquals(200, products("B000000001").statusCode());
    assertEquals(2, keepa.serverErrorsServed());
    assertEquals(99, keepa.tokensLeft());
  }

  @Test
  void throttleNext_answers429WithAnEmptyBucketUntilEnded_andDeductsNothing() throws Exception {
    start(100).throttleNext(Integer.MAX_VALUE);

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> throttled = products("B000000001");
      assertEquals(429, throttled.statusCode());
      assertEquals(0, json(throttled).get("tokensLeft").asInt());
      assertTrue(json(throttled).get("refillIn").asLong() > 0);
    }
    assertEquals(200, get("/token?key=" + KEY).statusCode(), "the free token call is never throttled");
    keepa.throttleNext(0);
    assertEquals(200, products("B000000001").statusCode());
    assertEquals(3, keepa.tooManyRequestsServed());
    assertEquals(99, keepa.tokensLeft());
  }

  @Test
  void malformedNext_truncatesExactlyNAnswersAndDeductsNothing() throws Exception {
    start(100).malformedNext(1);
    HttpResponse<String> malformed = products("B000000001");

    assertEquals(200, malformed.statusCode());
    assertThrows(JsonProcessingException.class, () -> json(malformed));
    assertEquals(100, keepa.tokensLeft());
    assertEquals(1, json(products("B000000001")).get("products").size());
  }

  @Test
  void slowNext_answersCorrectlyAfterTheDelayForExactlyNRequests() throws Exception {
    start(100).slowNext(1, Duration.ofMillis(150));
    long began = System.nanoTime();
    HttpResponse<String> slow = products("B000000001");

    assertTrue(System.nanoTime() - began >= TimeUnit.MILLISECONDS.toNanos(150));
    assertEquals(1, json(slow).get("products").size());

    keepa.slowNext(2, Duration.ofSeconds(10));
    assertThrows(HttpTimeoutException.class, () -> get("/product?key=" + KEY + "&domain=1&asin=B1",
        Duration.ofMillis(100)));
    assertThrows(HttpTimeoutException.class, () -> get("/product?key=" + KEY + "&domain=1&asin=B2",
        Duration.ofMillis(100)));
    assertEquals(200, get("/product?key=" + KEY + "&domain=1&asin=B3", Duration.ofSeconds(5)).statusCode());
  }

  @Test
  void faults_applyInOrderOfPrecedence() throws Exception {
    start(100).slowNext(1, Duration.ofMillis(1)).malformedNext(1).failNext(1, 502);

    assertEquals(502, products("B000000001").statusCode());
    assertThrows(JsonProcessingException.class, () -> json(products("B000000001")));
    assertEquals(200, products("B000000001").statusCode());
    assertEquals(3, keepa.productRequests());
  }

  @Test
  void gzip_whenTheClientAcceptsIt() throws Exception {
    start(100);
    HttpRequest request = HttpRequest.newBuilder(URI.create(keepa.uri() + "/token?key=" + KEY))
        .header("Accept-Encoding", "gzip").build();
    HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());

    assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(""));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
      assertEquals(100, MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .get("tokensLeft").asInt());
    }
  }

  @Test
  void concurrentRequests_neverSpendATokenTwice() throws Exception {
    start(50);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        String asin = String.format("B%09d", i);
        statuses.add(pool.submit(() -> products(asin).statusCode()));
      }
      int ok = 0;
      for (Future<Integer> status : statuses) {
        ok += status.get() == 200 ? 1 : 0;
      }

      assertEquals(50, ok);
      assertEquals(30, keepa.tooManyRequestsServed());
      assertEquals(50, keepa.tokensConsumed());
      assertEquals(80, keepa.tokenSamples().size());
      assertEquals(0, keepa.tokenSamples().get(79).tokensLeft());
      assertEquals(80, keepa.productQueries().size());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Time that moves only when the test says so. */
  private static final class ManualClock extends Clock {
    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-03-01T12:00:00Z").toEpochMilli());

    void advance(Duration duration) {
      millis.addAndGet(duration.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
      return millis.get();
    }
  }
}
