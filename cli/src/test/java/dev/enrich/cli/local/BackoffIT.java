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
import dev.enrich.lambda.enrich.TransientEnrichmentException;
import dev.enrich.lambda.sqs.Backoff;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failed records come back after their backoff, not after the queue's visibility timeout: a 1 s
 * base against a 60 s timeout, so a record that waited for the timeout could not pass. Timings
 * are loose (two shared cores): "within seconds, not after a minute".
 */
@Tag(StackFixture.AWS_API)
class BackoffIT {
  private static final int VISIBILITY_SECONDS = 60;
  private static final int MAX_RECEIVES = 3;
  private static final Backoff ONE_SECOND = new Backoff(Duration.ofSeconds(1));
  @RegisterExtension
  static final StackExtension stack = new StackExtension(c -> c.withVisibilityTimeoutSeconds(VISIBILITY_SECONDS).withMaxReceiveCount(MAX_RECEIVES));

  /** Fails its first {@code failures} calls as an unavailable Keepa would, then answers as the mock; notes when. */
  private static final class FlakyProvider implements EnrichmentProvider {
    final List<Long> callNanos = java.util.Collections.synchronizedList(new ArrayList<>());
    private final int failures;
    private final MockProvider mock = new MockProvider(Clock.systemUTC());

    FlakyProvider(int failures) {
      this.failures = failures;
    }

    @Override
    public String name() {
      return mock.name();
    }

    @Override
    public List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options) {
      callNanos.add(System.nanoTime());
      if (callNanos.size() <= failures) {
        throw new TransientEnrichmentException("Keepa is unavailable (test)");
      }
      return mock.enrich(products, options);
    }
  }

  private static void submit(String catalogId) {
    CliRun submit = CliRun.of(stack.args("submit", Samples.sample("kitchen-12.csv").toString(),
        "--catalog-id", catalogId, "--batch-size", "12"));
    assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());
  }

  /** The local worker's wiring with a 1 s base backoff and the test's provider. */
  private static LocalWorker worker(EnrichmentProvider provider, ByteArrayOutputStream log) {
    ConsumerWiring wiring = ConsumerWiring.of(stack.fixture().stack.dynamoClient(), stack.fixture().stack.config().tableName(),
        stack.fixture().stack.mongoClient().getDatabase(stack.fixture().stack.config().mongoDatabase()), provider, Clock.systemUTC())
        .keepingVisibility(stack.fixture().stack.sqsClient(), ONE_SECOND);
    EnrichmentHandler handler = new EnrichmentHandler(wiring.processor(),
        new EventLog(new PrintStream(log, true, StandardCharsets.UTF_8)), wiring.visibility());
    return new LocalWorker(stack.fixture().stack.sqsClient(), stack.fixture().stack.queueUrl(), stack.fixture().stack.config().region(),
        handler, new WorkerSettings(10, 1, 1, 60), new PrintStream(OutputStream.nullOutputStream()));
  }

  @Test
  void aRecordThatFailsOnce_comesBackAfterItsBackoff_notAfterTheQueueTimeout() throws Exception {
    submit("backoff-once");
    FlakyProvider provider = new FlakyProvider(1);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    StatusReader status = new StatusReader(stack.fixture().stack.dynamoClient(), stack.fixture().stack.config().tableName());
    try (LocalWorker worker = worker(provider, log)) {
      worker.start();
      Await.until(() -> status.read("backoff-once").state() == CatalogState.COMPLETED, Duration.ofSeconds(20),
          () -> "the failed batch to come back within 20 s of a 60 s timeout: " + log.toString(StandardCharsets.UTF_8));
    }
    assertEquals(2, provider.callNanos.size(), "failed once, then succeeded");
    Duration gap = Duration.ofNanos(provider.callNanos.get(1) - provider.callNanos.get(0));
    assertTrue(gap.compareTo(Duration.ofSeconds(10)) < 0, "came back after " + gap + ", expected ~1 s");
    assertTrue(gap.compareTo(Duration.ofMillis(500)) >= 0, "it waited its backoff first: " + gap);
    assertEquals(12, stack.fixture().mongoCount("backoff-once"));
    String lines = log.toString(StandardCharsets.UTF_8);
    assertTrue(lines.contains("\"RecordsRetried\":1"), lines);
    assertTrue(!lines.contains("\"warning\""), lines);
  }

  @Test
  void aRecordThatAlwaysFails_reachesTheDlqAfterMaxReceiveCountTries() throws Exception {
    String dlq = stack.fixture().stack.dlqUrl();
    int deadBefore = stack.fixture().messagesIn(dlq);
    submit("backoff-always");
    FlakyProvider provider = new FlakyProvider(Integer.MAX_VALUE);
    long started = System.nanoTime();
    try (LocalWorker worker = worker(provider, new ByteArrayOutputStream())) {
      worker.start();
      // Backoffs of 1, 2 and 4 s (at least 1, 1 and 2 with jitter), then the receive that moves it.
      Await.until(() -> stack.fixture().messagesIn(dlq) != deadBefore,
          Duration.ofSeconds(40).minusNanos(System.nanoTime() - started),
          () -> "the record in the DLQ; tries: " + provider.callNanos.size());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(MAX_RECEIVES, provider.callNanos.size(), "tried maxReceiveCount times");
    assertTrue(took.compareTo(Duration.ofSeconds(VISIBILITY_SECONDS)) < 0, "one queue timeout would be 60 s: " + took);
    Duration firstToLast = Duration.ofNanos(provider.callNanos.get(MAX_RECEIVES - 1) - provider.callNanos.get(0));
    assertTrue(firstToLast.compareTo(Duration.ofMillis(1_500)) >= 0, "the tries were spaced by the backoff: " + firstToLast);
    assertEquals(0, stack.fixture().messagesIn(stack.fixture().stack.queueUrl()));
  }
}
