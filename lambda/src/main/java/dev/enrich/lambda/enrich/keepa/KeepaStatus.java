package dev.enrich.lambda.enrich.keepa;

import java.time.Instant;

/**
 * The token account as Keepa last reported it: {@code tokensLeft} (negative when in debt),
 * {@code refillInMillis} until the next refill, {@code refillRate} tokens per refill (per minute on
 * Keepa), as of {@code observedAt} here and {@code serverMillis} (the answer's {@code timestamp}) there.
 */
public record KeepaStatus(int tokensLeft, long refillInMillis, int refillRate, Instant observedAt, long serverMillis) {

  /**
   * The more recent of two reports. Answers to concurrent requests arrive in any order; an older
   * one must not bring back tokens that a newer one has already spent.
   */
  public static KeepaStatus newer(KeepaStatus a, KeepaStatus b) {
    if (a == null) {
      return b;
    }
    if (b.serverMillis() != a.serverMillis()) {
      return b.serverMillis() > a.serverMillis() ? b : a;
    }
    return b.tokensLeft() <= a.tokensLeft() ? b : a;
  }
}
