package dev.enrich.contract.output;

import java.time.Instant;
import java.util.List;

/**
 * One page of a catalog's batch items ({@code status --batches}); docs/schemas/batches.schema.json.
 *
 * @param next the batch id to pass as {@code --after} for the next page, or null on the last page
 */
public record BatchPage(String catalogId, List<Batch> batches, String next) {
  /**
   * One batch item of the status table: its state, how many of its products succeeded and failed once
   * a consumer has finished it (null before), its delivery attempts and the last error it reported.
   */
  public record Batch(String batchId, String status, int productCount, Integer succeeded, Integer failed,
      int attempts, String lastError, Instant updatedAt) {}
}
