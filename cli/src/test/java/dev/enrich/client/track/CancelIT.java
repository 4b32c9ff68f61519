package dev.enrich.client.track;

import static dev.enrich.cli.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.contract.Product;
import dev.enrich.contract.StatusTable;
import dev.enrich.lambda.ConsumerWiring;
import dev.enrich.lambda.EnrichmentHandler;
import dev.enrich.lambda.EventLog;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.enrich.MockProvider;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code enrich cancel} on the real local servers: a worker processes part of a catalog, the catalog
 * is cancelled, and the worker then drains the rest without enriching it.
 */
@Tag(StackFixture.AWS_API)
class CancelIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  @RegisterExtension
  static final StackExtension stack = new StackExtension();

  /** The mock provider, counting the products it is asked for: what a real one would charge tokens for. */
  static final class CountingProvider implements EnrichmentProvider {
    final AtomicLong products = new AtomicLong();
    private final MockProvider mock = new MockProvider(Clock.systemUTC());

    @Override
    public String name() {
      return mock.name();
    }

    @Override
    public List<EnrichmentResult> enrich(List<Product> batch, Map<String, String> options) {
      products.addAndGet(batch.size());
      return mock.enrich(batch, options);
    }
  }

  private static RequestHandler<SQSEvent, SQSBatchResponse> handler(EnrichmentProvider provider) {
    ConsumerWiring wiring = ConsumerWiring.of(stack.fixture().stack.dynamoClient(), stack.fixture().stack.config().tableName(),
        stack.fixture().stack.mongoClient().getDatabase(stack.fixture().stack.config().mongoDatabase()), provider, Clock.systemUTC());
    return new EnrichmentHandler(wiring.processor(), new EventLog(QUIET));
  }

  /** One record per invocation, one invocation at a time: the test knows exactly which batches ran. */
  private static LocalWorker worker(RequestHandler<SQSEvent, SQSBatchResponse> handler) {
    return new LocalWorker(stack.fixture().stack.sqsClient(), stack.fixture().stack.queueUrl(), stack.fixture().stack.config().region(),
        handler, new WorkerSettings(1, 1, 1, 60), QUIET);
  }

  private static JsonNode submit(String file, String id, String... more) throws Exception {
    List<String> head = new ArrayList<>(List.of("submit", sample(file).toString(), "--catalog-id", id, "-o", "json"));
    head.addAll(List.of(more));
    CliRun run = CliRun.of(stack.args(head.toArray(String[]::new)));
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    return JSON.readTree(run.out());
  }

  private static JsonNode cancelJson(String id) {
    CliRun run = CliRun.of(stack.args("cancel", id, "-o", "json"));
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    return JsonSchemas.assertMatches("cancel", run.out());
  }

  private static JsonNode statusJson(String id) throws Exception {
    CliRun run = CliRun.of(stack.args("status", id, "-o", "json"));
    JsonNode status = JSON.readTree(run.out());
    // A cancelled catalog did not enrich everything: status says so with exit 1, like failures.
    assertEquals("CANCELLED".equals(status.get("state").asText()) ? ExitCodes.SOME_FAILED : ExitCodes.OK,
        run.exitCode(), run.toString());
    return status;
  }

  private static void awaitEmptyQueue() throws InterruptedException {
    Await.until(() -> stack.fixture().messagesIn(stack.fixture().stack.queueUrl()) == 0, Duration.ofSeconds(60),
        "the worker to drain the queue");
  }

  /** Batch states of the catalog's batch items, counted. */
  private static Map<String, Long> batchStates(String id) {
    return stack.fixture().stack.dynamoClient().queryPaginator(b -> b.tableName(stack.fixture().stack.config().tableName())
            .consistentRead(true)
            .keyConditionExpression("catalog_id = :c AND begins_with(batch_id, :b)")
            .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(id), ":b", AttributeValue.fromS(StatusTable.BATCH_PREFIX))))
        .items().stream().collect(Collectors.groupingBy(i -> i.get("status").s(), Collectors.counting()));
  }

  @Test
  void cancel_midway_skipsTheRemainingBatches_andStatusShowsWhatCompleted() throws Exception {
    JsonNode submitted = submit("garden-450.tsv", "garden", "--batch-size", "10");
    int products = submitted.get("products").asInt();
    int batches = submitted.get("batches").asInt();
    assertTrue(batches >= 40, submitted.toString());

    int before = 7; // batches the worker completes before the cancel
    CountingProvider provider = new CountingProvider();
    RequestHandler<SQSEvent, SQSBatchResponse> real = handler(provider);
    AtomicInteger invocations = new AtomicInteger();
    CountDownLatch ranBefore = new CountDownLatch(before);
    CountDownLatch cancelled = new CountDownLatch(1);
    RequestHandler<SQSEvent, SQSBatchResponse> gated = (event, context) -> {
      int n = invocations.incrementAndGet();
      if (n > before) {
        try {
          assertTrue(cancelled.await(60, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      SQSBatchResponse response = real.handleRequest(event, context);
      ranBefore.countDown();
      return response;
    };

    JsonNode cancel;
    try (LocalWorker worker = worker(gated)) {
      worker.start();
      assertTrue(ranBefore.await(60, TimeUnit.SECONDS), "the worker did not process the first batches");
      // The worker now holds the next batch, waiting: cancel while batches are still queued.
      cancel = cancelJson("garden");
      cancelled.countDown();
      awaitEmptyQueue();
    }

    assertEquals("cancelled", cancel.get("outcome").asText(), cancel.toString());
    assertEquals("CANCELLED", cancel.get("state").asText());
    long doneAtCancel = cancel.get("products_done").asLong();
    assertTrue(doneAtCancel > 0 && doneAtCancel < products, cancel.toString());
    assertEquals(before, cancel.get("batches_done").asInt(), cancel.toString());
    assertEquals(batches - before, cancel.get("batches_remaining").asInt(), cancel.toString());
    assertEquals(products, cancel.get("total_products").asInt());

    JsonNode status = statusJson("garden");
    assertEquals("CANCELLED", status.get("state").asText(), status.toString());
    assertEquals(doneAtCancel, status.get("products_done").asLong(), "nothing was enriched after the cancel");
    assertEquals(doneAtCancel, stack.fixture().mongoCount("garden"), "MongoDB holds exactly the products counted");
    assertEquals(doneAtCancel, provider.products.get(), "the provider was asked for no skipped product");
    assertEquals(Map.of("COMPLETED", (long) before, "CANCELLED", (long) (batches - before)), batchStates("garden"));
    assertEquals(0, stack.fixture().messagesIn(stack.fixture().stack.queueUrl()), "the skipped batches left the queue");
    assertEquals(0, stack.fixture().messagesIn(stack.fixture().stack.dlqUrl()), "and not to the DLQ");

    CliRun text = CliRun.of(stack.args("status", "garden"));
    assertEquals(ExitCodes.SOME_FAILED, text.exitCode(), text.toString());
    assertTrue(text.out().contains("CANCELLED"), text.out());
    assertTrue(text.out().contains(String.format("%,d / %,d done", doneAtCancel, products)), text.out());

    JsonNode again = cancelJson("garden");
    assertEquals("already_cancelled", again.get("outcome").asText(), again.toString());
    assertEquals(doneAtCancel, again.get("products_done").asLong());
    CliRun againText = CliRun.of(stack.args("cancel", "garden"));
    assertEquals(ExitCodes.OK, againText.exitCode(), againText.toString());
    assertTrue(againText.out().contains("already"), againText.toString());
  }

  @Test
  void cancel_beforeAnyBatchRan_leavesNothingEnriched() throws Exception {
    JsonNode submitted = submit("outdoor-80.json", "outdoor", "--batch-size", "10");
    int batches = submitted.get("batches").asInt();

    CliRun cancel = CliRun.of(stack.args("cancel", "outdoor"));
    assertEquals(ExitCodes.OK, cancel.exitCode(), cancel.toString());
    assertTrue(cancel.out().startsWith("cancelled  outdoor"), cancel.toString());
    assertTrue(cancel.out().contains("0 / 80 done"), cancel.toString());
    assertTrue(cancel.out().contains("the other " + batches + " are skipped"), cancel.toString());
    assertEquals("", cancel.err());

    CountingProvider provider = new CountingProvider();
    try (LocalWorker worker = worker(handler(provider))) {
      worker.start();
      awaitEmptyQueue();
    }
    assertEquals(0, provider.products.get());
    assertEquals(0, stack.fixture().mongoCount("outdoor"));
    assertEquals(Map.of("CANCELLED", (long) batches), batchStates("outdoor"));
    JsonNode status = statusJson("outdoor");
    assertEquals("CANCELLED", status.get("state").asText());
    assertEquals(0, status.get("products_done").asInt());
  }

  @Test
  void cancel_ofACompletedCatalog_changesNothing() throws Exception {
    submit("kitchen-12.csv", "kitchen");
    try (LocalWorker worker = worker(handler(new CountingProvider()))) {
      worker.start();
      awaitEmptyQueue();
    }
    assertEquals("COMPLETED", statusJson("kitchen").get("state").asText());
    Function<String, Map<String, AttributeValue>> catalogItem = id -> stack.fixture().stack.dynamoClient().getItem(b -> b
        .tableName(stack.fixture().stack.config().tableName()).consistentRead(true)
        .key(Map.of("catalog_id", AttributeValue.fromS(id), "batch_id", AttributeValue.fromS(StatusTable.CATALOG_ITEM))))
        .item();
    Map<String, AttributeValue> before = catalogItem.apply("kitchen");

    JsonNode cancel = cancelJson("kitchen");
    assertEquals("already_completed", cancel.get("outcome").asText(), cancel.toString());
    assertEquals("COMPLETED", cancel.get("state").asText());
    assertEquals(12, cancel.get("products_done").asInt());
    assertEquals(0, cancel.get("batches_remaining").asInt());
    assertEquals(before, catalogItem.apply("kitchen"), "the catalog item is left as it was");
    assertFalse(before.containsKey(StatusTable.CANCELLED));
    assertEquals("COMPLETED", statusJson("kitchen").get("state").asText());

    CliRun text = CliRun.of(stack.args("cancel", "kitchen"));
    assertEquals(ExitCodes.OK, text.exitCode(), text.toString());
    assertTrue(text.out().contains("nothing left to cancel"), text.toString());
  }

  @Test
  void cancel_ofAnUnknownCatalog_exits3_inOneLine_andCreatesNothing() {
    CliRun run = CliRun.of(stack.args("cancel", "no-such-catalog"));
    assertEquals(ExitCodes.NOT_FOUND, run.exitCode(), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
    assertTrue(run.err().contains("no-such-catalog"), run.toString());
    assertEquals("", run.out());
    CliRun status = CliRun.of(stack.args("status", "no-such-catalog"));
    assertEquals(ExitCodes.NOT_FOUND, status.exitCode(), "no catalog item was created: " + status);
  }
}
