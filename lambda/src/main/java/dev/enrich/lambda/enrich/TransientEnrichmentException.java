package dev.enrich.lambda.enrich;

/** The provider could not answer now (throttled past the budget, 5xx, timeout): retry the batch later. */
public class TransientEnrichmentException extends RuntimeException {
  public TransientEnrichmentException(String message) {
    super(message);
  }

  public TransientEnrichmentException(String message, Throwable cause) {
    super(message, cause);
  }
}
