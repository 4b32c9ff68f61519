package dev.enrich.client.dlq;

import static dev.enrich.client.dlq.FakeDeadLetterQueue.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.client.EnrichException;
import dev.enrich.client.InvalidInputException;
import dev.enrich.client.NotFoundException;
import dev.enrich.contract.output.MoveTask;
import dev.enrich.contract.output.RedriveReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The filtered redrive's order of steps, and what a crash at each step leaves behind. */
class FilteredRedriveTest {
  private final List<String> events = new ArrayList<>();
  private final FakeDeadLetterQueue dlq = new FakeDeadLetterQueue(events);
  private final FakeRedriveLedger ledger = new FakeRedriveLedger(events);
  private final FilteredRedrive redrive = new FilteredRedrive(dlq, ledger, Clock.systemUTC(), notice -> { });

  private final DlqMessage a1 = batch("a", 1);
  private final DlqMessage a2 = batch("a", 2);
  private final DlqMessage b1 = batch("b", 1);
  private final DlqMessage a3 = batch("a", 3);

  FilteredRedriveTest() {
    dlq.put(a1, b1, a2, a3);
    ledger.failed(a1, a2, b1, a3);
  }

  private RedriveReport run(String catalog, Integer max) throws InterruptedException {
    return redrive.run(catalog, max, null, false, RedrivePlan.Confirmation.YES, RedriveProgress.NONE);
  }

  /** Every message is in the batch queue or the DLQ (or both): none is lost. */
  private void assertNothingLost() {
    Set<String> everywhere = new HashSet<>(dlq.dlqIds());
    everywhere.addAll(dlq.sourceIds());
    assertEquals(Set.of(a1.messageId(), a2.messageId(), a3.messageId(), b1.messageId()), everywhere, events.toString());
  }

  @Test
  void catalog_movesOnlyItsMessages_withBodyAndAttributes_andLeavesTheOthersVisible() throws Exception {
    RedriveReport report = run("a", null);
    assertEquals(RedriveReport.COMPLETED, report.outcome());
    assertEquals(3, report.messagesMoved());
    assertEquals(3, report.batchesRequeued());
    assertEquals(List.of(a1, a2, a3).stream().map(DlqMessage::messageId).toList(), dlq.sourceIds());
    DlqMessage copy = dlq.source.get(0);
    assertEquals(a1.body(), copy.body());
    assertEquals(a1.attributes(), copy.attributes());
    assertEquals(Set.of(b1.messageId()), dlq.dlqIds());
    assertEquals(1, dlq.visibleInDlq(), "the other catalog's message is visible again at the end");
    assertEquals("FAILED", ledger.states.get(b1.batch()));
    assertEquals("QUEUED", ledger.states.get(a2.batch()));
  }

  @Test
  void eachMessage_isSentThenRequeuedThenDeleted() throws Exception {
    run("a", 1);
    assertEquals(List.of("send a/B#000001", "requeue a/B#000001", "delete a/B#000001"), events);
  }

  @Test
  void max_movesAtMostN_acrossCatalogs() throws Exception {
    RedriveReport report = run(null, 2);
    assertEquals(2, report.messagesMoved());
    assertEquals(List.of(a1.messageId(), b1.messageId()), dlq.sourceIds());
    assertEquals(2, dlq.visibleInDlq(), "the messages past --max are visible again");
  }

  @Test
  void crashWhileSending_leavesTheUnsentInTheDlq() {
    dlq.sendsBeforeCrash = 1;
    assertThrows(IllegalStateException.class, () -> run("a", null));
    assertNothingLost();
    assertEquals(List.of(a1.messageId()), dlq.sourceIds());
    assertTrue(dlq.dlqIds().containsAll(Set.of(a1.messageId(), a2.messageId(), a3.messageId())),
        "nothing was deleted: the sent one is in both queues (a duplicate the consumer absorbs)");
  }

  @Test
  void crashBeforeTheDelete_duplicatesButNeverLoses() {
    dlq.deleteCrashes = true;
    assertThrows(IllegalStateException.class, () -> run("a", null));
    assertNothingLost();
    assertTrue(dlq.dlqIds().contains(a1.messageId()) && dlq.sourceIds().contains(a1.messageId()));
  }

  @Test
  void aMessageSQSWouldNotDelete_isDeletedWhenSeenAgain_notSentTwice() throws Exception {
    dlq.refuseDeleteOnce.add(a1.messageId());
    RedriveReport report = run("a", null);
    assertEquals(3, report.messagesMoved());
    assertEquals(1, dlq.sourceIds().stream().filter(a1.messageId()::equals).count(), dlq.sourceIds().toString());
    assertEquals(Set.of(b1.messageId()), dlq.dlqIds());
  }

  @Test
  void dryRun_andNo_changeNothing() throws Exception {
    RedriveReport dry = redrive.run("a", null, null, true, RedrivePlan.Confirmation.YES, RedriveProgress.NONE);
    assertEquals(RedriveReport.WOULD_MOVE, dry.outcome());
    assertEquals(3, dry.messagesFound());
    List<RedrivePlan> asked = new ArrayList<>();
    RedriveReport no = redrive.run("a", null, null, false, plan -> asked.add(plan) && false, RedriveProgress.NONE);
    assertEquals(RedriveReport.DECLINED, no.outcome());
    assertEquals(3, asked.get(0).messages());
    assertEquals(List.of(), events);
    assertEquals(4, dlq.visibleInDlq());
  }

  @Test
  void aRunningMoveTask_orAnUnknownCatalog_isRefused_andNothingMoves() {
    EnrichException unknown = assertThrows(EnrichException.class, () -> run("nope", null));
    assertInstanceOf(NotFoundException.class, unknown);
    dlq.tasks.add(new MoveTask("t", MoveTask.RUNNING, 1, 4, null, Instant.now(), null));
    EnrichException running = assertThrows(EnrichException.class, () -> run("a", null));
    assertInstanceOf(InvalidInputException.class, running);
    assertEquals(List.of(), events);
  }

  @Test
  void rate_spacesTheMessages() throws Exception {
    long start = System.nanoTime();
    RedriveReport report = redrive.run("a", null, 1, false, RedrivePlan.Confirmation.YES, RedriveProgress.NONE);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(3, report.messagesMoved());
    assertTrue(seconds >= 1.9, "3 messages at 1 a second take at least 2 s, not " + seconds);
  }
}
