package dev.enrich.lambda.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqsQueuesTest {

  private static SQSEvent.SQSMessage record() {
    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
    record.setMessageId("m-1");
    record.setBody("{\"catalog_id\":\"c\"}");
    record.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:enrich-dev-batches");
    return record;
  }

  @Test
  void aDeferredCopysDelay_isRoundedUpToWholeSeconds_soItNeverComesBackBeforeItsRefill() {
    FakeSqs sqs = new FakeSqs(60);
    SqsQueues queues = new SqsQueues(sqs);
    for (Duration delay : List.of(Duration.ofMillis(1), Duration.ofMillis(1_000), Duration.ofMillis(1_001),
        Duration.ofMillis(59_999), Duration.ofMinutes(15))) {
      queues.sendAgain(record().getEventSourceArn(), record(), delay);
    }
    assertEquals(List.of(1, 1, 2, 60, 900), sqs.sent.stream().map(r -> r.delaySeconds()).toList());
    assertEquals("https://sqs.local/123456789012/enrich-dev-batches", sqs.sent.get(0).queueUrl());
    assertEquals("{\"catalog_id\":\"c\"}", sqs.sent.get(0).messageBody());
  }
}
