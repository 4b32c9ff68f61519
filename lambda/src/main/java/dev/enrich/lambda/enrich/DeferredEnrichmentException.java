package dev.enrich.lambda.enrich;

import java.time.Duration;

/**
 * The provider cannot serve a batch soon (its plan's tokens will not be there within the short
 * wait allowed): not a failure. The batch is to come back after {@link #retryAfter()}, without its
 * delivery counting toward the dead-letter queue and without anything spent or counted for it.
 */
public final class DeferredEnrichmentException extends RuntimeException {
  private final Duration retryAfter;

  public DeferredEnrichmentException(String message, Duration retryAfter) {
    super(message, null, false, false);
    this.retryAfter = retryAfter;
  }

  /** When the provider expects to be able to serve the batch, from now. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
