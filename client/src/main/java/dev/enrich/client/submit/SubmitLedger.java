package dev.enrich.client.submit;

import dev.enrich.contract.BatchState;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The submitter's view of the status table (docs/architecture.md section 4). */
public interface SubmitLedger {

  /** The catalog item as a resumed submit needs it. */
  record Existing(String contentHash, int totalBatches, int batchSize, int shardCount, Instant createdAt) {}

  /** Creates the catalog item unless it exists; returns the existing one if it does. */
  Optional<Existing> register(CatalogRegistration registration);

  /** Deletes every item of the catalog, for a submit that replaces it ({@code --force}). */
  void reset(String catalogId);

  /** The state of every batch item written so far, by batch id. */
  Map<String, BatchState> batchStates(String catalogId);

  /** Batch ids some earlier run recorded as sent (its send receipts). */
  Set<String> sentBatches(String catalogId);

  /** Writes PENDING batch items for these ids (none of which exists yet). */
  void addPending(String catalogId, Map<String, Integer> productCountByBatch, Instant now);

  /**
   * Records that SQS accepted these messages: one receipt item per call, listing batch id and
   * message id. Receipts are what a resumed submit skips; the batch items themselves stay PENDING
   * until the consumer takes them, so no write here can race the consumer's.
   */
  void recordSent(String catalogId, Map<String, String> messageIdByBatch, Instant now);

  /** Every batch is queued: the catalog's submit state becomes SENT. */
  void markSent(String catalogId, Instant now);
}
