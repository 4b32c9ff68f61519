package dev.enrich.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.enrich.contract.BatchMessage;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.Product;
import dev.enrich.lambda.enrich.Deadline;
import dev.enrich.lambda.enrich.DeferredEnrichmentException;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.enrich.MockProvider;
import dev.enrich.lambda.sqs.VisibilityKeeper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deferred batch is no failure: nothing is written for it, and the handler sends it again with a
 * delay instead of reporting it, so its delivery never counts toward the dead-letter queue.
 */
class DeferralTest {
  private static final Duration LATER = Duration.ofSeconds(90);

  /** The mock provider, whose capacity is always 90 s away. */
  private static EnrichmentProvider starved() {
    MockProvider mock = new MockProvider(Clock.systemUTC());
    return new EnrichmentProvider() {
      @Override
      public String name() {
        return "starved";
      }

      @Override
      public Reservation reserve(List<Product> products, Map<String, String> options, Deadline deadline) {
        throw new DeferredEnrichmentException("no tokens for 90 s", LATER);
      }

      @Override
      public List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options) {
        return mock.enrich(products, options);
      }
    };
  }

  private static String body(FakeLedger ledger) {
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    ledger.createdAt = at;
    ledger.addBatch("B#000001");
    return new MessageCodec().write(new BatchMessage(BatchMessage.SCHEMA_VERSION, "c1", "B#000001", "u", at, Map.of(),
        List.of(new Product("S1", "B000000001", null, null, null, null, null, null, 2, Map.of()))));
  }

  private static SQSEvent.SQSMessage record(String body) {
    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
    record.setMessageId("m1");
    record.setReceiptHandle("r1");
    record.setBody(body);
    record.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:enrich-batches");
    record.setAttributes(Map.of("ApproximateReceiveCount", "4"));
    return record;
  }

  /** Queues that record what is sent again, or refuse to send. */
  private static final class Sent implements VisibilityKeeper.Queues {
    final List<Duration> delays = new ArrayList<>();
    final List<String> bodies = new ArrayList<>();
    final Map<String, Duration> visibility = new java.util.HashMap<>();
    boolean refuse;

    @Override
    public Duration visibilityTimeout(String queueArn) {
      return Duration.ofMinutes(90);
    }

    @Override
    public int extend(String queueArn, List<String> receiptHandles, Duration timeout) {
      receiptHandles.forEach(h -> visibility.put(h, timeout));
      return 0;
    }

    @Override
    public void sendAgain(String queueArn, SQSEvent.SQSMessage record, Duration delay) {
      if (refuse) {
        throw new IllegalStateException("SQS refused");
      }
      delays.add(delay);
      bodies.add(record.getBody());
    }
  }

  @Test
  void aDeferredBatch_writesNothing_andIsSentAgainWithItsDelay_notReported() {
    FakeLedger ledger = new FakeLedger();
    String body = body(ledger);
    BatchProcessor processor = new BatchProcessor(new MessageCodec(), starved(), (c, b, r) -> {
      throw new AssertionError("nothing stored for a deferred batch");
    }, ledger, Clock.systemUTC());
    Sent queues = new Sent();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    EnrichmentHandler handler = new EnrichmentHandler(processor,
        new EventLog(new PrintStream(log, true, StandardCharsets.UTF_8)), new VisibilityKeeper(queues, w -> { }));
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(record(body)));

    SQSBatchResponse response = handler.handleRequest(event, null);

    assertEquals(List.of(), response.getBatchItemFailures(), "not a failure: no receive counted toward the DLQ");
    assertEquals(List.of(body), queues.bodies, "the same message, sent again");
    Duration delay = queues.delays.get(0);
    assertTrue(delay.compareTo(LATER) >= 0 && delay.compareTo(LATER.plusSeconds(10)) <= 0, delay.toString());
    assertEquals(Map.of(), ledger.attempts, "the batch was never marked started: no attempt in status");
    assertEquals(dev.enrich.contract.BatchState.QUEUED, ledger.states.get("B#000001"));
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("\"outcome\":\"DEFERRED\""), log.toString());
  }

  @Test
  void aDeferredBatchThatCannotBeSentAgain_isReported_andBackedOff() {
    FakeLedger ledger = new FakeLedger();
    Sent queues = new Sent();
    queues.refuse = true;
    List<String> warnings = new ArrayList<>();
    BatchProcessor processor = new BatchProcessor(new MessageCodec(), starved(), (c, b, r) -> { }, ledger,
        Clock.systemUTC());
    EnrichmentHandler handler = new EnrichmentHandler(processor, new EventLog(new PrintStream(
        new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)), new VisibilityKeeper(queues, warnings::add));
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(record(body(ledger))));

    SQSBatchResponse response = handler.handleRequest(event, null);

    assertEquals(1, response.getBatchItemFailures().size(), "it must come back some way");
    assertEquals("m1", response.getBatchItemFailures().get(0).getItemIdentifier());
    assertTrue(warnings.stream().anyMatch(w -> w.contains("could not send deferred record m1")), warnings.toString());
    assertTrue(queues.visibility.containsKey("r1"), "backed off like a retry");
  }
}
