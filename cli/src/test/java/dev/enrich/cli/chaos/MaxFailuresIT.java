package dev.enrich.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.contract.OutputJson;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.contract.output.CompletionEvent;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.events.CompletionPublisher;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit --max-failures 10%} against Keepa answering "unknown" for 30% of the ASINs (three
 * of every ten products, so every batch of ten has three failures): once more than 20 of the 200
 * products failed, the catalog turns FAILED, the batches still queued leave the queue without a
 * lookup, Keepa is asked for (and charges) only the batches that ran, and status says why.
 */
@Tag(StackFixture.AWS_API)
class MaxFailuresIT {
  private static final String KEY = "max-failures-key";

  @Test
  void pastTheThreshold_theCatalogStopsFailed_andTheRestSpendsNothing(@TempDir Path dir) throws Exception {
    ChaosCatalog catalog = ChaosCatalog.write(dir, "threshold", 200);
    Set<String> unknown = new HashSet<>();
    for (int i = 1; i <= 200; i++) {
      if (i % 10 < 3) {
        unknown.add(ChaosCatalog.asin(i));
      }
    }
    List<CompletionEvent> events = new CopyOnWriteArrayList<>();
    CompletionPublisher recording = new CompletionPublisher() {
      @Override
      public boolean enabled() {
        return true;
      }

      @Override
      public void publish(CompletionEvent event) {
        // Through the JSON, as a subscriber reads it.
        JsonSchemas.assertMatches("completion-event", OutputJson.write(event));
        events.add(event);
      }
    };
    try (StackFixture fixture = new StackFixture();
        KeepaStandIn keepa = KeepaStandIn.builder().key(KEY).initialTokens(10_000).start().unknownAsins(unknown)) {
      CliRun submit = CliRun.of(fixture.args("submit", catalog.file().toString(), "--catalog-id", catalog.id(),
          "--batch-size", "10", "--max-failures", "10%"));
      assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());

      var provider = Providers.create("keepa", Map.of(Providers.ENV_KEEPA_KEY, KEY,
          Providers.ENV_KEEPA_ENDPOINT, keepa.uri() + "/"), Clock.systemUTC());
      try (LocalWorker worker = fixture.worker(1, provider, recording)) {
        worker.start();
        catalog.awaitSettled(fixture, Duration.ofSeconds(90));
        dev.enrich.cli.Await.until(() -> !events.isEmpty(), Duration.ofSeconds(30), () -> "the completion event");
      }

      CatalogStatus status = catalog.status(fixture);
      assertEquals(CatalogState.FAILED, status.state(), status.toString());
      long ran = status.batches().completed();
      long skipped = status.batches().cancelled();
      assertEquals(20, ran + skipped, "every batch settled: looked up or drained " + status);
      assertTrue(ran >= 7, "the threshold (20 of 200) is passed on the seventh batch at the earliest: " + status);
      assertTrue(skipped >= 1, "batches still queued at the stop are skipped: " + status);
      assertEquals(ran * 10, status.productsDone());
      assertEquals(ran * 3, status.failed());
      assertTrue(status.failed() > 20);
      assertEquals(ran * 10, keepa.tokensConsumed(), "Keepa charged only the batches that ran, a token per ASIN");
      assertEquals(ran * 10, status.tokensSpent());
      assertEquals(ran, keepa.productRequests(), "one Keepa request per batch that ran, none for the skipped");
      assertEquals(ran * 10, fixture.mongoCount(catalog.id()), "only the products looked up are stored");
      assertEquals(0, fixture.products().countDocuments(new Document("catalog_id", catalog.id())
          .append("status", dev.enrich.contract.ProductDocument.ENRICHED).append("input.asin", new Document("$in", new ArrayList<>(unknown)))));
      String reason = "products failed, more than --max-failures 10% of 200 (20)";
      assertTrue(status.stoppedReason() != null && status.stoppedReason().endsWith(reason), status.stoppedReason());
      assertEquals("10%", status.maxFailures());

      // What users see: the reason in text and JSON, and status --wait exits 1 on a FAILED catalog.
      CliRun text = CliRun.of(fixture.args("status", catalog.id()));
      assertTrue(text.out().contains("state      FAILED"), text.out());
      assertTrue(text.out().contains("stopped    ") && text.out().contains(reason), text.out());
      CliRun json = CliRun.of(fixture.args("status", catalog.id(), "--wait", "--output", "json"));
      assertEquals(ExitCodes.SOME_FAILED, json.exitCode(), json.toString());
      JsonNode report = JsonSchemas.assertMatches("status", json.out());
      assertEquals("FAILED", report.get("state").asText());
      assertEquals("10%", report.get("max_failures").asText());
      assertTrue(report.get("stopped_reason").asText().endsWith(reason));

      assertEquals(1, events.size(), "one completion event: " + events);
      CompletionEvent event = events.get(0);
      assertEquals(CatalogState.FAILED, event.state());
      assertEquals(status.stoppedReason(), event.stoppedReason());
      assertEquals(ran, event.batchesCompleted());
      assertEquals(skipped, event.batchesSkipped());
      assertEquals(status.failed(), event.failed());
      assertEquals(status.tokensSpent(), event.tokensSpent());
      assertFalse(event.finishedAt().isBefore(event.submittedAt()));
    }
  }

  @Test
  void underTheThreshold_theCatalogCompletesWithFailures_andNothingIsSkipped(@TempDir Path dir) throws Exception {
    ChaosCatalog catalog = ChaosCatalog.write(dir, "tolerated", 100);
    Set<String> unknown = Set.of(ChaosCatalog.asin(5), ChaosCatalog.asin(50), ChaosCatalog.asin(95));
    try (StackFixture fixture = new StackFixture();
        KeepaStandIn keepa = KeepaStandIn.builder().key(KEY).initialTokens(10_000).start().unknownAsins(unknown)) {
      CliRun submit = CliRun.of(fixture.args("submit", catalog.file().toString(), "--catalog-id", catalog.id(),
          "--batch-size", "10", "--max-failures", "3"));
      assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());
      var provider = Providers.create("keepa", Map.of(Providers.ENV_KEEPA_KEY, KEY,
          Providers.ENV_KEEPA_ENDPOINT, keepa.uri() + "/"), Clock.systemUTC());
      try (LocalWorker worker = fixture.worker(2, provider)) {
        worker.start();
        catalog.awaitSettled(fixture, Duration.ofSeconds(90));
      }
      CatalogStatus status = CatalogOutcome.assertExact(fixture, catalog.id(), catalog.skus()).status();
      assertEquals(CatalogState.COMPLETED_WITH_FAILURES, status.state(), "3 failures are not more than 3");
      assertEquals(3, status.failed());
      assertEquals(0, status.batches().cancelled());
      assertNull(status.stoppedReason());
    }
  }

  @Test
  void aThresholdThatIsNeither_isAUsageError_andNothingIsSent(@TempDir Path dir) throws Exception {
    ChaosCatalog catalog = ChaosCatalog.write(dir, "badthreshold", 10);
    try (StackFixture fixture = new StackFixture()) {
      CliRun submit = CliRun.of(fixture.args("submit", catalog.file().toString(), "--catalog-id", catalog.id(),
          "--max-failures", "ten"));
      assertEquals(ExitCodes.USAGE, submit.exitCode(), submit.toString());
      assertEquals("enrich: --max-failures takes a number of products (25) or a percentage of the catalog's"
          + " products from 0% to 100% (5%), not \"ten\"", submit.err().strip());
      assertEquals(0, fixture.messagesIn(fixture.stack.queueUrl()));
    }
  }
}
