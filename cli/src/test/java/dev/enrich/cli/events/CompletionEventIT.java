package dev.enrich.cli.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.local.MotoServer;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.client.track.StatusReader;
import dev.enrich.contract.OutputJson;
import dev.enrich.contract.Product;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.contract.output.CompletionEvent;
import dev.enrich.lambda.ConsumerWiring;
import dev.enrich.lambda.EnrichmentHandler;
import dev.enrich.lambda.EventLog;
import dev.enrich.lambda.enrich.Deadline;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.enrich.MockProvider;
import dev.enrich.lambda.events.CompletionPublisher;
import dev.enrich.lambda.events.SnsCompletionPublisher;
import dev.enrich.lambda.sqs.Backoff;
import dev.enrich.lambda.store.StoreUnavailableException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Completion events through SNS as deployed: moto_server's SNS topic with an SQS queue subscribed
 * (what the README shows a backend doing), the consumer publishing through the real SNS client.
 * Ten batches, every one delivered twice, held until all ten are being enriched so that they finish
 * together: ten concurrent last batches and ten duplicates publish exactly one event.
 */
@Tag(StackFixture.AWS_API)
class CompletionEventIT {
  private static final String HOST = "127.0.0.1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static MotoServer moto;
  private static SnsClient sns;
  private static SqsClient motoSqs;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start(HOST);
    sns = SnsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(c -> c.addExecutionInterceptor(COUNTER))
        .build();
    motoSqs = SqsClient.builder().endpointOverride(moto.sqsEndpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  @AfterAll
  static void stopMoto() {
    sns.close();
    motoSqs.close();
    moto.close();
  }

  /** Publish calls that reached SNS, whatever came of them. */
  private static final AtomicInteger PUBLISHES = new AtomicInteger();
  private static final ExecutionInterceptor COUNTER = new ExecutionInterceptor() {
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
      if (context.request() instanceof PublishRequest) {
        PUBLISHES.incrementAndGet();
      }
    }
  };

  /** A topic with a queue subscribed to it, raw delivery (the body is the event itself). */
  private record Subscription(String topicArn, String queueUrl) {
    static Subscription create(String name) {
      String topic = sns.createTopic(b -> b.name(name)).topicArn();
      String queue = motoSqs.createQueue(b -> b.queueName(name + "-subscriber")).queueUrl();
      String queueArn = motoSqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
          .attributes().get(QueueAttributeName.QUEUE_ARN);
      sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn)
          .attributes(Map.of("RawMessageDelivery", "true")));
      return new Subscription(topic, queue);
    }

    /** Everything the queue received, waiting until {@code quiet} passes without a new message. */
    List<Message> drain(Duration quiet) {
      List<Message> all = new ArrayList<>();
      long deadline = System.nanoTime() + quiet.toNanos();
      while (System.nanoTime() < deadline) {
        List<Message> got = motoSqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
            .messageAttributeNames("All").waitTimeSeconds(1)).messages();
        if (!got.isEmpty()) {
          all.addAll(got);
          got.forEach(m -> motoSqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
          deadline = System.nanoTime() + quiet.toNanos();
        }
      }
      return all;
    }
  }

  /** The mock provider, holding every batch until {@code together} batches are being enriched at once. */
  private static EnrichmentProvider heldUntil(int together) {
    CountDownLatch all = new CountDownLatch(together);
    EnrichmentProvider mock = new MockProvider(Clock.systemUTC());
    return new EnrichmentProvider() {
      @Override
      public String name() {
        return mock.name();
      }

      @Override
      public List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options) {
        all.countDown();
        try {
          all.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return mock.enrich(products, options);
      }

      @Override
      public List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options, Deadline deadline) {
        return enrich(products, options);
      }
    };
  }

  /**
   * The real handler as the local worker wires it, with a one-second retry backoff: a record sent
   * back (a failed publish, a claim another delivery holds) returns in a second, not the deployed base's.
   */
  private static LocalWorker worker(StackFixture fixture, EnrichmentProvider provider, CompletionPublisher publisher,
      WorkerSettings settings) {
    var wiring = ConsumerWiring.of(fixture.stack.dynamoClient(), fixture.stack.config().tableName(),
        fixture.stack.mongoClient().getDatabase(fixture.stack.config().mongoDatabase()), provider, Clock.systemUTC(),
        publisher).keepingVisibility(fixture.stack.sqsClient(), new Backoff(Duration.ofSeconds(1)));
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    return new LocalWorker(fixture.stack.sqsClient(), fixture.stack.queueUrl(), fixture.stack.config().region(),
        new EnrichmentHandler(wiring.processor(), new EventLog(quiet), wiring.visibility()), settings, quiet);
  }

  private static Path catalog(Path dir, String id, int products) throws Exception {
    StringBuilder csv = new StringBuilder("sku,asin,title\n");
    for (int i = 1; i <= products; i++) {
      csv.append(String.format(Locale.ROOT, "%s-%03d,B0%08d,Product %d%n", id, i, i, i));
    }
    return Files.writeString(dir.resolve(id + ".csv"), csv);
  }

  private static CatalogStatus status(StackFixture fixture, String id) {
    return new StatusReader(fixture.stack.dynamoClient(), fixture.stack.config().tableName()).read(id);
  }

  @Test
  void tenConcurrentLastBatches_andTheirDuplicates_publishOneEvent(@TempDir Path dir) throws Exception {
    Subscription subscription = Subscription.create("enrich-completions-once");
    try (StackFixture fixture = new StackFixture()) {
      String id = "events-once";
      CliRun submit = CliRun.of(fixture.args("submit", catalog(dir, id, 100).toString(), "--catalog-id", id,
          "--batch-size", "10", "--user-id", "seller-7"));
      assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());
      fixture.deliverEveryMessageTwice(10);
      int before = PUBLISHES.get();

      CompletionPublisher publisher = new SnsCompletionPublisher(sns, subscription.topicArn());
      // One record per invocation, ten at once: each of the ten batches is its own concurrent last batch.
      try (LocalWorker worker = worker(fixture, heldUntil(10), publisher, new WorkerSettings(1, 10, 1, 60))) {
        worker.start();
        Await.until(() -> status(fixture, id).state().terminal()
            && fixture.messagesIn(fixture.stack.queueUrl()) == 0, Duration.ofSeconds(90),
            () -> "catalog to settle: " + status(fixture, id));
      }

      List<Message> received = subscription.drain(Duration.ofSeconds(3));
      assertEquals(1, received.size(), "exactly one event: " + received);
      assertEquals(1, PUBLISHES.get() - before, "one Publish call, whatever the duplicates and the race");
      Message message = received.get(0);
      JsonNode json = JsonSchemas.assertMatches("completion-event", message.body());
      CompletionEvent event = OutputJson.read(message.body(), CompletionEvent.class);
      CatalogStatus status = status(fixture, id);
      assertEquals(CatalogState.COMPLETED, event.state());
      assertEquals(id, event.catalogId());
      assertEquals(CompletionEvent.eventId(id, status.submittedAt()), event.eventId());
      assertEquals("seller-7", event.userId());
      assertEquals(100, event.totalProducts());
      assertEquals(100, event.succeeded());
      assertEquals(0, event.failed());
      assertEquals(10, event.batchesCompleted());
      assertEquals(0, event.batchesSkipped());
      assertEquals(status.submittedAt(), event.submittedAt());
      assertNotNull(event.startedAt());
      assertTrue(!event.finishedAt().isBefore(event.startedAt()), json.toString());
      assertEquals(id, message.messageAttributes().get(SnsCompletionPublisher.ATTRIBUTE_CATALOG_ID).stringValue());
      assertEquals("COMPLETED", message.messageAttributes().get(SnsCompletionPublisher.ATTRIBUTE_STATE).stringValue());
      assertEquals("seller-7", message.messageAttributes().get(SnsCompletionPublisher.ATTRIBUTE_USER_ID).stringValue());
    }
  }

  /** The consumer already running while the catalog is submitted: its last batch may settle before the submit ends. */
  @Test
  void aCatalogConsumedWhileItIsSubmitted_stillEndsWithOneEvent(@TempDir Path dir) throws Exception {
    Subscription subscription = Subscription.create("enrich-completions-live");
    try (StackFixture fixture = new StackFixture();
        LocalWorker worker = worker(fixture, new MockProvider(Clock.systemUTC()),
            new SnsCompletionPublisher(sns, subscription.topicArn()), new WorkerSettings(10, 4, 1, 60))) {
      worker.start();
      for (String id : List.of("events-live-1", "events-live-2", "events-live-3")) {
        CliRun submit = CliRun.of(fixture.args("submit", catalog(dir, id, 10).toString(), "--catalog-id", id,
            "--batch-size", "10"));
        assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());
      }
      Await.until(() -> fixture.messagesIn(fixture.stack.queueUrl()) == 0
          && status(fixture, "events-live-3").state().terminal(), Duration.ofSeconds(60), () -> "the catalogs");
      List<Message> received = subscription.drain(Duration.ofSeconds(3));
      List<String> ids = received.stream().map(m -> m.messageAttributes()
          .get(SnsCompletionPublisher.ATTRIBUTE_CATALOG_ID).stringValue()).sorted().toList();
      assertEquals(List.of("events-live-1", "events-live-2", "events-live-3"), ids, "one event per catalog");
    }
  }

  @Test
  void aPublishThatFails_isRetriedWithTheBatch_andStillGoesOutOnce(@TempDir Path dir) throws Exception {
    Subscription subscription = Subscription.create("enrich-completions-retry");
    try (StackFixture fixture = new StackFixture()) {
      String id = "events-retry";
      CliRun submit = CliRun.of(fixture.args("submit", catalog(dir, id, 30).toString(), "--catalog-id", id,
          "--batch-size", "10"));
      assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());
      CompletionPublisher real = new SnsCompletionPublisher(sns, subscription.topicArn());
      AtomicInteger attempts = new AtomicInteger();
      CompletionPublisher failingOnce = new CompletionPublisher() {
        @Override
        public boolean enabled() {
          return true;
        }

        @Override
        public void publish(CompletionEvent event) {
          if (attempts.incrementAndGet() == 1) {
            throw new StoreUnavailableException("SNS: unreachable for the test", null);
          }
          real.publish(event);
        }
      };
      try (LocalWorker worker = worker(fixture, new MockProvider(Clock.systemUTC()), failingOnce,
          new WorkerSettings(10, 2, 1, 60))) {
        worker.start();
        Await.until(() -> attempts.get() >= 2 && fixture.messagesIn(fixture.stack.queueUrl()) == 0,
            Duration.ofSeconds(90), () -> "the event to be published again: " + attempts.get() + " attempts, "
                + status(fixture, id));
      }
      List<Message> received = subscription.drain(Duration.ofSeconds(3));
      assertEquals(1, received.size(), "the failed publish went out on the next delivery, once: " + received);
      assertEquals(2, attempts.get());
      CompletionEvent event = OutputJson.read(received.get(0).body(), CompletionEvent.class);
      assertEquals(CatalogState.COMPLETED, event.state());
      assertEquals(30, event.succeeded());
      assertEquals(3, event.batchesCompleted());
      CatalogStatus status = status(fixture, id);
      assertEquals(30, status.productsDone(), "the batch whose publish failed was counted once");
    }
  }

  @Test
  void aCancelledCatalog_endsWithOneCancelledEvent_onceItsBatchesAreDrained(@TempDir Path dir) throws Exception {
    Subscription subscription = Subscription.create("enrich-completions-cancel");
    try (StackFixture fixture = new StackFixture()) {
      String id = "events-cancel";
      CliRun submit = CliRun.of(fixture.args("submit", catalog(dir, id, 50).toString(), "--catalog-id", id,
          "--batch-size", "10"));
      assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());
      CliRun cancel = CliRun.of(fixture.args("cancel", id));
      assertEquals(ExitCodes.OK, cancel.exitCode(), cancel.toString());
      try (LocalWorker worker = worker(fixture, new MockProvider(Clock.systemUTC()),
          new SnsCompletionPublisher(sns, subscription.topicArn()), new WorkerSettings(10, 2, 1, 60))) {
        worker.start();
        Await.until(() -> fixture.messagesIn(fixture.stack.queueUrl()) == 0, Duration.ofSeconds(60),
            () -> "the cancelled batches to drain");
      }
      List<Message> received = subscription.drain(Duration.ofSeconds(3));
      assertEquals(1, received.size(), received.toString());
      CompletionEvent event = OutputJson.read(received.get(0).body(), CompletionEvent.class);
      assertEquals(CatalogState.CANCELLED, event.state());
      assertEquals(0, event.batchesCompleted());
      assertEquals(5, event.batchesSkipped());
      assertEquals(0, event.succeeded());
    }
  }
}
