package dev.enrich.client.dlq;

import static dev.enrich.client.dlq.Outage.assertCompletedExactly;
import static dev.enrich.client.dlq.Outage.dlqMessages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.Await;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.contract.StatusTable;
import dev.enrich.lambda.store.Attributes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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

  private static String redriveInTmux(String catalogId, Path exitFile) throws Exception {
    String session = "enrich-redrive-" + UUID.randomUUID().toString().substring(0, 8);
    StringBuilder command = new StringBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
        .append(" -jar ").append(System.getProperty("enrich.jar", "target/enrich.jar"))
        .append(" redrive-dlq --catalog ").append(catalogId);
    for (String flag : stack.fixture().flags()) {
      command.append(' ').append(flag);
    }
    command.append("; echo $? > ").append(exitFile).append("; sleep 60");
    run("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "30", "-e", "TERM=xterm-256color",
        "-e", "ENRICH_CONFIG_FILE=" + dir.resolve("no-profile"), "bash", "-c", command.toString());
    return session;
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    return out;
  }

  private static String awaitScreen(String session, String text) throws Exception {
    return Await.until(() -> run("tmux", "capture-pane", "-p", "-t", session), screen -> screen.contains(text),
        Duration.ofSeconds(60), screen -> "the screen to show \"" + text + "\":\n" + screen);
  }

  private static String answer(String catalogId, String answer, String exitName) throws Exception {
    Path exitFile = dir.resolve(exitName);
    String session = redriveInTmux(catalogId, exitFile);
    try {
      String question = awaitScreen(session, "Proceed? [y/N]");
      assertTrue(question.contains("move 1 message from enrich-batches-dlq back to enrich-batches (moved by enrich)"),
          question);
      assertTrue(question.contains(catalogId), question);
      run("tmux", "send-keys", "-t", session, answer, "Enter");
      Await.until(() -> Files.exists(exitFile) && !Files.readString(exitFile).isBlank(), Duration.ofSeconds(60),
          "redrive-dlq to end");
      return Files.readString(exitFile).strip();
    } finally {
      run("tmux", "kill-session", "-t", session);
    }
  }

  @Test
  void onATerminal_itAsks_noMovesNothing_yesMoves() throws Exception {
    Outage.oneBatchEach(stack.fixture(), "tty-redrive");
    assertEquals("1", answer("tty-redrive", "n", "no.exit"), "declined: exit 1");
    assertEquals(1, dlqMessages(stack.fixture()), "nothing moved");

    assertEquals("0", answer("tty-redrive", "y", "yes.exit"));
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
