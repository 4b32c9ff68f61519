package dev.enrich.client.submit;

import java.time.Instant;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What {@code submit --incremental} needs of the enriched products (docs/architecture.md section
 * 10): the catalog's documents in SKU order, and the removal of those the new file no longer has.
 * {@link MongoProductHistory} is the MongoDB one; tests pass their own.
 */
public interface ProductHistory {

  /**
   * One stored product.
   *
   * @param fingerprint the {@link dev.enrich.contract.Fingerprint} it was enriched from; null for
   *     documents written before fingerprints were stored
   * @param enriched true when its last enrichment succeeded (status ENRICHED)
   * @param enrichedAt when it was last written; null if unknown
   */
  record Stored(String sku, String fingerprint, boolean enriched, Instant enrichedAt) {}

  /**
   * The catalog's documents in ascending SKU order, by the SKUs' UTF-8 bytes (MongoDB's order for
   * strings), streamed; close the stream.
   */
  Stream<Stored> inSkuOrder(String catalogId);

  /** Deletes the catalog's documents whose SKU {@code kept} refuses; returns how many it deleted. */
  long removeAbsent(String catalogId, Predicate<String> kept);
}
