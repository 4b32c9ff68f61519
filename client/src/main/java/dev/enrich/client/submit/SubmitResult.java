package dev.enrich.client.submit;

/**
 * What a submit did.
 *
 * <pre>{@code
 * SubmitResult sent = client.submit("spring-2026", "seller-42", products);
 * log.info("{}: {} products, {} batches, {} sent now", sent.catalogId(), sent.products(), sent.batches(), sent.sent());
 * }</pre>
 *
 * @param sent batches sent by this run (fewer than {@code batches} when a submit is resumed)
 * @param resumed true when the catalog item already existed with the same content
 * @param products the valid products sent in this submission's batches (of an incremental submit:
 *     the new, changed, failed and stale ones)
 * @param unchanged of an incremental submit, the products not sent: MongoDB holds them enriched from
 *     the same input within the max age; 0 otherwise
 * @param removed of an incremental submit, the catalog's documents deleted because the file no longer
 *     has their products; 0 otherwise
 */
public record SubmitResult(String catalogId, int products, int invalid, int batches, int batchSize,
    String sizeReason, int sent, boolean resumed, int unchanged, long removed) {

  /** The result of a submit that was not incremental. */
  public SubmitResult(String catalogId, int products, int invalid, int batches, int batchSize, String sizeReason,
      int sent, boolean resumed) {
    this(catalogId, products, invalid, batches, batchSize, sizeReason, sent, resumed, 0, 0);
  }
}
