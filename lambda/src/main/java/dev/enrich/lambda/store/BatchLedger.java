package dev.enrich.lambda.store;

import java.time.Instant;
import java.util.Optional;

/**
 * The consumer's view of the status table: batch transitions and exact progress. Every method is
 * idempotent, so a batch delivered twice, or retried after a crash between two calls, is counted once.
 */
public interface BatchLedger {

  /**
   * What the consumer needs to know of a catalog before it spends tokens on one of its batches.
   *
   * @param createdAt when the catalog item was created; a message whose {@code submitted_at} differs
   *     belongs to an earlier submission that {@code submit --force} replaced (null if unknown)
   * @param stopped the consumer stopped it for {@code submit --max-failures}: its batches are drained
   *     as a cancelled catalog's are
   * @param totalProducts its valid products, which a {@code --max-failures} share is of
   */
  record CatalogView(String catalogId, int shardCount, boolean cancelled, Instant createdAt, boolean stopped,
      long totalProducts, int totalBatches) {
    public CatalogView(String catalogId, int shardCount, boolean cancelled, Instant createdAt) {
      this(catalogId, shardCount, cancelled, createdAt, false, 0, 0);
    }

    /** True when a message submitted at {@code submittedAt} is from a replaced submission. */
    public boolean replacedSince(Instant submittedAt) {
      return createdAt != null && submittedAt != null && !createdAt.equals(submittedAt);
    }

    /** Its batches are drained without a lookup: cancelled, or stopped for its failures. */
    public boolean draining() {
      return cancelled || stopped;
    }
  }

  /** Who publishes a catalog's completion event ({@link #claimCompletion}). */
  enum Claim {
    /** This delivery holds the claim: publish, then {@link #completionPublished}. */
    WON,
    /**
     * Another delivery of this same batch holds a live claim and has not published yet: it may be
     * publishing right now, or have died doing so. Come back later (retry the record): by then it is
     * published, or the claim has lapsed and can be won.
     */
    PENDING,
    /** Published, or claimed by another batch, whose own deliveries see it through: nothing to do. */
    TAKEN
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
   * A batch of {@code enrich retry-failed}: its products were counted FAILED once already, so it
   * counts as a batch done and moves the ones that now succeeded from failed to succeeded (products
   * done unchanged), once, as {@link #complete} counts.
   */
  default void completeRetry(String catalogId, String batchId, int shardCount, int succeeded, int failed, long tokens,
      Instant now) {
    throw new UnsupportedOperationException("retry batches need a ledger that recounts");
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
   * The catalog's progress summed from its catalog item and every progress shard (one consistent
   * Query, O(shards)); empty when the catalog item is gone.
   */
  default Optional<CatalogTally> tally(String catalogId) {
    return Optional.empty();
  }

  /**
   * True when every batch its shard counts has settled (completed or skipped): only then can the
   * catalog be finished, so only then is the whole catalog read. One consistent read of the shard.
   */
  default boolean shardSettled(String catalogId, String batchId, int shardCount, int totalBatches) {
    return true;
  }

  /**
   * Marks the submission registered at {@code createdAt} stopped for its failures, with the reason
   * {@code status} shows; false when it already was (or was replaced since). Idempotent.
   */
  default boolean stop(String catalogId, Instant createdAt, String reason, Instant now) {
    return false;
  }

  /**
   * Claims the right to publish the completion event of the submission registered at
   * {@code createdAt}, reporting {@code state}: one conditional write, so of any number of
   * deliveries and concurrent last batches exactly one wins. A claim not marked published lapses
   * after {@code lease} (its holder died between claim and publish) and can then be won again.
   */
  default Claim claimCompletion(String catalogId, Instant createdAt, String batchId, String state, Instant now,
      java.time.Duration lease) {
    return Claim.TAKEN;
  }

  /** Gives up this batch's claim after a failed publish, so the next delivery of any batch can win it. */
  default void releaseCompletion(String catalogId, String batchId) {}

  /** Records that the completion event went out, so no later delivery publishes it again. */
  default void completionPublished(String catalogId, Instant now) {}

  /**
   * Records a failed attempt (the message goes back to SQS); the error must hold no secret.
   * {@code shardCount} 0 means unknown (the catalog could not be read): the shard is left alone.
   */
  void fail(String catalogId, String batchId, int shardCount, String error, Instant now);
}
