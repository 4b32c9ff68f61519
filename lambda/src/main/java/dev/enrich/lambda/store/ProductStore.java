package dev.enrich.lambda.store;

import dev.enrich.lambda.enrich.EnrichmentResult;
import java.util.List;
import java.util.Map;

/** Where enriched products live. Writes are upserts by (catalog_id, sku), so a re-delivered batch converges. */
public interface ProductStore {

  /**
   * Upserts one document per result.
   *
   * @throws StoreUnavailableException when the store cannot be reached; the batch is retried later
   */
  void upsert(String catalogId, String batchId, List<EnrichmentResult> results);

  /**
   * Upserts one document per result of a batch with these options; a store that keeps each
   * product's fingerprint (docs/architecture.md section 10) computes it for the Keepa domain the
   * options name. Stores that keep none ignore the options.
   */
  default void upsert(String catalogId, String batchId, Map<String, String> options, List<EnrichmentResult> results) {
    upsert(catalogId, batchId, results);
  }
}
