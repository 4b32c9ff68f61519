package dev.enrich.contract.output;

/**
 * What {@code retry-failed} prints; docs/schemas/retry-failed.schema.json.
 *
 * @param round the retry round (1 for the first), or 0 when the catalog had no failed product
 * @param products the failed products the round sends again
 * @param batches the round's batches
 * @param sent batches this run sent (fewer when it finished a round an earlier run started)
 * @param resumed this run finished a round an earlier run started
 */
public record RetriedFailed(String catalogId, int round, long products, int batches, int sent, boolean resumed) {}
