package dev.enrich.contract.output;

import dev.enrich.contract.BatchCounts;
import java.time.Instant;
import java.util.List;

/**
 * Progress of one catalog, summed from its progress shards.
 *
 * @param tokensSpent Keepa tokens its counted batches spent, as Keepa reported them
 * @param tokenBudget its {@code submit --max-tokens}, or null
 * @param marketplaces the codes of the marketplaces its batches go to; empty for catalogs submitted
 *     before marketplaces were recorded (the consumer's default applied)
 * @param maxFailures its {@code submit --max-failures} as written ({@code 5%}), or null
 * @param stoppedReason why the consumer stopped it (state FAILED), or null
 * @param unchangedProducts of a round submitted with {@code --incremental}: the file's products not
 *     sent, since MongoDB held them enriched from the same input; null for other submits
 * @param removedProducts of such a round: the catalog's documents removed because the file no longer
 *     had their products; null for other submits
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
    Long tokenBudget,
    List<String> marketplaces,
    String maxFailures,
    String stoppedReason,
    Integer unchangedProducts,
    Integer removedProducts) {

  public CatalogStatus {
    marketplaces = marketplaces == null ? List.of() : List.copyOf(marketplaces);
  }

  /** Of a catalog whose round sent every product (not {@code --incremental}), without a failure threshold. */
  public CatalogStatus(String catalogId, String userId, String sourceName, CatalogState state, int totalProducts,
      int invalidProducts, int totalBatches, int batchSize, long productsDone, long succeeded, long failed,
      long batchesDone, BatchCounts batches, Instant submittedAt, Instant startedAt, Instant updatedAt,
      long tokensSpent, Long tokenBudget, List<String> marketplaces) {
    this(catalogId, userId, sourceName, state, totalProducts, invalidProducts, totalBatches, batchSize, productsDone,
        succeeded, failed, batchesDone, batches, submittedAt, startedAt, updatedAt, tokensSpent, tokenBudget,
        marketplaces, null, null, null, null);
  }

  /** Without token figures or recorded marketplaces (a provider that spends none, or tests). */
  public CatalogStatus(String catalogId, String userId, String sourceName, CatalogState state, int totalProducts,
      int invalidProducts, int totalBatches, int batchSize, long productsDone, long succeeded, long failed,
      long batchesDone, BatchCounts batches, Instant submittedAt, Instant startedAt, Instant updatedAt) {
    this(catalogId, userId, sourceName, state, totalProducts, invalidProducts, totalBatches, batchSize, productsDone,
        succeeded, failed, batchesDone, batches, submittedAt, startedAt, updatedAt, 0, null, List.of(), null, null, null, null);
  }

  /** "amazon.com, amazon.de", or null when none is recorded: for the text outputs. */
  public static String describeMarketplaces(List<String> codes) {
    return codes.isEmpty() ? null : String.join(", ", codes.stream().map(c -> "amazon." + c).toList());
  }
}
