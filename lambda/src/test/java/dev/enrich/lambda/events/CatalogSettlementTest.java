package dev.enrich.lambda.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.contract.BatchCounts;
import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CompletionEvent;
import dev.enrich.lambda.store.BatchLedger;
import dev.enrich.lambda.store.CatalogTally;
import dev.enrich.lambda.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a settled batch stops its catalog or publishes its event, and what the event says. */
class CatalogSettlementTest {
  private static final Instant SUBMITTED = Instant.parse("2026-12-03T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-12-03T10:05:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final BatchLedger.CatalogView VIEW =
      new BatchLedger.CatalogView("c", 1, false, SUBMITTED, false, 100, 10);

  /** A ledger answering from fields the test sets, recording the writes. */
  private static final class ScriptedLedger implements BatchLedger {
    boolean shardSettled = true;
    CatalogTally tally;
    BatchLedger.Claim claim = BatchLedger.Claim.WON;
    final List<String> calls = new ArrayList<>();

    @Override
    public Optional<CatalogView> catalog(String catalogId) {
      return Optional.of(VIEW);
    }

    @Override
    public Start start(String catalogId, String batchId, int shardCount, Instant now) {
      return Start.STARTED;
    }

    @Override
    public void complete(String catalogId, String batchId, int shardCount, int succeeded, int failed, Instant now) {}

    @Override
    public void cancel(String catalogId, String batchId, int shardCount, Instant now) {}

    @Override
    public void fail(String catalogId, String batchId, int shardCount, String error, Instant now) {}

    @Override
    public boolean shardSettled(String catalogId, String batchId, int shardCount, int totalBatches) {
      calls.add("shard " + batchId + " of " + totalBatches);
      return shardSettled;
    }

    @Override
    public Optional<CatalogTally> tally(String catalogId) {
      calls.add("tally");
      return Optional.ofNullable(tally);
    }

    @Override
    public boolean stop(String catalogId, Instant createdAt, String reason, Instant now) {
      calls.add("stop " + reason);
      return true;
    }

    @Override
    public Claim claimCompletion(String catalogId, Instant createdAt, String batchId, String state, Instant now,
        java.time.Duration lease) {
      calls.add("claim " + state + " by " + batchId + " for " + lease.toMinutes() + " min");
      return claim;
    }

    @Override
    public void releaseCompletion(String catalogId, String batchId) {
      calls.add("release by " + batchId);
    }

    @Override
    public void completionPublished(String catalogId, Instant now) {
      calls.add("published");
    }
  }

  private static final class Recorder implements CompletionPublisher {
    final List<CompletionEvent> events = new ArrayList<>();

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public void publish(CompletionEvent event) {
      events.add(event);
    }
  }

  private static CatalogTally tally(long completed, long skipped, long failed, String maxFailures, String stopped) {
    return new CatalogTally("c", "seller", "c.csv", SUBMITTED, 100, 2, 10, true, false, maxFailures, stopped,
        completed * 10 - failed, failed, 40, SUBMITTED.plusSeconds(1),
        new BatchCounts(10 - completed - skipped, 0, completed, 0, skipped), null, 0);
  }

  @Test
  void withoutATopicOrAThreshold_nothingIsRead() {
    ScriptedLedger ledger = new ScriptedLedger();
    new CatalogSettlement(ledger, CompletionPublisher.NONE, CLOCK).afterBatch(VIEW, "B#000001", true, Map.of());
    assertEquals(List.of(), ledger.calls);
  }

  @Test
  void aShardNotYetSettled_endsTheCheck_withoutReadingTheCatalog() {
    ScriptedLedger ledger = new ScriptedLedger();
    ledger.shardSettled = false;
    Recorder events = new Recorder();
    new CatalogSettlement(ledger, events, CLOCK).afterBatch(VIEW, "B#000003", false, Map.of());
    assertEquals(List.of("shard B#000003 of 10"), ledger.calls);
    assertTrue(events.events.isEmpty());
  }

  @Test
  void theLastBatch_claimsAndPublishes_theSummary() {
    ScriptedLedger ledger = new ScriptedLedger();
    ledger.tally = tally(10, 0, 4, null, null);
    Recorder events = new Recorder();
    new CatalogSettlement(ledger, events, CLOCK).afterBatch(VIEW, "B#000010", true, Map.of());
    assertEquals(List.of("shard B#000010 of 10", "tally", "claim COMPLETED_WITH_FAILURES by B#000010 for 2 min", "published"),
        ledger.calls);
    CompletionEvent e = events.events.get(0);
    assertEquals(CompletionEvent.eventId("c", SUBMITTED), e.eventId());
    assertEquals(CatalogState.COMPLETED_WITH_FAILURES, e.state());
    assertEquals(96, e.succeeded());
    assertEquals(4, e.failed());
    assertEquals(2, e.invalidProducts());
    assertEquals(40, e.tokensSpent());
    assertEquals(NOW, e.finishedAt());
    assertNull(e.stoppedReason());
  }

  @Test
  void theLastBatch_publishes_evenBeforeTheSubmitterMarksTheCatalogSent() {
    ScriptedLedger ledger = new ScriptedLedger();
    ledger.tally = new CatalogTally("c", "seller", "c.csv", SUBMITTED, 100, 0, 10, false, false, null, null, 100, 0,
        0, SUBMITTED, new BatchCounts(0, 0, 10, 0, 0), null, 0);
    Recorder events = new Recorder();
    new CatalogSettlement(ledger, events, CLOCK).afterBatch(VIEW, "B#000010", false, Map.of());
    assertEquals(1, events.events.size(), "no later batch would publish it: " + ledger.calls);
    assertEquals(CatalogState.COMPLETED, events.events.get(0).state());
  }

  @Test
  void aCatalogWithBatchesLeft_publishesNothing() {
    ScriptedLedger ledger = new ScriptedLedger();
    ledger.tally = tally(9, 0, 0, null, null);
    Recorder events = new Recorder();
    new CatalogSettlement(ledger, events, CLOCK).afterBatch(VIEW, "B#000009", false, Map.of());
    assertEquals(List.of("shard B#000009 of 10", "tally"), ledger.calls);
    assertTrue(events.events.isEmpty());
  }

  @Test
  void aClaimTakenByAnotherBatch_publishesNothing() {
    ScriptedLedger ledger = new ScriptedLedger();
    ledger.tally = tally(10, 0, 0, null, null);
    ledger.claim = BatchLedger.Claim.TAKEN;
    Recorder events = new Recorder();
    new CatalogSettlement(ledger, events, CLOCK).afterBatch(VIEW, "B#000004", true, Map.of());
    assertTrue(events.events.isEmpty());
    assertTrue(!ledger.calls.contains("published"));
  }

  @Test
  void aLiveClaimOfAnotherDeliveryOfThisBatch_isRetriedLater_notPublishedTwice() {
    ScriptedLedger ledger = new ScriptedLedger();
    ledger.tally = tally(10, 0, 0, null, null);
    ledger.claim = BatchLedger.Claim.PENDING;
    Recorder events = new Recorder();
    StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
        () -> new CatalogSettlement(ledger, events, CLOCK).afterBatch(VIEW, "B#000004", true, Map.of()));
    assertTrue(e.getMessage().contains("claimed by another delivery of batch B#000004"), e.getMessage());
    assertTrue(events.events.isEmpty());
  }

  @Test
  void aPublishThatFails_givesTheClaimBack_andFailsTheRecord() {
    ScriptedLedger ledger = new ScriptedLedger();
    ledger.tally = tally(10, 0, 0, null, null);
    CompletionPublisher down = new CompletionPublisher() {
      @Override
      public boolean enabled() {
        return true;
      }

      @Override
      public void publish(CompletionEvent event) {
        throw new StoreUnavailableException("SNS: down", null);
      }
    };
    assertThrows(StoreUnavailableException.class,
        () -> new CatalogSettlement(ledger, down, CLOCK).afterBatch(VIEW, "B#000010", true, Map.of()));
    assertEquals(List.of("shard B#000010 of 10", "tally", "claim COMPLETED by B#000010 for 2 min",
        "release by B#000010"), ledger.calls);
  }

  @Test
  void failuresPastTheThreshold_stopTheCatalog_evenBeforeItSettles() {
    ScriptedLedger ledger = new ScriptedLedger();
    ledger.tally = tally(7, 0, 21, "20%", null);
    Recorder events = new Recorder();
    new CatalogSettlement(ledger, events, CLOCK).afterBatch(VIEW, "B#000007", true,
        Map.of(StatusTable.MAX_FAILURES_OPTION, "20%"));
    assertEquals(List.of("tally", "stop 21 products failed, more than --max-failures 20% of 100 (20)"), ledger.calls,
        "the threshold needs no settled shard; an unsettled catalog publishes nothing yet");
    assertTrue(events.events.isEmpty());
  }

  @Test
  void aStoppedCatalog_endsFailed_withTheReason_onceTheRestIsSkipped() {
    ScriptedLedger ledger = new ScriptedLedger();
    String reason = "21 products failed, more than --max-failures 20% of 100 (20)";
    ledger.tally = tally(7, 3, 21, "20%", reason);
    Recorder events = new Recorder();
    BatchLedger.CatalogView stopped = new BatchLedger.CatalogView("c", 1, false, SUBMITTED, true, 100, 10);
    new CatalogSettlement(ledger, events, CLOCK).afterBatch(stopped, "B#000010", false,
        Map.of(StatusTable.MAX_FAILURES_OPTION, "20%"));
    assertEquals(List.of("shard B#000010 of 10", "tally", "claim FAILED by B#000010 for 2 min", "published"), ledger.calls);
    CompletionEvent e = events.events.get(0);
    assertEquals(CatalogState.FAILED, e.state());
    assertEquals(reason, e.stoppedReason());
    assertEquals(7, e.batchesCompleted());
    assertEquals(3, e.batchesSkipped());
  }

  @Test
  void aCatalogReplacedSinceTheBatchWasRead_isLeftAlone() {
    ScriptedLedger ledger = new ScriptedLedger();
    ledger.tally = new CatalogTally("c", "seller", "c.csv", SUBMITTED.plusSeconds(60), 100, 0, 10, true, false, null,
        null, 100, 0, 0, null, new BatchCounts(0, 0, 10, 0, 0), null, 0);
    Recorder events = new Recorder();
    new CatalogSettlement(ledger, events, CLOCK).afterBatch(VIEW, "B#000010", false, Map.of());
    assertEquals(List.of("shard B#000010 of 10", "tally"), ledger.calls);
    assertTrue(events.events.isEmpty());
  }
}
