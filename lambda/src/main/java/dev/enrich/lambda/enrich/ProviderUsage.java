package dev.enrich.lambda.enrich;

/**
 * What one {@code enrich} call cost at the source: tokens the source reported consumed, and the
 * throttling answers (HTTP 429) it got. Reported per batch as metrics.
 */
public record ProviderUsage(long tokensConsumed, long throttled) {
  public static final ProviderUsage NONE = new ProviderUsage(0, 0);
}
