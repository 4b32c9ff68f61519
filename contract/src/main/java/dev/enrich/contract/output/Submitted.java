package dev.enrich.contract.output;

/**
 * What {@code submit} prints: docs/schemas/submit.schema.json.
 *
 * @param products valid products sent in this submission's batches (with {@code --incremental}: the new,
 *     changed, failed and stale ones)
 * @param unchanged with {@code --incremental}, the file's products not sent; null otherwise
 * @param removed with {@code --incremental}, the catalog's documents removed because the file no longer
 *     has their products; null otherwise
 */
public record Submitted(String trackingId, String catalogId, long products, long invalid, long skipped,
    int batches, int batchSize, String batchSizeReason, int sent, boolean resumed, Long unchanged, Long removed) {

  /** What a submit that was not incremental printed. */
  public Submitted(String trackingId, String catalogId, long products, long invalid, long skipped, int batches,
      int batchSize, String batchSizeReason, int sent, boolean resumed) {
    this(trackingId, catalogId, products, invalid, skipped, batches, batchSize, batchSizeReason, sent, resumed, null,
        null);
  }
}
