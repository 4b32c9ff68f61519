package dev.enrich.cli.chaos;

import static dev.enrich.cli.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.lambda.ConsumerWiring;
import dev.enrich.lambda.EnrichmentHandler;
import dev.enrich.lambda.EventLog;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.enrich.keepa.DynamoTokenPool;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keepa plan far below demand, on the local stack: the real Keepa provider (wired from its
 * environment) against the stand-in starting with no tokens and refilling 5 a second (time
 * scaled: Keepa's minute is a second here), so a batch of 20 waits 4 refills, longer than the 1 s
 * it may wait. The starvation (20 s) lasts many times maxReceiveCount x the
 * token wait, which would have sent batches to the DLQ when they waited and failed; deferred, they
 * come back as delayed copies instead, so the catalog completes exactly, nothing reaches the DLQ,
 * and status never shows a batch failing.
 */
class KeepaDeferralIT {
  private static final String KEY = "deferral-key";
  private static final int PRODUCTS = 100;

  @Test
  void aStarvedPlan_defersBatchesInsteadOfFailingThem_andTheCatalogCompletesExactly(@TempDir Path dir)
      throws Exception {
    try (StackFixture fixture = new StackFixture(c -> c.withVisibilityTimeoutSeconds(2).withMaxReceiveCount(2));
        KeepaStandIn keepa = KeepaStandIn.builder().key(KEY).initialTokens(0).refillRate(5)
            .refillPeriod(Duration.ofSeconds(1)).maxTokens(40).start()) {
      ChaosCatalog catalog = ChaosCatalog.write(dir, "starved", PRODUCTS);
      catalog.submit(fixture, 20);
      var provider = Providers.create("keepa", Map.of(Providers.ENV_KEEPA_KEY, KEY,
          Providers.ENV_KEEPA_ENDPOINT, keepa.uri() + "/", Providers.ENV_KEEPA_MAX_TOKEN_WAIT, "1",
          Providers.ENV_KEEPA_REFILL_PERIOD, "1000"), Clock.systemUTC(),
          // Tokens counted in the status table, as the deployed consumer counts them.
          endpoint -> new DynamoTokenPool(fixture.stack.dynamoClient(), fixture.stack.config().tableName(), endpoint,
              Clock.systemUTC()));
      var wiring = ConsumerWiring.of(fixture.stack.dynamoClient(), fixture.stack.config().tableName(),
          fixture.stack.mongoClient().getDatabase(fixture.stack.config().mongoDatabase()), provider, Clock.systemUTC())
          .keepingVisibility(fixture.stack.sqsClient());
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      EnrichmentHandler handler = new EnrichmentHandler(wiring.processor(),
          new EventLog(new PrintStream(log, true, StandardCharsets.UTF_8)), wiring.visibility());

      // A 12 s function timeout leaves 2 s for Keepa (10 s are kept for writing results): a batch
      // that waited for its tokens inside the invocation would fail, twice, and reach the DLQ.
      AtomicLong failingSeen = new AtomicLong();
      try (LocalWorker worker = new LocalWorker(fixture.stack.sqsClient(), fixture.stack.queueUrl(),
          fixture.stack.config().region(), handler, new WorkerSettings(1, 4, 1, 12),
          new PrintStream(java.io.OutputStream.nullOutputStream()))) {
        worker.start();
        until(() -> {
          CatalogStatus status = catalog.status(fixture);
          failingSeen.accumulateAndGet(status.batches().failing(), Math::max);
          assertEquals(0, fixture.messagesIn(fixture.stack.dlqUrl()), "nothing in the DLQ, ever");
          return status.state().terminal();
        }, Duration.ofSeconds(90), () -> "the catalog to complete: " + catalog.status(fixture));
        catalog.awaitSettled(fixture, Duration.ofSeconds(30));
      }

      CatalogOutcome outcome = CatalogOutcome.assertExact(fixture, catalog.id(), catalog.skus());
      assertEquals(0, outcome.status().failed());
      assertEquals(0, failingSeen.get(), "status never showed a batch failing");
      String events = log.toString(StandardCharsets.UTF_8);
      long deferrals = events.split("\"outcome\":\"DEFERRED\"", -1).length - 1;
      long retries = events.split("\"outcome\":\"RETRY\"", -1).length - 1;
      assertTrue(deferrals >= 5, "the plan was starved, so batches were deferred: " + deferrals);
      assertEquals(0, retries, "no batch failed for want of tokens");
      assertEquals(PRODUCTS, keepa.tokensConsumed(), "one token per product, none spent on a deferral");
      assertTrue(keepa.tooManyRequestsServed() <= 1, "429s: " + keepa.tooManyRequestsServed());
      System.out.printf("keepa deferral: %d deferrals, %d product requests, %d tokens%n", deferrals,
          keepa.productRequests(), keepa.tokensConsumed());
    }
  }
}
