package dev.enrich.client.dlq;

import static dev.enrich.client.dlq.Outage.assertCompletedExactly;
import static dev.enrich.client.dlq.Outage.dlqMessages;
import static dev.enrich.client.dlq.Outage.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * scripts/runbooks/*.sh as on-call runs them: plain bash over {@code scripts/enrich ... --output
 * json} and exit codes, pointed at a local stack through the environment only.
 */
class RunbooksIT {
  @RegisterExtension
  static final StackExtension stack = new StackExtension(c -> c.withVisibilityTimeoutSeconds(1).withMaxReceiveCount(2));
  private static Path home;

  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    home = Path.of(System.getProperty("enrich.home", "..")).toAbsolutePath().normalize();
  }

  private static Run runbook(String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(home.resolve("scripts/runbooks").resolve(script).toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("runbook-out", ".txt");
    Path err = Files.createTempFile("runbook-err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("ENRICH_"));
    env.putAll(stack.fixture().env());
    env.put("ENRICH_CONFIG_FILE", Files.createTempFile("no-config", "").toString());
    Process p = builder.start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), script + " did not finish");
    Run run = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return run;
  }

  @Test
  @Tag(StackFixture.MOVE_TASKS)
  void queueHealth_thenRedriveAfterOutage_thenHealthyAgain() throws Exception {
    Run healthy = runbook("queue-health.sh");
    assertEquals(0, healthy.exitCode(), healthy.toString());
    assertTrue(healthy.out().contains("queue-health: HEALTHY"), healthy.toString());

    Outage.oneBatchEach(stack.fixture(), "rb-outage-a", "rb-outage-b");
    Run attention = runbook("queue-health.sh");
    assertEquals(1, attention.exitCode(), attention.toString());
    assertTrue(attention.out().contains("ATTENTION: 2 message(s) in the dead-letter queue"), attention.toString());
    assertTrue(attention.out().contains("dead letter"), attention.toString());

    Run neither = runbook("redrive-after-outage.sh");
    assertEquals(2, neither.exitCode(), neither.toString());
    Run dry = runbook("redrive-after-outage.sh", "--dry-run");
    assertEquals(0, dry.exitCode(), dry.toString());
    assertTrue(dry.out().contains("rb-outage-a\t1 batch(es)\tlast errors: " + Outage.ERROR), dry.toString());
    assertTrue(dry.out().contains("rb-outage-b"), dry.toString());
    assertTrue(dry.out().contains("dry run: nothing moved"), dry.toString());
    assertEquals(2, dlqMessages(stack.fixture()));

    try (LocalWorker worker = stack.fixture().worker(2)) {
      worker.start();
      Run redrive = runbook("redrive-after-outage.sh", "--yes", "--rate", "20", "--wait", "60");
      assertEquals(0, redrive.exitCode(), redrive.toString());
      assertTrue(redrive.out().contains("redrive completed (move_task): 2 message(s) moved, 2 batch(es) queued again"),
          redrive.toString());
      assertTrue(redrive.out().contains("rb-outage-a: COMPLETED, 12/12 products done"), redrive.toString());
      assertTrue(redrive.out().contains("done: every affected catalog finished"), redrive.toString());
    }
    assertCompletedExactly(stack.fixture(), "rb-outage-a", "kitchen-12.csv", 6);
    assertCompletedExactly(stack.fixture(), "rb-outage-b", "kitchen-12.csv", 6);
    Run again = runbook("queue-health.sh", "--max-visible", "100");
    assertEquals(0, again.exitCode(), again.toString());
    Run nothing = runbook("redrive-after-outage.sh", "--yes");
    assertEquals(0, nothing.exitCode(), nothing.toString());
    assertTrue(nothing.out().contains("nothing to redrive"), nothing.toString());
  }

  @Test
  void stuckCatalog_inTheDlq_isDiagnosed_thenRedrivenToTheEnd() throws Exception {
    Outage.oneBatchEach(stack.fixture(), "rb-stuck");
    Run diagnosed = runbook("stuck-catalog.sh", "rb-stuck", "--sample", "1");
    assertEquals(1, diagnosed.exitCode(), diagnosed.toString());
    assertTrue(diagnosed.out().contains("1 batch(es) of rb-stuck are in the dead-letter queue"), diagnosed.toString());
    assertTrue(diagnosed.out().contains("B#000002  attempts 2  " + Outage.ERROR), diagnosed.toString());
    assertTrue(diagnosed.out().contains("--redrive --wait"), diagnosed.toString());
    assertEquals(1, dlqMessages(stack.fixture()), "diagnosing consumed nothing");

    try (LocalWorker worker = stack.fixture().worker(2)) {
      worker.start();
      Run fixed = runbook("stuck-catalog.sh", "rb-stuck", "--redrive", "--wait", "60");
      assertEquals(0, fixed.exitCode(), fixed.toString());
      assertTrue(fixed.out().contains("redriven: 1 message(s) back in the batch queue"), fixed.toString());
      assertTrue(fixed.out().contains("finished"), fixed.toString());
    }
    assertCompletedExactly(stack.fixture(), "rb-stuck", "kitchen-12.csv", 6);
    Run done = runbook("stuck-catalog.sh", "rb-stuck");
    assertEquals(0, done.exitCode(), done.toString());
    assertTrue(done.out().contains("not stuck: completed"), done.toString());
    Run unknown = runbook("stuck-catalog.sh", "rb-no-such-catalog");
    assertEquals(3, unknown.exitCode(), unknown.toString());
  }

  @Test
  void stuckCatalog_withoutAConsumer_thenWithItsMessagesGone() throws Exception {
    submit(stack.fixture(), "kitchen-12.csv", "rb-idle", 4);
    Run idle = runbook("stuck-catalog.sh", "rb-idle", "--sample", "1");
    assertEquals(1, idle.exitCode(), idle.toString());
    assertTrue(idle.out().contains("3 message(s) wait in the batch queue but nothing moved"), idle.toString());

    stack.fixture().stack.sqsClient().purgeQueue(b -> b.queueUrl(stack.fixture().stack.queueUrl()));
    Run lost = runbook("stuck-catalog.sh", "rb-idle", "--sample", "1");
    assertEquals(1, lost.exitCode(), lost.toString());
    assertTrue(lost.out().contains("3 batch(es) are queued but neither the batch queue nor the dead-letter queue"),
        lost.toString());
  }
}
