package dev.enrich.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** {@link QueueDirectory} from SQS: GetQueueUrl and GetQueueAttributes. */
public final class SqsQueueDirectory implements QueueDirectory {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SqsClient sqs;

  public SqsQueueDirectory(SqsClient sqs) {
    this.sqs = sqs;
  }

  @Override
  public Optional<QueueFacts> find(String nameOrUrl) {
    if (nameOrUrl.startsWith("https://") || nameOrUrl.startsWith("http://")) {
      return facts(nameOrUrl);
    }
    return url(nameOrUrl, null).flatMap(this::facts);
  }

  /** An SQS ARN is {@code arn:PARTITION:sqs:REGION:ACCOUNT:NAME}. */
  @Override
  public Optional<QueueFacts> findByArn(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length != 6) {
      return Optional.empty();
    }
    return url(parts[5], parts[4]).flatMap(this::facts);
  }

  private Optional<String> url(String name, String account) {
    try {
      return Optional.of(sqs.getQueueUrl(b -> b.queueName(name).queueOwnerAWSAccountId(account)).queueUrl());
    } catch (QueueDoesNotExistException e) {
      return Optional.empty();
    }
  }

  private Optional<QueueFacts> facts(String url) {
    Map<QueueAttributeName, String> attributes;
    try {
      attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT,
          QueueAttributeName.MESSAGE_RETENTION_PERIOD, QueueAttributeName.REDRIVE_POLICY)).attributes();
    } catch (QueueDoesNotExistException e) {
      return Optional.empty();
    }
    String target = null;
    int maxReceives = 0;
    String policy = attributes.get(QueueAttributeName.REDRIVE_POLICY);
    if (policy != null && !policy.isBlank()) {
      JsonNode redrive = parse(policy);
      target = redrive.path("deadLetterTargetArn").asText(null);
      // maxReceiveCount is a number in AWS's answer and a string in what some tools write.
      maxReceives = Integer.parseInt(redrive.path("maxReceiveCount").asText("0"));
    }
    return Optional.of(new QueueFacts(url.substring(url.lastIndexOf('/') + 1),
        Integer.parseInt(attributes.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT, "30")),
        Integer.parseInt(attributes.getOrDefault(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "345600")),
        target, maxReceives));
  }

  private static JsonNode parse(String policy) {
    try {
      return JSON.readTree(policy);
    } catch (IOException e) {
      throw new IllegalStateException("the queue's RedrivePolicy is not JSON: " + policy, e);
    }
  }
}
