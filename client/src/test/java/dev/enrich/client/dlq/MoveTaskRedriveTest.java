package dev.enrich.client.dlq;

import static dev.enrich.client.dlq.FakeDeadLetterQueue.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.contract.output.MoveTask;
import dev.enrich.contract.output.RedriveReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The move-task redrive marks batches before the task, and puts back what an early end left behind. */
class MoveTaskRedriveTest {
  private final List<String> events = new ArrayList<>();
  private final List<String> notices = new ArrayList<>();
  private final FakeDeadLetterQueue dlq = new FakeDeadLetterQueue(events);
  private final FakeRedriveLedger ledger = new FakeRedriveLedger(events);
  private final MoveTaskRedrive redrive = new MoveTaskRedrive(dlq, ledger, Clock.systemUTC(), Duration.ofMillis(10),
      notices::add);
  private final DlqMessage a1 = batch("a", 1);
  private final DlqMessage b1 = batch("b", 1);

  MoveTaskRedriveTest() {
    dlq.put(a1, b1);
    ledger.failed(a1, b1);
  }

  @Test
  void batchesAreRequeued_beforeTheTaskStarts_andAllMessagesMove() throws Exception {
    RedriveReport report = redrive.run(7, false, RedrivePlan.Confirmation.YES, RedriveProgress.NONE);
    assertEquals(RedriveReport.COMPLETED, report.outcome());
    assertEquals(List.of("requeue a/B#000001", "requeue b/B#000001", "start task"), events);
    assertEquals(2, report.messagesMoved());
    assertEquals(2, report.batchesRequeued());
    assertEquals(7, report.task().maxPerSecond());
    assertEquals(0, report.dlqDepthAfter());
    assertEquals(2, dlq.source.size());
  }

  @Test
  void aTaskSqsRefusesToStart_leavesTheBatchesFailing() {
    FakeDeadLetterQueue refusing = new FakeDeadLetterQueue(events) {
      @Override
      public String startMoveTask(Integer maxPerSecond) {
        throw new IllegalStateException("refused");
      }
    };
    refusing.put(a1);
    MoveTaskRedrive failing = new MoveTaskRedrive(refusing, ledger, Clock.systemUTC(), Duration.ofMillis(10),
        notices::add);
    assertThrows(IllegalStateException.class,
        () -> failing.run(null, false, RedrivePlan.Confirmation.YES, RedriveProgress.NONE));
    assertEquals(List.of("requeue a/B#000001", "failing a/B#000001"), events);
    assertEquals("FAILED", ledger.states.get(a1.batch()));
  }

  @Test
  void aMessageThatIsNotABatch_isMovedToo_withAWarning() throws Exception {
    dlq.put(new DlqMessage("poison", null, "{not a batch", java.util.Map.of(), null, null, null, "not JSON", 3,
        Instant.now()));
    RedriveReport dry = redrive.run(null, true, RedrivePlan.Confirmation.YES, RedriveProgress.NONE);
    assertEquals(3, dry.messagesFound());
    assertEquals(2, dry.batches().size());
    assertTrue(notices.get(0).startsWith("1 of these messages is not a batch the consumer reads"), notices.toString());
  }

  @Test
  void anEmptyDlq_startsNoTask() throws Exception {
    dlq.dlq.clear();
    RedriveReport report = redrive.run(null, false, RedrivePlan.Confirmation.YES, RedriveProgress.NONE);
    assertEquals(RedriveReport.NOTHING_TO_MOVE, report.outcome());
    assertEquals(List.of(), events);
  }

  @Test
  void aTaskAlreadyRunning_isFollowed_notStartedAgain() throws Exception {
    dlq.tasks.add(new MoveTask("t-1", MoveTask.RUNNING, 1, 2, null, Instant.now(), null));
    Thread finisher = new Thread(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
      dlq.tasks.set(0, new MoveTask("t-1", MoveTask.COMPLETED, 2, 0, null, Instant.now(), null));
    });
    finisher.start();
    RedriveReport report = redrive.run(null, false, RedrivePlan.Confirmation.YES, RedriveProgress.NONE);
    finisher.join();
    assertEquals(RedriveReport.COMPLETED, report.outcome());
    assertEquals(List.of(), events, "no scan-and-mark, no second task");
    assertTrue(notices.get(0).contains("following it"), notices.toString());
  }

  @Test
  void cancel_stopsTheTask_andSetsTheBatchesStillInTheDlqBackToFailed() throws Exception {
    ledger.states.put(a1.batch(), "QUEUED");
    ledger.states.put(b1.batch(), "QUEUED");
    dlq.tasks.add(new MoveTask("t-1", MoveTask.RUNNING, 0, 2, 1, Instant.now(), null));
    RedriveReport report = redrive.cancel();
    assertEquals(RedriveReport.CANCELLED, report.outcome());
    assertEquals(List.of("cancel t-1", "failing a/B#000001", "failing b/B#000001"), events);
    assertEquals(2, report.batchesRestored());
    assertEquals(2, dlq.visibleInDlq(), "the scan made every message visible again");
  }

  @Test
  void cancel_withoutARunningTask_changesNothing() throws Exception {
    RedriveReport report = redrive.cancel();
    assertEquals(RedriveReport.NOTHING_TO_CANCEL, report.outcome());
    assertEquals(List.of(), events);
  }
}
