package dev.enrich.contract.output;

/** What {@code submit --dry-run} prints: docs/schemas/submit-dry-run.schema.json. */
public record DryRun(String catalogId, String format, long products, long invalid, long skipped, int batchSize,
    String batchSizeReason, int batches, int messages, long messageBytes, int maxMessageBytes, long keepaTokens,
    Cost costPerThousandProducts, String costAssumptions, KeepaForecast keepaForecast, String tokenWait,
    String tokenWaitCost) {

  /** The catalog's Keepa token time at the plan's rate; rate fields null when no rate is known. */
  public record KeepaForecast(Integer ratePerMinute, String rateSource, Integer tokensLeft, Long seconds,
      String text) {}

  /** US dollars per 1,000 products. */
  public record Cost(double sqsUsd, double lambdaUsd, double dynamodbUsd, double totalUsd) {}
}
