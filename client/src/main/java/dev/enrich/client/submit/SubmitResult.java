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
 */
public record SubmitResult(
    String catalogId, int products, int invalid, int batches, int batchSize, String sizeReason, int sent, boolean resumed) {}
