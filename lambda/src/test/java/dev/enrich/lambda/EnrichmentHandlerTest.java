package dev.enrich.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.enrich.contract.BatchMessage;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.Product;
import dev.enrich.lambda.enrich.MockProvider;
import dev.enrich.lambda.sqs.Backoff;
import dev.enrich.lambda.sqs.FakeSqs;
import dev.enrich.lambda.sqs.SqsQueues;
import dev.enrich.lambda.sqs.VisibilityKeeper;
import dev.enrich.lambda.store.StoreUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;

class EnrichmentHandlerTest {
  private final MessageCodec codec = new MessageCodec();
  private final FakeLedger ledger = new FakeLedger();
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

  private static SQSEvent.SQSMessage record(String id, String body) {
    SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
    m.setMessageId(id);
    m.setBody(body);
    return m;
  }

  private String batch(String batchId, String sku) {
    ledger.addBatch(batchId);
    return codec.write(BatchMessage.of("cat", batchId, "u", Clock.systemUTC().instant(), Map.of(),
        List.of(new Product(sku, "B000000001", null, null, null, null, null, null, 2, Map.of()))));
  }

  @Test
  void handleRequest_reportsOnlyTheFailedRecords_andLogsOneJsonLinePerRecord() {
    BatchProcessor processor = new BatchProcessor(codec, new MockProvider(Clock.systemUTC()), (c, b, r) -> {
      if (b.equals("B#000002")) {
        throw new IllegalStateException("a bug in one record");
      }
    }, ledger, Clock.systemUTC());
    EnrichmentHandler handler = new EnrichmentHandler(processor,
        new EventLog(new PrintStream(logged, true, StandardCharsets.UTF_8)));
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(
        record("m1", batch("B#000001", "A")),
        record("m2", batch("B#000002", "B")),
        record("m3", "not json"),
        record("m4", batch("B#000004", "D"))));

    SQSBatchResponse response = handler.handleRequest(event, null);

    List<String> failed = response.getBatchItemFailures().stream()
        .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    assertEquals(List.of("m2", "m3"), failed);
    assertEquals(2, ledger.productsDone, "the records around the failures completed");
    String[] lines = logged.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(5, lines.length, "a line per record and one for the invocation");
    assertTrue(lines[1].contains("\"outcome\":\"RETRY\"") && lines[1].contains("a bug in one record"), lines[1]);
    assertTrue(lines[2].contains("\"outcome\":\"REJECTED\""), lines[2]);
  }

  @Test
  void batchLines_areEmbeddedMetricFormat_withTheConsumersMetrics() throws Exception {
    BatchProcessor processor = new BatchProcessor(codec, new MockProvider(Clock.systemUTC()), (c, b, r) -> { },
        ledger, Clock.systemUTC());
    EnrichmentHandler handler = new EnrichmentHandler(processor,
        new EventLog(new PrintStream(logged, true, StandardCharsets.UTF_8)));
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(record("m1", batch("B#000001", "A"))));
    handler.handleRequest(event, null);

    com.fasterxml.jackson.databind.JsonNode line =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(logged.toString(StandardCharsets.UTF_8).split("\n")[0]);
    com.fasterxml.jackson.databind.JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
    assertTrue(line.path("_aws").path("Timestamp").isNumber(), line.toString());
    assertEquals(EventLog.NAMESPACE, directive.path("Namespace").asText());
    List<String> names = new java.util.ArrayList<>();
    directive.path("Metrics").forEach(m -> names.add(m.path("Name").asText()));
    assertEquals(List.of("ProductsEnriched", "ProductsFailed", "KeepaTokensConsumed", "KeepaThrottled",
        "BatchDurationMs"), names);
    // Every metric and dimension the directive names is a member of the root, as EMF requires.
    for (String name : names) {
      assertTrue(line.path(name).isNumber(), name + " in " + line);
    }
    directive.path("Dimensions").get(0).forEach(d -> assertTrue(line.path(d.asText()).isTextual(), d + " in " + line));
    assertEquals(1, line.path("ProductsEnriched").asInt() + line.path("ProductsFailed").asInt());
    assertEquals("B#000001", line.path("batch_id").asText());
  }

  @Test
  void aFinishedRecord_staysInvisibleUntilTheInvocationAnswers_aFailedOneIsReleased() {
    // Lambda deletes the records that succeeded only once the invocation answers: until then a
    // finished record must stay invisible, or SQS hands it out again (or moves it to the DLQ).
    List<List<String>> extended = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    List<String> backedOff = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    dev.enrich.lambda.sqs.VisibilityKeeper keeper = new dev.enrich.lambda.sqs.VisibilityKeeper(
        new dev.enrich.lambda.sqs.VisibilityKeeper.Queues() {
          @Override
          public java.time.Duration visibilityTimeout(String queueArn) {
            return java.time.Duration.ofMillis(300);
          }

          @Override
          public int extend(String queueArn, List<String> receiptHandles, java.time.Duration timeout) {
            extended.add(receiptHandles.stream().sorted().toList());
            return 0;
          }

          @Override
          public int changeVisibility(String queueArn, Map<String, java.time.Duration> timeouts) {
            backedOff.addAll(timeouts.keySet());
            return 0;
          }
        }, warning -> { });
    BatchProcessor processor = new BatchProcessor(codec, new MockProvider(Clock.systemUTC()), (c, b, r) -> {
      if (b.equals("B#000002")) {
        throw new IllegalStateException("a bug in one record");
      }
      if (b.equals("B#000003")) {
        try {
          Thread.sleep(1_000); // ten extension periods
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, ledger, Clock.systemUTC());
    EnrichmentHandler handler = new EnrichmentHandler(processor,
        new EventLog(new PrintStream(logged, true, StandardCharsets.UTF_8)), keeper);
    SQSEvent event = new SQSEvent();
    List<SQSEvent.SQSMessage> records = List.of(
        record("m1", batch("B#000001", "A")), record("m2", batch("B#000002", "B")), record("m3", batch("B#000003", "C")));
    records.forEach(r -> {
      r.setReceiptHandle("h" + r.getMessageId().substring(1));
      r.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:enrich-batches");
    });
    event.setRecords(records);

    handler.handleRequest(event, null);

    assertTrue(extended.size() >= 2, "extensions while the slow record ran: " + extended);
    assertEquals(List.of("h1", "h3"), extended.get(extended.size() - 1),
        "the finished m1 is still kept, the failed m2 is not: " + extended);
    assertEquals(List.of("h2"), backedOff, "the failed m2 is backed off when the invocation answers");
  }

  // --- backoff of failed records ----------------------------------------------------------------

  private static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:enrich-batches";

  /** A record as the event source delivers it: receipt handle, queue and receive count. */
  private static SQSEvent.SQSMessage delivered(String id, String body, int receiveCount) {
    SQSEvent.SQSMessage m = record(id, body);
    m.setReceiptHandle("h" + id.substring(1));
    m.setEventSourceArn(QUEUE_ARN);
    m.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
    return m;
  }

  /** The real keeper over the fake SQS client, with the default 60 s base. */
  private EnrichmentHandler handlerOver(FakeSqs sqs, String unavailableBatch) {
    BatchProcessor processor = new BatchProcessor(codec, new MockProvider(Clock.systemUTC()), (c, b, r) -> {
      if (b.equals(unavailableBatch)) {
        throw new StoreUnavailableException("MongoDB timed out", null);
      }
    }, ledger, Clock.systemUTC());
    EventLog log = new EventLog(new PrintStream(logged, true, StandardCharsets.UTF_8));
    VisibilityKeeper keeper = new VisibilityKeeper(new SqsQueues(sqs), log::warn,
        new Backoff(Backoff.DEFAULT_BASE), RandomGenerator.getDefault());
    return new EnrichmentHandler(processor, log, keeper);
  }

  private static Map<String, Integer> timeouts(ChangeMessageVisibilityBatchRequest call) {
    Map<String, Integer> byHandle = new java.util.TreeMap<>();
    call.entries().forEach(e -> byHandle.put(e.receiptHandle(), e.visibilityTimeout()));
    return byHandle;
  }

  @Test
  void aRecordToRetry_isBackedOffFromItsReceiveCount_inOneBatchCall_whileARejectedOneIsLeftAlone() throws Exception {
    FakeSqs sqs = new FakeSqs(5_400);
    EnrichmentHandler handler = handlerOver(sqs, "B#000002");
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(
        delivered("m1", batch("B#000001", "A"), 1),
        delivered("m2", batch("B#000002", "B"), 3),
        delivered("m3", "not json", 1),
        delivered("m4", batch("B#000002", "B"), 1),
        delivered("m5", batch("B#000002", "B"), 30)));

    SQSBatchResponse response = handler.handleRequest(event, null);

    assertEquals(List.of("m2", "m3", "m4", "m5"), response.getBatchItemFailures().stream()
        .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
    assertEquals(1, sqs.visibilityCalls.size(), "one ChangeMessageVisibilityBatch for the invocation");
    ChangeMessageVisibilityBatchRequest call = sqs.visibilityCalls.get(0);
    assertEquals("https://sqs.local/123456789012/enrich-batches", call.queueUrl());
    Map<String, Integer> timeouts = timeouts(call);
    assertEquals(java.util.Set.of("h2", "h4", "h5"), timeouts.keySet(),
        "only the records to retry; the finished m1 is deleted, the rejected m3 fails alike on every try");
    assertTrue(timeouts.get("h4") >= 30 && timeouts.get("h4") <= 60, "first retry within a minute: " + timeouts);
    assertTrue(timeouts.get("h2") >= 120 && timeouts.get("h2") <= 240, "third receive, 4 min step: " + timeouts);
    assertTrue(timeouts.get("h5") >= 2_700 && timeouts.get("h5") <= 5_400, "capped at the queue's timeout: " + timeouts);

    String[] lines = logged.toString(StandardCharsets.UTF_8).split("\n");
    com.fasterxml.jackson.databind.JsonNode invocation =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals("invocation", invocation.path("event").asText(), invocation.toString());
    assertEquals(4, invocation.path("RecordsRetried").asInt(), "every record returned to the queue");
    assertEquals(5, invocation.path("records").asInt());
    com.fasterxml.jackson.databind.JsonNode directive = invocation.path("_aws").path("CloudWatchMetrics").get(0);
    assertEquals(EventLog.NAMESPACE, directive.path("Namespace").asText());
    assertEquals("RecordsRetried", directive.path("Metrics").get(0).path("Name").asText());
    directive.path("Dimensions").get(0).forEach(d -> assertTrue(invocation.path(d.asText()).isTextual(), d.toString()));
  }

  @Test
  void aBackoffThatFails_isAWarning_andTheRecordIsStillReported() throws Exception {
    for (FakeSqs.Mode mode : List.of(FakeSqs.Mode.THROWS, FakeSqs.Mode.ENTRIES_FAIL)) {
      logged.reset();
      FakeSqs sqs = new FakeSqs(5_400);
      sqs.mode = mode;
      EnrichmentHandler handler = handlerOver(sqs, "B#000002");
      SQSEvent event = new SQSEvent();
      event.setRecords(List.of(delivered("m1", batch("B#000001", "A"), 1), delivered("m2", batch("B#000002", "B"), 2)));

      SQSBatchResponse response = handler.handleRequest(event, null);

      assertEquals(List.of("m2"), response.getBatchItemFailures().stream()
          .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList(), mode.name());
      assertEquals(1, sqs.visibilityCalls.size(), mode.name());
      String warning = java.util.Arrays.stream(logged.toString(StandardCharsets.UTF_8).split("\n"))
          .filter(l -> l.contains("\"event\":\"warning\"")).findFirst().orElseThrow(() -> new AssertionError(mode + ": " + logged));
      com.fasterxml.jackson.databind.JsonNode line = new com.fasterxml.jackson.databind.ObjectMapper().readTree(warning);
      assertTrue(line.path("message").asText().contains("return after the queue's visibility timeout"), warning);
    }
  }

  @Test
  void withoutAKeeper_failedRecordsAreReportedAndNothingIsBackedOff() {
    BatchProcessor processor = new BatchProcessor(codec, new MockProvider(Clock.systemUTC()), (c, b, r) -> {
      throw new StoreUnavailableException("MongoDB timed out", null);
    }, ledger, Clock.systemUTC());
    EnrichmentHandler handler = new EnrichmentHandler(processor,
        new EventLog(new PrintStream(logged, true, StandardCharsets.UTF_8)));
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(delivered("m1", batch("B#000001", "A"), 1)));
    assertEquals(1, handler.handleRequest(event, null).getBatchItemFailures().size());
  }
}
