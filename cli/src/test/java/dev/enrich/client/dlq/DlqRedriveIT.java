package dev.enrich.client.dlq;

import static dev.enrich.client.dlq.Outage.assertCompletedExactly;
import static dev.enrich.client.dlq.Outage.awaitDlq;
import static dev.enrich.client.dlq.Outage.dlqMessages;
import static dev.enrich.client.dlq.Outage.status;
import static dev.enrich.client.dlq.Outage.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.CatalogStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A provider outage end to end on the local stack: a batch fails on every delivery and reaches the
 * DLQ after maxReceiveCount; the DLQ tools show it without consuming it; the cause is fixed (a
 * healthy provider); a redrive puts it back and the catalog completes with exact counts. Both
 * redrive paths (SQS move task, and the filtered move enrich does itself), the refusals, the dry
 * run and the cancel of a move task.
 */
@Tag(StackFixture.AWS_API)
class DlqRedriveIT {
  private static final int MAX_RECEIVES = 2;
  private static final Duration WITHIN = Duration.ofSeconds(60);
  @RegisterExtension
  static final StackExtension stack = new StackExtension(c -> c.withVisibilityTimeoutSeconds(1).withMaxReceiveCount(MAX_RECEIVES));

  @AfterEach
  void theDlqIsLeftEmpty() {
    assertEquals(0, dlqMessages(stack.fixture()), "each test drains what it put in the DLQ");
  }

  private static CliRun cli(String... head) {
    return CliRun.of(stack.args(head));
  }

  private static void outage(String... catalogIds) throws InterruptedException {
    Outage.oneBatchEach(stack.fixture(), catalogIds);
  }

  private static long visibleInDlq() {
    return Long.parseLong(stack.fixture().stack.sqsClient().getQueueAttributes(b -> b.queueUrl(stack.fixture().stack.dlqUrl())
        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
  }

  private static String batchState(String catalogId, String batchId) {
    return stack.fixture().stack.dynamoClient().getItem(b -> b.tableName(stack.fixture().stack.config().tableName())
        .key(dev.enrich.lambda.store.Attributes.key(catalogId, batchId)).consistentRead(true))
        .item().get(StatusTable.STATUS).s();
  }

  @Test
  @Tag(StackFixture.MOVE_TASKS)
  void moveTask_afterTheOutage_completesTheCatalogExactly() throws Exception {
    outage("dlq-move");
    CatalogStatus failing = status(stack.fixture(), "dlq-move");
    assertEquals(1, failing.batches().failing(), failing.toString());
    assertEquals(10, failing.productsDone());
    assertEquals("FAILED", batchState("dlq-move", "B#000002"));

    // What is there, and why; the peek consumes nothing.
    CliRun peek = cli("dlq", "peek", "-o", "json");
    assertEquals(ExitCodes.OK, peek.exitCode(), peek.toString());
    JsonNode listed = JsonSchemas.assertMatches("dlq-peek", peek.out());
    assertEquals(1, listed.get("messages").size(), peek.out());
    JsonNode dead = listed.get("messages").get(0);
    assertEquals("dlq-move", dead.get("catalog_id").asText());
    assertEquals("B#000002", dead.get("batch_id").asText());
    assertEquals(2, dead.get("product_count").asInt());
    assertEquals("FAILED", dead.get("batch_status").asText());
    assertEquals(MAX_RECEIVES, dead.get("attempts").asInt());
    assertTrue(dead.get("receive_count").asInt() >= MAX_RECEIVES, peek.out());
    assertEquals(Outage.ERROR, dead.get("last_error").asText());
    assertTrue(dead.get("body_problem").isNull());
    assertEquals(1, visibleInDlq(), "visible again at once: the peek consumed nothing");
    CliRun text = cli("dlq", "peek");
    assertTrue(text.out().contains("B#000002") && text.out().contains(Outage.ERROR), text.toString());

    CliRun stats = cli("queue", "stats", "-o", "json");
    assertEquals(ExitCodes.OK, stats.exitCode(), stats.toString());
    JsonNode queues = JsonSchemas.assertMatches("queue-stats", stats.out()).get("queues");
    assertEquals("source", queues.get(0).get("role").asText());
    assertEquals("unknown", queues.get(0).get("oldest_age_source").asText());
    assertEquals(1, queues.get(1).get("visible").asInt(), stats.out());
    assertEquals("sampled", queues.get(1).get("oldest_age_source").asText(), stats.out());
    assertTrue(queues.get(1).get("oldest_age_seconds").asLong() >= 0);

    // Not on a terminal and no --yes: refused, nothing moved or changed.
    CliRun refused = cli("redrive-dlq");
    assertEquals(ExitCodes.USAGE, refused.exitCode(), refused.toString());
    assertEquals(1, refused.err().strip().lines().count(), refused.err());
    assertTrue(refused.err().contains("--yes"), refused.err());
    assertEquals("", refused.out());
    CliRun dry = cli("redrive-dlq", "--dry-run", "-o", "json");
    assertEquals(ExitCodes.OK, dry.exitCode(), dry.toString());
    JsonNode would = JsonSchemas.assertMatches("redrive-dlq", dry.out());
    assertEquals("would_move", would.get("outcome").asText());
    assertEquals(1, would.get("messages_found").asInt());
    assertEquals("dlq-move", would.get("batches").get(0).get("catalog_id").asText());
    assertEquals(1, visibleInDlq());
    assertEquals("FAILED", batchState("dlq-move", "B#000002"));

    // The cause is fixed: a healthy provider. Then the redrive.
    try (LocalWorker healthy = stack.fixture().worker(2)) {
      healthy.start();
      CliRun redrive = cli("redrive-dlq", "--yes", "--rate", "10", "--poll-interval", "0.1", "-o", "json");
      assertEquals(ExitCodes.OK, redrive.exitCode(), redrive.toString());
      JsonNode moved = JsonSchemas.assertMatches("redrive-dlq", redrive.out());
      assertEquals("move_task", moved.get("mode").asText());
      assertEquals("completed", moved.get("outcome").asText());
      assertEquals(1, moved.get("messages_moved").asInt());
      assertEquals(1, moved.get("batches_requeued").asInt());
      assertEquals("COMPLETED", moved.get("task").get("status").asText());
      assertEquals(10, moved.get("task").get("max_per_second").asInt());
      Await.catalogTerminal(stack.fixture(), "dlq-move", WITHIN);
    }
    assertCompletedExactly(stack.fixture(), "dlq-move", "kitchen-12.csv", 6);
    JsonNode done = Outage.statusJson(stack.fixture(), "dlq-move");
    assertEquals(12, done.get("products_done").asInt());
    assertEquals(6, done.get("batches").get("completed").asInt());
    assertEquals(0, stack.fixture().messagesIn(stack.fixture().stack.queueUrl()));
  }

  @Test
  void filtered_redrivesOneCatalog_thenTheRest_andBothCompleteExactly() throws Exception {
    outage("dlq-one", "dlq-two");
    assertEquals(2, dlqMessages(stack.fixture()));

    CliRun peekOne = cli("dlq", "peek", "--catalog", "dlq-one", "-o", "json");
    JsonNode one = JsonSchemas.assertMatches("dlq-peek", peekOne.out());
    assertEquals(1, one.get("messages").size(), peekOne.out());
    assertEquals("dlq-one", one.get("catalog_id").asText());

    try (LocalWorker healthy = stack.fixture().worker(2)) {
      healthy.start();
      CliRun first = cli("redrive-dlq", "--catalog", "dlq-one", "--yes", "-o", "json");
      assertEquals(ExitCodes.OK, first.exitCode(), first.toString());
      JsonNode moved = JsonSchemas.assertMatches("redrive-dlq", first.out());
      assertEquals("filtered", moved.get("mode").asText());
      assertEquals("completed", moved.get("outcome").asText());
      assertEquals(1, moved.get("messages_moved").asInt());
      assertEquals(1, moved.get("batches_requeued").asInt());
      assertTrue(moved.get("task").isNull());
      assertEquals("dlq-one", moved.get("batches").get(0).get("catalog_id").asText());
      Await.catalogTerminal(stack.fixture(), "dlq-one", WITHIN);
      assertCompletedExactly(stack.fixture(), "dlq-one", "kitchen-12.csv", 6);

      // The other catalog's batch was not touched.
      assertEquals(1, dlqMessages(stack.fixture()));
      assertEquals(1, visibleInDlq(), "the message set aside is visible again");
      assertEquals("FAILED", batchState("dlq-two", "B#000002"));
      assertEquals(1, status(stack.fixture(), "dlq-two").batches().failing());

      CliRun rest = cli("redrive-dlq", "--max", "5", "--yes", "-o", "json");
      assertEquals(ExitCodes.OK, rest.exitCode(), rest.toString());
      assertEquals(1, JsonSchemas.assertMatches("redrive-dlq", rest.out()).get("messages_moved").asInt());
      Await.catalogTerminal(stack.fixture(), "dlq-two", WITHIN);
    }
    assertCompletedExactly(stack.fixture(), "dlq-two", "kitchen-12.csv", 6);
    CliRun nothing = cli("redrive-dlq", "--catalog", "dlq-two", "--yes");
    assertEquals(ExitCodes.OK, nothing.exitCode(), nothing.toString());
    assertTrue(nothing.out().startsWith("nothing to move"), nothing.out());
    CliRun unknown = cli("redrive-dlq", "--catalog", "no-such-catalog", "--yes");
    assertEquals(ExitCodes.NOT_FOUND, unknown.exitCode(), unknown.toString());
  }

  @Test
  @Tag(StackFixture.MOVE_TASKS)
  void cancel_stopsTheMoveTask_theRestStaysFailing_andALaterRedriveFinishes() throws Exception {
    submit(stack.fixture(), "outdoor-80.json", "dlq-cancel", 10);
    try (LocalWorker broken = stack.fixture().worker(2, Outage.failing(null))) {
      broken.start();
      awaitDlq(stack.fixture(), 8, WITHIN);
    }
    assertEquals(8, status(stack.fixture(), "dlq-cancel").batches().failing());

    // One message a second: the cancel lands midway.
    CompletableFuture<CliRun> slow = CompletableFuture.supplyAsync(
        () -> cli("redrive-dlq", "--yes", "--rate", "1", "--poll-interval", "0.1", "-o", "json"));
    Await.until(() -> stack.fixture().messagesIn(stack.fixture().stack.queueUrl()) >= 2, WITHIN,
        () -> "the move task to move something: " + slow);
    CliRun cancel = cli("redrive-dlq", "--cancel", "-o", "json");
    assertEquals(ExitCodes.OK, cancel.exitCode(), cancel.toString());
    JsonNode cancelled = JsonSchemas.assertMatches("redrive-dlq", cancel.out());
    assertEquals("cancel", cancelled.get("mode").asText());
    assertEquals("cancelled", cancelled.get("outcome").asText());
    CliRun followed = slow.get();
    assertEquals(ExitCodes.SOME_FAILED, followed.exitCode(), "the followed task did not finish: " + followed);
    JsonNode follower = JsonSchemas.assertMatches("redrive-dlq", followed.out());
    assertEquals("cancelled", follower.get("outcome").asText());

    int inQueue = stack.fixture().messagesIn(stack.fixture().stack.queueUrl());
    int inDlq = dlqMessages(stack.fixture());
    assertEquals(8, inQueue + inDlq, "the cancel lost nothing");
    assertTrue(inDlq > 0 && inQueue > 0, inQueue + " moved, " + inDlq + " left");
    CatalogStatus midway = status(stack.fixture(), "dlq-cancel");
    assertEquals(inDlq, midway.batches().failing(), "the batches left in the DLQ are failing again: " + midway);
    assertEquals(inQueue, midway.batches().queued(), "the moved ones are queued: " + midway);
    // Both the cancelling run and the run following the task put the batches left behind back to
    // FAILED; the write is conditional, so whichever comes first does it and the counts add up.
    assertEquals(inDlq, cancelled.get("batches_restored").asInt() + follower.get("batches_restored").asInt(),
        cancel.out() + "\n" + followed.out());

    CliRun nothing = cli("redrive-dlq", "--cancel");
    assertEquals(ExitCodes.OK, nothing.exitCode(), nothing.toString());
    assertTrue(nothing.out().contains("nothing to cancel"), nothing.out());

    try (LocalWorker healthy = stack.fixture().worker(2)) {
      healthy.start();
      CliRun rest = cli("redrive-dlq", "--yes", "--poll-interval", "0.1");
      assertEquals(ExitCodes.OK, rest.exitCode(), rest.toString());
      Await.catalogTerminal(stack.fixture(), "dlq-cancel", WITHIN);
    }
    assertCompletedExactly(stack.fixture(), "dlq-cancel", "outdoor-80.json", 8);
  }

  @Test
  void aQueueWithoutADlq_isNotFound_inOneLine() {
    String plain = stack.fixture().stack.sqsClient().createQueue(b -> b.queueName("no-redrive-policy")).queueUrl();
    for (String[] command : new String[][] {{"queue", "stats"}, {"dlq", "peek"}, {"redrive-dlq", "--yes"}}) {
      List<String> all = new ArrayList<>(List.of(command));
      all.addAll(List.of("--sqs-endpoint", stack.fixture().stack.sqsEndpoint().toString(), "--dynamodb-endpoint",
          stack.fixture().stack.dynamoEndpoint().toString(), "--table", stack.fixture().stack.config().tableName(), "--queue", plain));
      CliRun run = CliRun.of(all.toArray(String[]::new));
      assertEquals(ExitCodes.NOT_FOUND, run.exitCode(), run.toString());
      assertEquals("enrich: queue " + plain + " has no dead-letter queue (its RedrivePolicy is not set)",
          run.err().strip());
    }
  }
}
