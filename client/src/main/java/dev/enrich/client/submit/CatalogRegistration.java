package dev.enrich.client.submit;

import dev.enrich.contract.Marketplace;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the catalog item records when a submit starts.
 *
 * @param marketplaces the codes of the marketplaces the catalog's batches are looked up in, in Keepa's
 *     domain order; empty where the messages leave it to the consumer's default
 * @param unchangedProducts of an incremental submit, the products not sent (null otherwise)
 * @param removedProducts of an incremental submit, the documents of products the file no longer has
 *     (null otherwise)
 */
public record CatalogRegistration(
    String catalogId,
    String userId,
    String sourceName,
    String contentHash,
    int totalProducts,
    int invalidProducts,
    int totalBatches,
    int batchSize,
    int shardCount,
    Map<String, String> options,
    Instant createdAt,
    List<String> marketplaces,
    Integer unchangedProducts,
    Integer removedProducts) {

  public CatalogRegistration {
    marketplaces = marketplaces == null ? List.of() : List.copyOf(marketplaces);
  }

  /** A catalog whose every product is sent (not incremental). */
  public CatalogRegistration(String catalogId, String userId, String sourceName, String contentHash,
      int totalProducts, int invalidProducts, int totalBatches, int batchSize, int shardCount,
      Map<String, String> options, Instant createdAt, List<String> marketplaces) {
    this(catalogId, userId, sourceName, contentHash, totalProducts, invalidProducts, totalBatches, batchSize,
        shardCount, options, createdAt, marketplaces, null, null);
  }

  /** A catalog whose every batch has the marketplace its options name, if they name one. */
  public CatalogRegistration(String catalogId, String userId, String sourceName, String contentHash,
      int totalProducts, int invalidProducts, int totalBatches, int batchSize, int shardCount,
      Map<String, String> options, Instant createdAt) {
    this(catalogId, userId, sourceName, contentHash, totalProducts, invalidProducts, totalBatches, batchSize,
        shardCount, options, createdAt, Marketplace.fromOptions(options).map(Marketplace::code).stream().toList());
  }
}
