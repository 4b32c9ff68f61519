package dev.enrich.contract.output;

/**
 * What {@code submit --dry-run} prints: docs/schemas/submit-dry-run.schema.json.
 *
 * @param products valid products that would be sent (with {@code --incremental}: the new, changed,
 *     failed and stale ones)
 * @param unchanged with {@code --incremental}, the products that would not be sent; null otherwise
 * @param removed with {@code --incremental}, the catalog's documents the submit would remove; null otherwise
 * @param tokensSaved with {@code --incremental}, the Keepa tokens of the unchanged products, counted as
 *     {@code keepaTokens} is; null otherwise
 */
public record DryRun(String catalogId, String format, long products, long invalid, long skipped, int batchSize,
    String batchSizeReason, int batches, int messages, long messageBytes, int maxMessageBytes, long keepaTokens,
    Cost costPerThousandProducts, String costAssumptions, KeepaForecast keepaForecast, String tokenWait,
    String tokenWaitCost, Long unchanged, Long removed, Long tokensSaved) {

  /** The catalog's Keepa token time at the plan's rate; rate fields null when no rate is known. */
  public record KeepaForecast(Integer ratePerMinute, String rateSource, Integer tokensLeft, Long seconds,
      String text) {}

  /** US dollars per 1,000 products. */
  public record Cost(double sqsUsd, double lambdaUsd, double dynamodbUsd, double totalUsd) {}
}
