package dev.enrich.lambda.store;

import java.time.Instant;
import java.util.Optional;

/**
 * The consumer's view of the status table: batch transitions and exact progress. Every method is
 * idempotent, so a batch delivered twice, or retried after a crash between two calls, is counted once.
 */
public interface BatchLedger {

  /** What the consumer needs to know of a catalog before it spends tokens on one of its batches. */
  /**
   * @param createdAt when the catalog item was created; a message whose {@code submitted_at} differs
   *     belongs to an earlier submission that {@code submit --force} replaced (null if unknown)
   */
  record CatalogView(String catalogId, int shardCount, boolean cancelled, java.time.Instant createdAt) {
    /** True when a message submitted at {@code submittedAt} is from a replaced submission. */
    public boolean replacedSince(java.time.Instant submittedAt) {
      return createdAt != null && submittedAt != null && !createdAt.equals(submittedAt);
    }
  }

  enum Start {
    /** The batch is now PROCESSING; its attempt count went up by one. */
    STARTED,
    /** The batch was completed by an earlier delivery: nothing to do. */
    ALREADY_COMPLETED,
    /** No such batch item: the message does not belong to a submitted catalog. */
    UNKNOWN_BATCH
  }

  Optional<CatalogView> catalog(String catalogId);

  /**
   * Marks the batch PROCESSING and lists it as in progress in its shard (so {@code status} counts
   * batches by state without reading them).
   */
  Start start(String catalogId, String batchId, int shardCount, Instant now);

  /**
   * Counts the batch in its progress shard (once, whatever happens) and marks it COMPLETED.
   * The shard is written first: a crash between the two writes leaves a counted batch that the
   * next delivery marks COMPLETED without counting it again.
   */
  void complete(String catalogId, String batchId, int shardCount, int succeeded, int failed, Instant now);

  /** As {@link #complete(String, String, int, int, int, Instant)}, adding the tokens the batch spent, once. */
  default void complete(String catalogId, String batchId, int shardCount, int succeeded, int failed, long tokens,
      Instant now) {
    complete(catalogId, batchId, shardCount, succeeded, failed, now);
  }

  /**
   * Claims {@code tokens} of the catalog's {@code budget} for one batch: true when they fit (or this
   * batch claimed before: a delivery again claims nothing more), false when the budget is spent.
   * Concurrent batches cannot claim past the budget together.
   */
  default boolean claimTokens(String catalogId, String batchId, long tokens, long budget) {
    return tokens <= budget;
  }

  /** Marks a batch of a cancelled catalog CANCELLED, unless it already completed. */
  void cancel(String catalogId, String batchId, int shardCount, Instant now);

  /**
   * Records a failed attempt (the message goes back to SQS); the error must hold no secret.
   * {@code shardCount} 0 means unknown (the catalog could not be read): the shard is left alone.
   */
  void fail(String catalogId, String batchId, int shardCount, String error, Instant now);
}
