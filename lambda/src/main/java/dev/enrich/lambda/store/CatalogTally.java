package dev.enrich.lambda.store;

import dev.enrich.contract.BatchCounts;
import dev.enrich.contract.FailureThreshold;
import dev.enrich.contract.output.CatalogState;
import java.time.Instant;

/**
 * A catalog as the consumer sums it after a batch settles: the catalog item and its progress
 * shards, read together ({@link BatchLedger#tally}). The same sums and the same state rule
 * ({@link CatalogState#of}) as {@code status}.
 *
 * @param maxFailures the catalog's {@code submit --max-failures} as written, or null
 * @param stoppedReason why the consumer stopped it, or null
 * @param completionState the state its completion event reported, or null before one is claimed
 * @param retryRound its {@code retry-failed} round, 0 before any
 */
public record CatalogTally(
    String catalogId,
    String userId,
    String sourceName,
    Instant createdAt,
    long totalProducts,
    long invalidProducts,
    long totalBatches,
    boolean sent,
    boolean cancelled,
    String maxFailures,
    String stoppedReason,
    long succeeded,
    long failed,
    long tokensSpent,
    Instant startedAt,
    BatchCounts batches,
    String completionState,
    int retryRound) {

  /**
   * Every batch is completed or skipped: nothing of the catalog is left to run. Whether the submitter
   * has marked the catalog sent yet does not matter: its batch count is fixed when it registers, so
   * every batch settled means every batch was sent, and the consumer may well finish the last one
   * before the submitter's next write.
   */
  public boolean settled() {
    return batches.completed() + batches.cancelled() >= totalBatches;
  }

  /**
   * True once its failed products pass its {@code --max-failures}: from the counts alone, so a stop
   * not yet recorded (a crash between the count and the stop) still decides the same way.
   */
  public boolean overThreshold() {
    return maxFailures != null && FailureThreshold.parse(maxFailures).exceededBy(failed, totalProducts);
  }

  /** Why it stops or stopped: the recorded reason, else the threshold's. */
  public String stopReason() {
    return stoppedReason != null ? stoppedReason : FailureThreshold.parse(maxFailures).reason(failed, totalProducts);
  }

  /** Its state by the one rule {@code status} follows too; once settled, as {@code status} shows it once sent. */
  public CatalogState state() {
    return CatalogState.of(stoppedReason != null || overThreshold(), cancelled, sent || settled(),
        batches.completed(), totalBatches, failed);
  }
}
