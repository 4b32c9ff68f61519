package dev.enrich.client.submit;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether {@code submit --incremental} leaves a product out (docs/architecture.md section 10): only
 * when MongoDB holds it enriched, from the same fingerprint, less than the max age ago. New, changed,
 * failed and stale products are sent, and so is a document without a fingerprint (written before
 * they were stored), since nothing says what it was enriched from.
 */
public final class IncrementalDecision {
  private IncrementalDecision() {}

  /** True when the product with {@code fingerprint} need not be sent, given what is stored of it (or null). */
  public static boolean unchanged(ProductHistory.Stored stored, String fingerprint, Instant now, Duration maxAge) {
    return stored != null
        && stored.enriched()
        && stored.fingerprint() != null
        && stored.fingerprint().equals(fingerprint)
        && stored.enrichedAt() != null
        && stored.enrichedAt().isAfter(now.minus(maxAge));
  }
}
