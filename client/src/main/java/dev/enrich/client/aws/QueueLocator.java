package dev.enrich.client.aws;

import dev.enrich.client.EnrichException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Turns the configured queue (a name or a URL) into a queue URL. */
public final class QueueLocator {
  private QueueLocator() {}

  public static String url(SqsClient sqs, String queue) {
    if (queue.startsWith("https://") || queue.startsWith("http://")) {
      return queue;
    }
    try {
      return sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
    } catch (QueueDoesNotExistException e) {
      throw EnrichException.notFound("queue " + queue + " does not exist (is the stack up? check --queue and --profile)");
    }
  }
}
