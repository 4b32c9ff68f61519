package dev.enrich.cli.track;

import java.time.Instant;

/**
 * Progress of one catalog, summed from its progress shards.
 *
 * @param tokensSpent Keepa tokens its counted batches spent, as Keepa reported them
 * @param tokenBudget its {@code submit --max-tokens}, or null
 */
public record CatalogStatus(
    String catalogId,
    String userId,
    String sourceName,
    CatalogState state,
    int totalProducts,
    int invalidProducts,
    int totalBatches,
    int batchSize,
    long productsDone,
    long succeeded,
    long failed,
    long batchesDone,
    BatchCounts batches,
    Instant submittedAt,
    Instant startedAt,
    Instant updatedAt,
    long tokensSpent,
    Long tokenBudget) {

  /** Without token figures (a provider that spends none, or tests). */
  public CatalogStatus(String catalogId, String userId, String sourceName, CatalogState state, int totalProducts,
      int invalidProducts, int totalBatches, int batchSize, long productsDone, long succeeded, long failed,
      long batchesDone, BatchCounts batches, Instant submittedAt, Instant startedAt, Instant updatedAt) {
    this(catalogId, userId, sourceName, state, totalProducts, invalidProducts, totalBatches, batchSize, productsDone,
        succeeded, failed, batchesDone, batches, submittedAt, startedAt, updatedAt, 0, null);
  }
}
