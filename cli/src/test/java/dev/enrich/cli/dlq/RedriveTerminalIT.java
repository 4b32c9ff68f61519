package dev.enrich.cli.dlq;

import static dev.enrich.cli.dlq.Outage.assertCompletedExactly;
import static dev.enrich.cli.dlq.Outage.awaitTerminal;
import static dev.enrich.cli.dlq.Outage.dlqMessages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.local.LocalWorker;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.lambda.store.Attributes;
import dev.enrich.contract.StatusTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a terminal, {@code redrive-dlq} without --yes asks first: the jar runs in a tmux pane, the
 * test reads the question off the screen and types the answer.
 */
class RedriveTerminalIT {
  private static StackFixture fixture;
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    fixture = new StackFixture(c -> c.withVisibilityTimeoutSeconds(1).withMaxReceiveCount(2));
    dir = Files.createTempDirectory("enrich-tmux-");
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static String redriveInTmux(String catalogId, Path exitFile) throws Exception {
    String session = "enrich-redrive-" + UUID.randomUUID().toString().substring(0, 8);
    StringBuilder command = new StringBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
        .append(" -jar ").append(System.getProperty("enrich.jar", "target/enrich.jar"))
        .append(" redrive-dlq --catalog ").append(catalogId);
    for (String flag : fixture.flags()) {
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
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      String screen = run("tmux", "capture-pane", "-p", "-t", session);
      if (screen.contains(text)) {
        return screen;
      }
      assertTrue(System.nanoTime() < deadline, "never showed \"" + text + "\":\n" + screen);
      Thread.sleep(200);
    }
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
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Files.exists(exitFile) || Files.readString(exitFile).isBlank()) {
        assertTrue(System.nanoTime() < deadline, "redrive-dlq never ended");
        Thread.sleep(200);
      }
      return Files.readString(exitFile).strip();
    } finally {
      run("tmux", "kill-session", "-t", session);
    }
  }

  @Test
  void onATerminal_itAsks_noMovesNothing_yesMoves() throws Exception {
    Outage.oneBatchEach(fixture, "tty-redrive");
    assertEquals("1", answer("tty-redrive", "n", "no.exit"), "declined: exit 1");
    assertEquals(1, dlqMessages(fixture), "nothing moved");

    assertEquals("0", answer("tty-redrive", "y", "yes.exit"));
    assertEquals(0, dlqMessages(fixture));
    assertEquals(1, fixture.messagesIn(fixture.stack.queueUrl()));
    // Back to QUEUED, out of the failing set, its attempts kept.
    var requeued = fixture.stack.dynamoClient().getItem(b -> b.tableName(fixture.stack.config().tableName())
        .key(Attributes.key("tty-redrive", "B#000002")).consistentRead(true)).item();
    assertEquals("QUEUED", requeued.get(StatusTable.STATUS).s());
    assertEquals("2", requeued.get(StatusTable.ATTEMPTS).n());
    assertEquals(Outage.ERROR, requeued.get(StatusTable.LAST_ERROR).s(), "the last error is kept for the record");
    var counts = Outage.status(fixture, "tty-redrive").batches();
    assertEquals(0, counts.failing(), counts.toString());
    assertEquals(1, counts.queued(), counts.toString());
    try (LocalWorker worker = fixture.worker(1)) {
      worker.start();
      awaitTerminal(fixture, "tty-redrive", Duration.ofSeconds(60));
    }
    assertCompletedExactly(fixture, "tty-redrive", 12, 6);
  }
}
