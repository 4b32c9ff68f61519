package dev.enrich.client.dlq;

import static dev.enrich.cli.Await.until;
import static dev.enrich.cli.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.Samples;
import dev.enrich.cli.chaos.CatalogOutcome;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.client.track.StatusReader;
import dev.enrich.contract.Product;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.enrich.MockProvider;
import dev.enrich.lambda.enrich.TransientEnrichmentException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A provider outage on a local stack, and what the DLQ tests check once it is over. */
public final class Outage {
  static final String ERROR = "provider unavailable (test outage)";

  private Outage() {}

  /**
   * The mock provider, except that a batch holding one of {@code failSkus} (any batch when null)
   * fails every time, as during an outage of the data provider.
   */
  static EnrichmentProvider failing(Set<String> failSkus) {
    MockProvider mock = new MockProvider(Clock.systemUTC());
    return new EnrichmentProvider() {
      @Override
      public String name() {
        return mock.name();
      }

      @Override
      public List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options) {
        if (failSkus == null || products.stream().anyMatch(p -> failSkus.contains(p.sku()))) {
          throw new TransientEnrichmentException(ERROR);
        }
        return mock.enrich(products, options);
      }
    };
  }

  /** kitchen-12 in batches of 2: KIT-0003 is in B#000002. */
  static final Set<String> BROKEN = Set.of("KIT-0003");

  /**
   * Submits kitchen-12 under each id, in 6 batches, and runs a consumer whose provider always
   * fails B#000002 until those batches are in the DLQ and the other five of each catalog completed.
   */
  public static void oneBatchEach(StackFixture fixture, String... catalogIds) throws InterruptedException {
    Duration within = Duration.ofSeconds(60);
    for (String id : catalogIds) {
      submit(fixture, "kitchen-12.csv", id, 2);
    }
    try (LocalWorker broken = fixture.worker(2, failing(BROKEN))) {
      broken.start();
      awaitDlq(fixture, catalogIds.length, within);
      for (String id : catalogIds) {
        until(() -> status(fixture, id).batchesDone() >= 5, within,
            () -> "the healthy batches to complete: " + status(fixture, id));
      }
    }
  }

  static void submit(StackFixture fixture, String file, String catalogId, int batchSize) {
    CliRun run = CliRun.of(fixture.args("submit", sample(file).toString(), "--catalog-id", catalogId,
        "--batch-size", Integer.toString(batchSize)));
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
  }

  public static int dlqMessages(StackFixture fixture) {
    return fixture.messagesIn(fixture.stack.dlqUrl());
  }

  static void awaitDlq(StackFixture fixture, int messages, Duration within) throws InterruptedException {
    // Visible ones: what a peek or a runbook sees (a message can sit in flight for a moment after its move).
    until(() -> fixture.visibleIn(fixture.stack.dlqUrl()) >= messages, within,
        () -> messages + " messages in the DLQ, " + dlqMessages(fixture) + " there");
  }

  static CatalogStatus status(StackFixture fixture, String catalogId) {
    return new StatusReader(fixture.stack.dynamoClient(), fixture.stack.config().tableName()).read(catalogId);
  }

  /**
   * The exactness checks once a catalog of a sample file is done: {@link CatalogOutcome}'s, the queues
   * left out (they may hold the test's other catalogs), with every product succeeded in
   * {@code batches} batches.
   */
  static void assertCompletedExactly(StackFixture fixture, String catalogId, String file, int batches) {
    CatalogStatus s = CatalogOutcome.assertExactInStores(fixture, catalogId, Samples.skus(file)).status();
    String report = s.toString();
    assertEquals(CatalogState.COMPLETED, s.state(), report);
    assertEquals(0, s.failed(), report);
    assertEquals(batches, s.totalBatches(), report);
  }

  /** {@code status ID --output json}, checked against its schema. */
  static JsonNode statusJson(StackFixture fixture, String catalogId) {
    CliRun run = CliRun.of(fixture.args("status", catalogId, "-o", "json"));
    return JsonSchemas.assertMatches("status", run.out());
  }
}
