package dev.enrich.client.dlq;

/**
 * The batch queue and the dead-letter queue its {@code RedrivePolicy} names.
 *
 * @param maxReceiveCount receives after which SQS moves a message to the DLQ
 */
public record QueuePair(String sourceUrl, String sourceArn, String dlqUrl, String dlqArn, int maxReceiveCount) {

  public String sourceName() {
    return nameOf(sourceArn);
  }

  public String dlqName() {
    return nameOf(dlqArn);
  }

  /** The queue name of an SQS ARN ({@code arn:aws:sqs:REGION:ACCOUNT:NAME}). */
  static String nameOf(String arn) {
    return arn.substring(arn.lastIndexOf(':') + 1);
  }

  /** The account id of an SQS ARN, or null if it has none. */
  static String accountOf(String arn) {
    String[] parts = arn.split(":");
    return parts.length == 6 && !parts[4].isBlank() ? parts[4] : null;
  }
}
