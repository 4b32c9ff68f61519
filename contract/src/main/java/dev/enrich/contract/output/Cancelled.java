package dev.enrich.contract.output;

/**
 * What {@code cancel} prints.
 *
 * @param outcome {@code cancelled}, {@code already_cancelled} or {@code already_completed}
 * @param batchesRemaining batches not completed: the consumer skips them, except any it was running
 */
public record Cancelled(String catalogId, String outcome, String state, long productsDone, int totalProducts,
    long succeeded, long failed, long batchesDone, int totalBatches, long batchesRemaining) {}
