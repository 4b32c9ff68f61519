package dev.enrich.cli.submit;

import dev.enrich.lambda.contract.BatchState;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The submitter's view of the status table (ARCHITECTURE.md section 4). */
public interface SubmitLedger {

  /** The catalog item as a resumed submit needs it. */
  record Existing(String contentHash, int totalBatches, int batchSize, int shardCount, Instant createdAt) {}

  /** Creates the catalog item unless it exists; returns the existing one if it does. */
  Optional<Existing> register(CatalogRegistration registration);

  /** The state of every batch item written so far, by batch id. */
  Map<String, BatchState> batchStates(String catalogId);

  /** Writes PENDING batch items for these ids (none of which exists yet). */
  void addPending(String catalogId, Map<String, Integer> productCountByBatch, Instant now);

  /** PENDING -> QUEUED with the message id; a batch the consumer already moved on is left alone. */
  void markQueued(String catalogId, String batchId, String messageId, Instant now);

  /** Every batch is queued: the catalog's submit state becomes SENT. */
  void markSent(String catalogId, Instant now);

}
