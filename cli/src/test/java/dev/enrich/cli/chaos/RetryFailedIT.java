package dev.enrich.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.contract.BatchMessage;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.ProductDocument;
import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code retry-failed}: a catalog of 200 whose Keepa answer was "unknown" for 37 ASINs ends
 * COMPLETED_WITH_FAILURES; once Keepa knows them, retry-failed sends exactly those 37 (not their
 * batches), each round message delivered twice, and the catalog ends COMPLETED with every count exact:
 * 200 done, 200 succeeded, 0 failed, each product counted once.
 */
@Tag(StackFixture.AWS_API)
class RetryFailedIT {
  private static final String KEY = "retry-key";

  @Test
  void theFailedProductsAlone_areSentAgain_andTheCatalogEndsCompleted_exactly(@TempDir Path dir) throws Exception {
    ChaosCatalog catalog = ChaosCatalog.write(dir, "retried", 200);
    Set<String> unknown = new TreeSet<>();
    for (int i = 3; unknown.size() < 37; i += 5) {
      unknown.add(ChaosCatalog.asin(i));
    }
    try (StackFixture fixture = new StackFixture();
        KeepaStandIn keepa = KeepaStandIn.builder().key(KEY).initialTokens(10_000).start().unknownAsins(unknown)) {
      var provider = Providers.create("keepa", Map.of(Providers.ENV_KEEPA_KEY, KEY,
          Providers.ENV_KEEPA_ENDPOINT, keepa.uri() + "/"), Clock.systemUTC());
      catalog.submit(fixture, 20);

      CliRun early = CliRun.of(fixture.args("retry-failed", catalog.id()));
      assertEquals(ExitCodes.USAGE, early.exitCode(), "not finished yet: " + early);
      assertTrue(early.err().strip().startsWith("enrich: cannot retry catalog retried: it is QUEUED"), early.err());

      try (LocalWorker worker = fixture.worker(2, provider)) {
        worker.start();
        catalog.awaitSettled(fixture, Duration.ofSeconds(90));
      }
      CatalogStatus first = CatalogOutcome.assertExact(fixture, catalog.id(), catalog.skus()).status();
      assertEquals(CatalogState.COMPLETED_WITH_FAILURES, first.state());
      assertEquals(37, first.failed());
      int requestsBefore = keepa.productQueries().size();

      // Keepa knows them now; the round is sent, and every one of its messages goes in twice.
      keepa.unknownAsins(Set.of());
      CliRun retry = CliRun.of(fixture.args("retry-failed", catalog.id(), "--output", "json"));
      assertEquals(ExitCodes.OK, retry.exitCode(), retry.toString());
      JsonNode sent = JsonSchemas.assertMatches("retry-failed", retry.out());
      assertEquals(1, sent.get("round").asInt());
      assertEquals(37, sent.get("products").asLong());
      assertEquals(2, sent.get("batches").asInt(), "37 products in batches of the catalog's 20");
      assertEquals(2, sent.get("sent").asInt());

      Set<String> resent = new TreeSet<>();
      MessageCodec codec = new MessageCodec();
      for (Message m : fixture.deliverEveryMessageTwice(2)) {
        BatchMessage batch = codec.read(m.body());
        assertTrue(batch.batchId().compareTo(StatusTable.batchId(10)) > 0, "the round's batches follow the catalog's");
        batch.products().forEach(p -> resent.add(p.asin()));
      }
      assertEquals(unknown, resent, "exactly the failed products, not their batches");

      try (LocalWorker worker = fixture.worker(2, provider)) {
        worker.start();
        catalog.awaitSettled(fixture, Duration.ofSeconds(90));
      }
      CatalogStatus after = catalog.status(fixture);
      assertEquals(CatalogState.COMPLETED, after.state(), after.toString());
      assertEquals(200, after.totalProducts());
      assertEquals(200, after.productsDone(), "a product counted once");
      assertEquals(200, after.succeeded(), "its latest outcome winning");
      assertEquals(0, after.failed());
      assertEquals(12, after.totalBatches());
      assertEquals(12, after.batches().completed());
      Set<String> asked = new TreeSet<>();
      for (String query : keepa.productQueries().subList(requestsBefore, keepa.productQueries().size())) {
        for (String part : query.split("&")) {
          if (part.startsWith("asin=")) {
            asked.addAll(List.of(part.substring(5).split(",")));
          }
        }
      }
      assertEquals(unknown, asked, "Keepa was asked again for the 37, and only them, once each");
      assertEquals(200, fixture.products().countDocuments(new Document(ProductDocument.CATALOG_ID, catalog.id())
          .append(ProductDocument.STATUS, ProductDocument.ENRICHED)));
      assertEquals(200, fixture.mongoCount(catalog.id()));
      assertEquals(0, fixture.products().countDocuments(new Document(ProductDocument.CATALOG_ID, catalog.id())
          .append(ProductDocument.RETRY_ROUND, new Document("$exists", true))), "the consumer's replace drops the marks");

      int requestsAfter = keepa.productQueries().size();
      CliRun again = CliRun.of(fixture.args("retry-failed", catalog.id()));
      assertEquals(ExitCodes.OK, again.exitCode(), again.toString());
      assertTrue(again.out().startsWith("nothing to retry: catalog retried has no failed product"), again.out());
      assertEquals(0, fixture.messagesIn(fixture.stack.queueUrl()), "nothing more was sent");
      assertEquals(requestsAfter, keepa.productQueries().size());
    }
  }

  /** Rows of two marketplaces: each failed product is looked up again where it was looked up first. */
  @Test
  void theRetriedProducts_goBackToTheirOwnMarketplace(@TempDir Path dir) throws Exception {
    StringBuilder csv = new StringBuilder("sku,asin,title,marketplace\n");
    Map<String, String> marketplaceOf = new java.util.HashMap<>();
    Set<String> unknown = new TreeSet<>();
    for (int i = 1; i <= 40; i++) {
      String asin = ChaosCatalog.asin(i);
      String marketplace = i % 2 == 0 ? "de" : "com";
      csv.append("MM-").append(i).append(',').append(asin).append(",Product ").append(i).append(',')
          .append(marketplace).append('\n');
      marketplaceOf.put(asin, marketplace);
      if (i % 4 < 2) {
        unknown.add(asin);
      }
    }
    Path file = java.nio.file.Files.writeString(dir.resolve("markets.csv"), csv);
    try (StackFixture fixture = new StackFixture();
        KeepaStandIn keepa = KeepaStandIn.builder().key(KEY).initialTokens(10_000).start().unknownAsins(unknown)) {
      var provider = Providers.create("keepa", Map.of(Providers.ENV_KEEPA_KEY, KEY,
          Providers.ENV_KEEPA_ENDPOINT, keepa.uri() + "/"), Clock.systemUTC());
      CliRun submit = CliRun.of(fixture.args("submit", file.toString(), "--catalog-id", "markets", "--batch-size", "10"));
      assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());
      try (LocalWorker worker = fixture.worker(2, provider)) {
        worker.start();
        Await.until(() -> status(fixture).state().terminal(), Duration.ofSeconds(90), () -> "the first round");
      }
      assertEquals(20, status(fixture).failed());
      int before = keepa.productQueries().size();
      keepa.unknownAsins(Set.of());
      CliRun retry = CliRun.of(fixture.args("retry-failed", "markets", "--output", "json"));
      assertEquals(ExitCodes.OK, retry.exitCode(), retry.toString());
      assertEquals(2, JsonSchemas.assertMatches("retry-failed", retry.out()).get("batches").asInt(),
          "ten failed products of each marketplace, a batch each");
      try (LocalWorker worker = fixture.worker(2, provider)) {
        worker.start();
        Await.until(() -> status(fixture).state() == CatalogState.COMPLETED
            && fixture.messagesIn(fixture.stack.queueUrl()) == 0, Duration.ofSeconds(90),
            () -> "the retry round: " + status(fixture));
      }
      Map<String, String> askedIn = new java.util.HashMap<>();
      for (String query : keepa.productQueries().subList(before, keepa.productQueries().size())) {
        String domain = null;
        List<String> asins = List.of();
        for (String part : query.split("&")) {
          if (part.startsWith("domain=")) {
            domain = part.substring(7);
          } else if (part.startsWith("asin=")) {
            asins = List.of(part.substring(5).split(","));
          }
        }
        for (String asin : asins) {
          askedIn.put(asin, "3".equals(domain) ? "de" : "1".equals(domain) ? "com" : domain);
        }
      }
      assertEquals(unknown, askedIn.keySet());
      askedIn.forEach((asin, market) -> assertEquals(marketplaceOf.get(asin), market, asin));
      CatalogStatus after = status(fixture);
      assertEquals(40, after.succeeded());
      assertEquals(0, after.failed());
      assertEquals(40, after.productsDone());
    }
  }

  private static CatalogStatus status(StackFixture fixture) {
    return new dev.enrich.client.track.StatusReader(fixture.stack.dynamoClient(), fixture.stack.config().tableName())
        .read("markets");
  }

  @Test
  void anUnknownCatalog_isNotFound(@TempDir Path dir) throws Exception {
    try (StackFixture fixture = new StackFixture()) {
      CliRun run = CliRun.of(fixture.args("retry-failed", "no-such-catalog"));
      assertEquals(ExitCodes.NOT_FOUND, run.exitCode(), run.toString());
      assertEquals(1, run.err().strip().lines().count(), run.err());
    }
  }

}
