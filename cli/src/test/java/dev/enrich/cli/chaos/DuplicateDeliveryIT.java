package dev.enrich.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enrich.cli.Await;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * At-least-once delivery: every message delivered twice (or more), shuffled, consumed by two
 * workers at once so that copies of a batch race each other, still counts each product once.
 */
@Tag("chaos")
@Tag(StackFixture.AWS_API)
class DuplicateDeliveryIT {
  @RegisterExtension
  static final StackExtension stack = new StackExtension();

  /** Takes every message off the queue (without processing) and returns the bodies. */
  private static List<String> drainBodies() {
    List<String> bodies = new ArrayList<>();
    while (true) {
      List<Message> got = stack.fixture().stack.sqsClient().receiveMessage(b -> b.queueUrl(stack.fixture().stack.queueUrl())
          .maxNumberOfMessages(10).waitTimeSeconds(0).visibilityTimeout(300)).messages();
      if (got.isEmpty() && stack.fixture().messagesIn(stack.fixture().stack.queueUrl()) == 0) {
        return bodies;
      }
      for (Message m : got) {
        bodies.add(m.body());
        stack.fixture().stack.sqsClient().deleteMessage(b -> b.queueUrl(stack.fixture().stack.queueUrl()).receiptHandle(m.receiptHandle()));
      }
    }
  }

  /** Sends each body {@code times} times, all shuffled. */
  private static void deliver(List<String> bodies, int times, Random random) {
    List<String> deliveries = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      deliveries.addAll(bodies);
    }
    Collections.shuffle(deliveries, random);
    for (int from = 0; from < deliveries.size(); from += 10) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = from; i < Math.min(deliveries.size(), from + 10); i++) {
        entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(deliveries.get(i)).build());
      }
      var sent = stack.fixture().stack.sqsClient().sendMessageBatch(b -> b.queueUrl(stack.fixture().stack.queueUrl()).entries(entries));
      assertEquals(List.of(), sent.failed());
    }
  }

  /** Two workers of five invocations each on the queue until it is empty. */
  private static void consumeUntilEmpty() throws Exception {
    try (LocalWorker one = stack.fixture().worker(5); LocalWorker two = stack.fixture().worker(5)) {
      one.start();
      two.start();
      Await.until(() -> stack.fixture().messagesIn(stack.fixture().stack.queueUrl()) == 0, Duration.ofSeconds(120),
          () -> "the queue to drain: " + stack.fixture().messagesIn(stack.fixture().stack.queueUrl()) + " left");
    }
  }

  @Test
  void everyMessageTwice_twoWorkersRacing_countsEachProductOnce(@TempDir Path dir) throws Exception {
    ChaosCatalog catalog = ChaosCatalog.write(dir, "twice", 1000);
    int batches = catalog.submit(stack.fixture(), 10);
    List<String> bodies = drainBodies();
    assertEquals(batches, bodies.size());

    deliver(bodies, 2, new Random(7));
    consumeUntilEmpty();

    CatalogOutcome.assertExact(stack.fixture(), catalog.id(), catalog.skus());
  }

  @Test
  void everyMessageThreeTimes_thenAllAgainAfterCompletion_changesNothing(@TempDir Path dir) throws Exception {
    ChaosCatalog catalog = ChaosCatalog.write(dir, "thrice", 80);
    catalog.submit(stack.fixture(), 5);
    List<String> bodies = drainBodies();
    assertEquals(16, bodies.size());

    deliver(bodies, 3, new Random(42));
    consumeUntilEmpty();
    CatalogOutcome first = CatalogOutcome.assertExact(stack.fixture(), catalog.id(), catalog.skus());

    // The same messages once more, after completion: nothing changes.
    deliver(bodies, 1, new Random(43));
    consumeUntilEmpty();
    CatalogOutcome second = CatalogOutcome.assertExact(stack.fixture(), catalog.id(), catalog.skus());
    assertEquals(first.status().productsDone(), second.status().productsDone());
    assertEquals(first.status().succeeded(), second.status().succeeded());
    assertEquals(first.status().batches(), second.status().batches());
  }
}
