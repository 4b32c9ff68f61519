package dev.enrich.client.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.client.EnrichException;
import dev.enrich.client.RemoteServiceException;
import dev.enrich.client.aws.QueueLocator;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Finds a queue's DLQ from its RedrivePolicy
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html):
 * {@code deadLetterTargetArn} gives the DLQ's name and account, GetQueueUrl its URL.
 */
final class RedrivePolicyLocator {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RedrivePolicyLocator() {}

  /**
   * Finds the DLQ of {@code queue} (a name or URL) from its RedrivePolicy. A queue without one is
   * a not-found error: there is no DLQ to look into.
   */
  static QueuePair locate(SqsClient sqs, String queue) {
    String sourceUrl = QueueLocator.url(sqs, queue);
    Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(sourceUrl)
        .attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.REDRIVE_POLICY)).attributes();
    String policy = attributes.get(QueueAttributeName.REDRIVE_POLICY);
    if (policy == null || policy.isBlank()) {
      throw EnrichException.notFound("queue " + queue + " has no dead-letter queue (its RedrivePolicy is not set)");
    }
    JsonNode redrive;
    try {
      redrive = JSON.readTree(policy);
    } catch (IOException e) {
      throw new RemoteServiceException("the RedrivePolicy of queue " + queue + " is not JSON: " + policy);
    }
    String dlqArn = redrive.path("deadLetterTargetArn").asText("");
    if (dlqArn.isBlank()) {
      throw EnrichException.notFound("the RedrivePolicy of queue " + queue + " names no deadLetterTargetArn");
    }
    String name = QueuePair.nameOf(dlqArn);
    String account = QueuePair.accountOf(dlqArn);
    String dlqUrl;
    try {
      dlqUrl = sqs.getQueueUrl(b -> b.queueName(name).queueOwnerAWSAccountId(account)).queueUrl();
    } catch (QueueDoesNotExistException e) {
      throw EnrichException.notFound("dead-letter queue " + name + " (named by the RedrivePolicy of " + queue
          + ") does not exist");
    }
    // maxReceiveCount is a number in AWS's answer and a string in what some tools write.
    int maxReceives = Integer.parseInt(redrive.path("maxReceiveCount").asText("0"));
    return new QueuePair(sourceUrl, attributes.get(QueueAttributeName.QUEUE_ARN), dlqUrl, dlqArn, maxReceives);
  }
}
