package dev.enrich.lambda.store;

/** A store (MongoDB, DynamoDB) failed or could not be reached: the batch is retried through SQS. */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
