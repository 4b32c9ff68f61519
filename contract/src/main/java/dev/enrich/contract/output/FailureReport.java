package dev.enrich.contract.output;

import java.util.List;

/**
 * What failed in a catalog ({@code status --failures}); docs/schemas/failures.schema.json.
 *
 * @param failedBatches batches whose last attempt failed (retried by SQS, or in the DLQ)
 * @param failedProducts products the provider could not enrich, with its reason (first {@code limit})
 * @param failedProductsTotal all failed products of the catalog; null when MongoDB is not configured
 */
public record FailureReport(
    String catalogId,
    List<BatchPage.Batch> failedBatches,
    List<FailedProduct> failedProducts,
    Long failedProductsTotal) {

  /**
   * A product the provider could not enrich, as its MongoDB document records it: the catalog line it
   * came from, the batch that carried it and the provider's reason.
   */
  public record FailedProduct(String sku, long line, String batchId, String reason) {}
}
