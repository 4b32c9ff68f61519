package dev.enrich.client.dlq;

import static dev.enrich.client.dlq.Outage.assertCompletedExactly;
import static dev.enrich.client.dlq.Outage.dlqMessages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.Await;
import dev.enrich.cli.TerminalSession;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.contract.StatusTable;
import dev.enrich.lambda.store.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a terminal, {@code redrive-dlq} without --yes asks first: the jar runs in a tmux pane, the
 * test reads the question off the screen and types the answer.
 */
class RedriveTerminalIT {
  @RegisterExtension
  static final StackExtension stack = new StackExtension(c -> c.withVisibilityTimeoutSeconds(1).withMaxReceiveCount(2));
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("enrich-tmux-");
  }

  private static String answer(String catalogId, String answer, String label) throws Exception {
    List<String> args = new ArrayList<>(List.of("redrive-dlq", "--catalog", catalogId));
    args.addAll(List.of(stack.fixture().flags()));
    try (TerminalSession terminal = TerminalSession.start(label, 120, 30,
        Map.of("ENRICH_CONFIG_FILE", dir.resolve("no-profile").toString()), dir, args.toArray(String[]::new))) {
      String question = terminal.awaitScreen("Proceed? [y/N]", Duration.ofSeconds(60));
      assertTrue(question.contains("move 1 message from enrich-batches-dlq back to enrich-batches (moved by enrich)"),
          question);
      assertTrue(question.contains(catalogId), question);
      terminal.keys(answer, "Enter");
      return terminal.awaitExit(Duration.ofSeconds(60));
    }
  }


  @Test
  void onATerminal_itAsks_noMovesNothing_yesMoves() throws Exception {
    Outage.oneBatchEach(stack.fixture(), "tty-redrive");
    assertEquals("1", answer("tty-redrive", "n", "redrive-no"), "declined: exit 1");
    assertEquals(1, dlqMessages(stack.fixture()), "nothing moved");

    assertEquals("0", answer("tty-redrive", "y", "redrive-yes"));
    assertEquals(0, dlqMessages(stack.fixture()));
    assertEquals(1, stack.fixture().messagesIn(stack.fixture().stack.queueUrl()));
    // Back to QUEUED, out of the failing set, its attempts kept.
    var requeued = stack.fixture().stack.dynamoClient().getItem(b -> b.tableName(stack.fixture().stack.config().tableName())
        .key(Attributes.key("tty-redrive", "B#000002")).consistentRead(true)).item();
    assertEquals("QUEUED", requeued.get(StatusTable.STATUS).s());
    assertEquals("2", requeued.get(StatusTable.ATTEMPTS).n());
    assertEquals(Outage.ERROR, requeued.get(StatusTable.LAST_ERROR).s(), "the last error is kept for the record");
    var counts = Outage.status(stack.fixture(), "tty-redrive").batches();
    assertEquals(0, counts.failing(), counts.toString());
    assertEquals(1, counts.queued(), counts.toString());
    try (LocalWorker worker = stack.fixture().worker(1)) {
      worker.start();
      Await.catalogTerminal(stack.fixture(), "tty-redrive", Duration.ofSeconds(60));
    }
    assertCompletedExactly(stack.fixture(), "tty-redrive", "kitchen-12.csv", 6);
  }
}
