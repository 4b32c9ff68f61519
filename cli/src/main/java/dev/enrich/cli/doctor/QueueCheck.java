package dev.enrich.cli.doctor;

import dev.enrich.contract.output.CheckResult;
import java.util.Optional;

/**
 * The batch queue and its DLQ: both exist, the queue's RedrivePolicy points at the DLQ, the DLQ
 * keeps messages longer than the queue (a message's expiry counts from its first enqueue, so a DLQ
 * with the same retention drops what it receives at once:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html),
 * and the queue's visibility timeout is at least six times the function timeout when that is known
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
 */
public final class QueueCheck implements Check {
  static final String NAME = "queue";
  /** Lambda's rule for an SQS event source: visibility timeout at least 6 x the function timeout. */
  static final int VISIBILITY_FACTOR = 6;

  private final QueueDirectory queues;
  private final String queue;
  private final Integer functionTimeoutSeconds;
  private final String howToCreate;
  private final boolean localEndpoint;

  /**
   * @param functionTimeoutSeconds the consumer's timeout, or null when unknown (that part is skipped)
   * @param howToCreate what creates the queues where these settings point ({@code enrich local up}, the deploy script)
   * @param localEndpoint the queues are on a local server: ElasticMQ ignores MessageRetentionPeriod (it lists it
   *     among its unsupported attributes and never expires a message), so retention is not compared there
   */
  public QueueCheck(QueueDirectory queues, String queue, Integer functionTimeoutSeconds, String howToCreate,
      boolean localEndpoint) {
    this.queues = queues;
    this.queue = queue;
    this.functionTimeoutSeconds = functionTimeoutSeconds;
    this.howToCreate = howToCreate;
    this.localEndpoint = localEndpoint;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult run() {
    Optional<QueueDirectory.QueueFacts> found = queues.find(queue);
    if (found.isEmpty()) {
      return CheckResult.fail(NAME, "queue " + queue + " does not exist",
          "create it: " + howToCreate + "; or check --queue and --profile");
    }
    QueueDirectory.QueueFacts source = found.get();
    if (source.deadLetterTargetArn() == null) {
      return CheckResult.fail(NAME, "queue " + source.name() + " has no dead-letter queue (no RedrivePolicy)",
          "set its RedrivePolicy: " + howToCreate);
    }
    Optional<QueueDirectory.QueueFacts> dlqFound = queues.findByArn(source.deadLetterTargetArn());
    if (dlqFound.isEmpty()) {
      return CheckResult.fail(NAME, "dead-letter queue " + source.deadLetterTargetArn() + " (the RedrivePolicy of "
          + source.name() + ") does not exist", "create it: " + howToCreate);
    }
    QueueDirectory.QueueFacts dlq = dlqFound.get();
    String retention;
    if (localEndpoint) {
      retention = "retention not compared (local endpoint)";
    } else if (dlq.retentionSeconds() <= source.retentionSeconds()) {
      return CheckResult.fail(NAME, "dead-letter queue " + dlq.name() + " keeps messages " + dlq.retentionSeconds()
              + " s, not longer than queue " + source.name() + " (" + source.retentionSeconds()
              + " s): batches expire in it as they arrive",
          "set the DLQ's MessageRetentionPeriod above " + source.retentionSeconds() + " s (the template sets 14 days)");
    } else {
      retention = "retention " + source.retentionSeconds() + " s < " + dlq.retentionSeconds() + " s";
    }
    String visibility;
    if (functionTimeoutSeconds == null) {
      visibility = "visibility timeout " + source.visibilityTimeoutSeconds()
          + " s (not compared with the function timeout: unknown, give --function-timeout)";
    } else if (source.visibilityTimeoutSeconds() < VISIBILITY_FACTOR * functionTimeoutSeconds) {
      return CheckResult.fail(NAME, "queue " + source.name() + " has visibility timeout "
              + source.visibilityTimeoutSeconds() + " s, under " + VISIBILITY_FACTOR + " x the function timeout ("
              + functionTimeoutSeconds + " s): batches come back while still being worked on",
          "set VisibilityTimeout to at least " + VISIBILITY_FACTOR * functionTimeoutSeconds
              + " s (the template derives it from LambdaTimeout)");
    } else {
      visibility = "visibility timeout " + source.visibilityTimeoutSeconds() + " s >= " + VISIBILITY_FACTOR
          + " x " + functionTimeoutSeconds + " s";
    }
    return CheckResult.pass(NAME, source.name() + " -> DLQ " + dlq.name() + " after " + source.maxReceiveCount()
        + " receives; " + retention + "; " + visibility);
  }
}
