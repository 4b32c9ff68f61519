package dev.enrich.lambda.store;

import dev.enrich.lambda.enrich.EnrichmentResult;
import java.util.List;

/** Where enriched products live. Writes are upserts by (catalog_id, sku), so a re-delivered batch converges. */
public interface ProductStore {

  /**
   * Upserts one document per result.
   *
   * @throws StoreUnavailableException when the store cannot be reached; the batch is retried later
   */
  void upsert(String catalogId, String batchId, List<EnrichmentResult> results);
}
