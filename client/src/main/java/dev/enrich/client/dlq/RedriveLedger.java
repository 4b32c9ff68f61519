package dev.enrich.client.dlq;

import dev.enrich.contract.output.BatchRef;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** What the DLQ tools read and write in the status table. */
public interface RedriveLedger {

  /** A batch item as a DLQ listing shows it. */
  record BatchView(String status, int attempts, String lastError) {}

  /** The batch items that exist among {@code batches}. */
  Map<BatchRef, BatchView> describe(Collection<BatchRef> batches);

  boolean catalogExists(String catalogId);

  /**
   * Its message is back in the batch queue: FAILED (or PROCESSING, left by a consumer that died
   * mid-batch) becomes QUEUED, attempts kept, and the batch leaves its shard's failing and
   * processing sets. Returns false, changing nothing, for a batch in any other state or unknown.
   */
  boolean requeue(BatchRef batch, Instant now);

  /**
   * Its message is still in the DLQ after a move that did not finish: QUEUED becomes FAILED again
   * and the batch rejoins its shard's failing set. Returns false, changing nothing, otherwise.
   */
  boolean markFailing(BatchRef batch, Instant now);
}
