package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.Samples;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.client.track.StatusReader;
import dev.enrich.contract.Product;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.lambda.ConsumerWiring;
import dev.enrich.lambda.EnrichmentHandler;
import dev.enrich.lambda.EventLog;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.enrich.MockProvider;
import dev.enrich.lambda.sqs.SqsQueues;
import dev.enrich.lambda.sqs.VisibilityKeeper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batches that outlast the queue's visibility timeout: the handler keeps them invisible, so a
 * second poller never receives them and Keepa is asked once per batch. The control run, without
 * the keeper, shows the same setting does deliver twice.
 */
@Tag(StackFixture.AWS_API)
class VisibilityIT {
  private static final int VISIBILITY_SECONDS = 2;
  private static final long WORK_MILLIS = 5_000;
  @RegisterExtension
  static final StackExtension stack = new StackExtension(c -> c.withVisibilityTimeoutSeconds(VISIBILITY_SECONDS));

  /** A provider that takes longer than the visibility timeout and counts its calls. */
  private static final class SlowProvider implements EnrichmentProvider {
    final AtomicInteger calls = new AtomicInteger();
    private final MockProvider mock = new MockProvider(Clock.systemUTC());

    @Override
    public String name() {
      return mock.name();
    }

    @Override
    public List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options) {
      calls.incrementAndGet();
      try {
        Thread.sleep(WORK_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return mock.enrich(products, options);
    }
  }

  private int enrichCalls(String catalogId, boolean keepVisibility, ByteArrayOutputStream log) throws Exception {
    CliRun submit = CliRun.of(stack.args("submit", Samples.sample("kitchen-12.csv").toString(),
        "--catalog-id", catalogId, "--batch-size", "12"));
    assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());

    SlowProvider provider = new SlowProvider();
    ConsumerWiring wiring = ConsumerWiring.of(stack.fixture().stack.dynamoClient(), stack.fixture().stack.config().tableName(),
        stack.fixture().stack.mongoClient().getDatabase(stack.fixture().stack.config().mongoDatabase()), provider, Clock.systemUTC());
    EventLog events = new EventLog(new PrintStream(log, true, StandardCharsets.UTF_8));
    EnrichmentHandler handler = new EnrichmentHandler(wiring.processor(), events, keepVisibility
        ? new VisibilityKeeper(new SqsQueues(stack.fixture().stack.sqsClient()), events::warn) : null);
    // Two pollers: while one works on the batch, the other is waiting to receive it again.
    try (LocalWorker worker = new LocalWorker(stack.fixture().stack.sqsClient(), stack.fixture().stack.queueUrl(),
        stack.fixture().stack.config().region(), handler, new WorkerSettings(10, 2, 1, 60),
        new PrintStream(OutputStream.nullOutputStream()))) {
      worker.start();
      StatusReader status = new StatusReader(stack.fixture().stack.dynamoClient(), stack.fixture().stack.config().tableName());
      Duration within = Duration.ofSeconds(60);
      long started = System.nanoTime();
      Await.until(() -> status.read(catalogId).state() == CatalogState.COMPLETED, within, "the catalog to complete");
      // Leave time for a copy that became visible to be received and worked on.
      Thread.sleep(WORK_MILLIS + 1_000);
      Await.until(() -> stack.fixture().messagesIn(stack.fixture().stack.queueUrl()) == 0,
          within.minusNanos(System.nanoTime() - started), "the queue to empty");
    }
    assertEquals(12, stack.fixture().mongoCount(catalogId));
    return provider.calls.get();
  }

  @Test
  void aBatchLongerThanTheVisibilityTimeout_isWorkedOnOnce() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    assertEquals(1, enrichCalls("kept-invisible", true, log), log.toString(StandardCharsets.UTF_8));
    assertTrue(!log.toString(StandardCharsets.UTF_8).contains("\"warning\""), log.toString(StandardCharsets.UTF_8));
  }

  @Test
  void withoutTheKeeper_theSameBatchIsDeliveredAgainWhileItRuns() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    assertTrue(enrichCalls("control-redelivered", false, log) >= 2,
        "the control must show the redelivery the keeper prevents");
  }
}
