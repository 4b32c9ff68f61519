package dev.enrich.contract.output;

/** What {@code submit} prints: docs/schemas/submit.schema.json. */
public record Submitted(String trackingId, String catalogId, long products, long invalid, long skipped,
    int batches, int batchSize, String batchSizeReason, int sent, boolean resumed) {}
