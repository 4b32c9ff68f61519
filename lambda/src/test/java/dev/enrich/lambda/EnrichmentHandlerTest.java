package dev.enrich.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.enrich.lambda.contract.BatchMessage;
import dev.enrich.lambda.contract.MessageCodec;
import dev.enrich.lambda.contract.Product;
import dev.enrich.lambda.enrich.MockProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
    assertEquals(4, lines.length);
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
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(logged.toString(StandardCharsets.UTF_8));
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
  }
}
