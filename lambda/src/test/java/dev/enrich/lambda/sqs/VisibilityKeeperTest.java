package dev.enrich.lambda.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VisibilityKeeperTest {
  private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:enrich-batches";

  /** Records every extension; the timeout is given per test. */
  private static final class RecordingQueues implements VisibilityKeeper.Queues {
    final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
    final Duration timeout;
    volatile boolean failing;

    RecordingQueues(Duration timeout) {
      this.timeout = timeout;
    }

    @Override
    public Duration visibilityTimeout(String queueArn) {
      return timeout;
    }

    @Override
    public int extend(String queueArn, List<String> receiptHandles, Duration timeout) {
      if (failing) {
        throw new IllegalStateException("SQS is down");
      }
      List<String> sorted = new ArrayList<>(receiptHandles);
      Collections.sort(sorted);
      calls.add(sorted);
      return 0;
    }
  }

  private static SQSEvent.SQSMessage record(String id) {
    SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
    m.setMessageId(id);
    m.setReceiptHandle("handle-" + id);
    m.setEventSourceArn(QUEUE);
    return m;
  }

  @Test
  void extendsEveryRecordNotReleased_everyThirdOfTheTimeout() throws Exception {
    RecordingQueues queues = new RecordingQueues(Duration.ofSeconds(3));
    List<String> warnings = new ArrayList<>();
    VisibilityKeeper keeper = new VisibilityKeeper(queues, warnings::add);
    try (VisibilityKeeper.Lease lease = keeper.watch(List.of(record("a"), record("b")))) {
      Thread.sleep(1_500); // one period (1 s) has passed
      assertEquals(List.of(List.of("handle-a", "handle-b")), queues.calls);
      lease.release("a");
      assertEquals(1, lease.pending());
      Thread.sleep(1_000);
      assertEquals(List.of("handle-b"), queues.calls.get(queues.calls.size() - 1));
    }
    int after = queues.calls.size();
    Thread.sleep(1_500);
    assertEquals(after, queues.calls.size(), "a closed lease extends nothing");
    assertTrue(warnings.isEmpty(), warnings.toString());
  }

  @Test
  void aFailingExtension_isWarnedAbout_andTheNextPeriodTriesAgain() throws Exception {
    RecordingQueues queues = new RecordingQueues(Duration.ofSeconds(3));
    queues.failing = true;
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    try (VisibilityKeeper.Lease lease = new VisibilityKeeper(queues, warnings::add).watch(List.of(record("a")))) {
      Thread.sleep(1_400);
      queues.failing = false;
      Thread.sleep(1_000);
      assertEquals(1, lease.pending());
    }
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("SQS is down"), warnings.get(0));
    assertEquals(1, queues.calls.size(), "the periodic task survived the failure");
  }

  @Test
  void recordsWithoutAQueue_areLeftAlone() {
    RecordingQueues queues = new RecordingQueues(Duration.ofSeconds(3));
    SQSEvent.SQSMessage handMade = new SQSEvent.SQSMessage();
    handMade.setMessageId("x");
    try (VisibilityKeeper.Lease lease = new VisibilityKeeper(queues, w -> { }).watch(List.of(handMade))) {
      assertEquals(0, lease.pending());
    }
  }

  @Test
  void closingALease_backsOffTheRecordsToRetry_afterAnyExtensionUnderWay() throws Exception {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    VisibilityKeeper.Queues slow = new VisibilityKeeper.Queues() {
      @Override
      public Duration visibilityTimeout(String queueArn) {
        return Duration.ofMillis(300);
      }

      @Override
      public int extend(String queueArn, List<String> receiptHandles, Duration timeout) {
        events.add("extend " + receiptHandles.stream().sorted().toList());
        try {
          Thread.sleep(400); // a slow SQS: the extension is still under way when the invocation answers
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        events.add("extended");
        return 0;
      }

      @Override
      public int changeVisibility(String queueArn, java.util.Map<String, Duration> timeouts) {
        events.add("backoff " + timeouts);
        return 0;
      }
    };
    VisibilityKeeper keeper = new VisibilityKeeper(slow, w -> { }, new Backoff(Duration.ofSeconds(60)),
        java.util.random.RandomGenerator.getDefault());
    try (VisibilityKeeper.Lease lease = keeper.watch(List.of(record("a"), record("b")))) {
      Thread.sleep(200); // the first extension (after 100 ms) has started and holds both records
      lease.retryLater("a", 1);
    }
    String last = events.get(events.size() - 1);
    assertTrue(last.startsWith("backoff {handle-a=PT"), events.toString());
    assertEquals("extended", events.get(events.size() - 2), "the backoff waited for the extension: " + events);
  }

  @Test
  void aQueueWithoutATimeout_backsNothingOff() {
    RecordingQueues queues = new RecordingQueues(Duration.ZERO);
    try (VisibilityKeeper.Lease lease = new VisibilityKeeper(queues, w -> { }).watch(List.of(record("a")))) {
      lease.retryLater("a", 3);
    }
    assertTrue(queues.calls.isEmpty(), queues.calls.toString());
  }
}
