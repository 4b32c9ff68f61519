package dev.enrich.lambda.events;

import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CompletionEvent;
import dev.enrich.lambda.store.BatchLedger;
import dev.enrich.lambda.store.CatalogTally;
import dev.enrich.lambda.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * After a batch settles (counted, skipped, or found counted by a duplicate delivery): stops the
 * catalog once its failures pass {@code --max-failures}, and publishes its completion event when
 * nothing of it is left to run. Both decisions come from the counts alone (one consistent read of
 * the catalog item and its shards), and both writes are conditional, so duplicates, crashes and
 * concurrent last batches stop a catalog once and publish one event.
 *
 * <p>Costs: nothing for a catalog without {@code --max-failures} on a stack without a topic; else
 * one read of the batch's shard per batch, and the catalog's shards only when that shard has
 * settled or the batch had failures under a threshold.
 */
public final class CatalogSettlement {
  /**
   * How long a claim stays its holder's without being marked published: far longer than a publish
   * takes, shorter than a record's visibility timeout, so a delivery that died mid-publish is
   * followed by one that can win the claim again.
   */
  static final Duration CLAIM_LEASE = Duration.ofMinutes(2);

  private final BatchLedger ledger;
  private final CompletionPublisher publisher;
  private final Clock clock;

  public CatalogSettlement(BatchLedger ledger, CompletionPublisher publisher, Clock clock) {
    this.ledger = ledger;
    this.publisher = publisher;
    this.clock = clock;
  }

  /**
   * Called once a batch of {@code catalog} has settled.
   *
   * @param mayHaveFailed the batch had failed products, or its outcome is unknown here (a duplicate)
   * @param options the batch's options (its catalog's submit options)
   */
  public void afterBatch(BatchLedger.CatalogView catalog, String batchId, boolean mayHaveFailed,
      Map<String, String> options) {
    boolean threshold = mayHaveFailed && !catalog.stopped() && options.containsKey(StatusTable.MAX_FAILURES_OPTION);
    if (!threshold && !publisher.enabled()) {
      return;
    }
    if (!threshold && !ledger.shardSettled(catalog.catalogId(), batchId, catalog.shardCount(), catalog.totalBatches())) {
      return;
    }
    Optional<CatalogTally> read = ledger.tally(catalog.catalogId());
    if (read.isEmpty() || catalog.createdAt() == null || !catalog.createdAt().equals(read.get().createdAt())) {
      return; // removed, or replaced by a newer submission since this batch's was read
    }
    CatalogTally tally = read.get();
    if (tally.stoppedReason() == null && tally.overThreshold()) {
      ledger.stop(catalog.catalogId(), catalog.createdAt(), tally.stopReason(), clock.instant());
    }
    if (!publisher.enabled() || !tally.settled()) {
      return;
    }
    CatalogState state = tally.state();
    Instant now = clock.instant();
    switch (ledger.claimCompletion(catalog.catalogId(), catalog.createdAt(), batchId, state.name(), now, CLAIM_LEASE)) {
      case TAKEN -> {
        return;
      }
      case PENDING -> throw new StoreUnavailableException("the completion event of catalog " + catalog.catalogId()
          + " is claimed by another delivery of batch " + batchId + " and not published yet; retried later", null);
      case WON -> {
        // published below
      }
    }
    try {
      publisher.publish(event(tally, state, now));
    } catch (RuntimeException e) {
      try {
        ledger.releaseCompletion(catalog.catalogId(), batchId);
      } catch (StoreUnavailableException ignored) {
        // The claim lapses after CLAIM_LEASE instead.
      }
      throw e;
    }
    ledger.completionPublished(catalog.catalogId(), clock.instant());
  }

  static CompletionEvent event(CatalogTally t, CatalogState state, Instant finishedAt) {
    return new CompletionEvent(CompletionEvent.SCHEMA_VERSION, CompletionEvent.eventId(t.catalogId(), t.createdAt(), t.retryRound()),
        t.catalogId(), t.userId(), t.sourceName(), state, state == CatalogState.FAILED ? t.stopReason() : null,
        t.totalProducts(), t.invalidProducts(), t.succeeded(), t.failed(), t.totalBatches(), t.batches().completed(),
        t.batches().cancelled(), t.tokensSpent(), t.createdAt(), t.startedAt(), finishedAt);
  }
}
