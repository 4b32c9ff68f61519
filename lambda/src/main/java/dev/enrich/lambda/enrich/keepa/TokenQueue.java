package dev.enrich.lambda.enrich.keepa;

/**
 * The arithmetic of deferred batches waiting for Keepa's refills: each deferred batch adds its
 * tokens to a demand that the refills drain, and a batch deferred now comes back after the refills
 * that cover its own deficit and that demand. Without the queue every deferred copy would come
 * back at the next refill, find the tokens taken by the others, and be deferred again.
 */
final class TokenQueue {
  private TokenQueue() {}

  /** The deferred demand left of {@code demand} after {@code elapsedMillis} of refills. */
  static double drained(double demand, double elapsedMillis, int refillRate, long periodMillis) {
    if (refillRate <= 0) {
      return demand;
    }
    return Math.max(0, demand - elapsedMillis / periodMillis * refillRate);
  }

  /** In how many milliseconds a batch of {@code needed} tokens, deferred now behind {@code demand}, should come back. */
  static long comeBack(long needed, long available, double demand, int refillRate, long untilRefillMillis,
      long periodMillis) {
    double ahead = needed - available + demand;
    long refills = refillRate > 0 ? (long) Math.ceil(ahead / refillRate) : 1;
    return untilRefillMillis + Math.max(0, refills - 1) * periodMillis;
  }
}
