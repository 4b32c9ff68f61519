package dev.enrich.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import dev.enrich.client.OperationInterruptedException;
import dev.enrich.client.RemoteServiceException;
import dev.enrich.lambda.store.MongoProductStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Creates what the pipeline expects on the local servers: the queue with its DLQ, the status
 * table, the products index. Idempotent, so a persistent stack provisions again on every start.
 */
final class StackProvisioner {
  private static final Duration TABLE_ACTIVE_TIMEOUT = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  record Queues(String queueUrl, String dlqUrl) {}

  private final LocalStackConfig config;
  private final SqsClient sqs;
  private final DynamoDbClient dynamo;
  private final MongoClient mongo;

  StackProvisioner(LocalStackConfig config, SqsClient sqs, DynamoDbClient dynamo, MongoClient mongo) {
    this.config = config;
    this.sqs = sqs;
    this.dynamo = dynamo;
    this.mongo = mongo;
  }

  Queues provision() {
    Queues queues = queues();
    table();
    new MongoProductStore(
            mongo.getDatabase(config.mongoDatabase()).getCollection(MongoProductStore.COLLECTION), Clock.systemUTC())
        .ensureIndexes();
    return queues;
  }

  Queues queues() {
    // 14 days, longer than the queue's 4, as template.yaml has it: a message keeps its first enqueue
    // time when it moves to a standard DLQ, so a retention no longer than the queue's could expire it
    // as it arrives (enrich doctor checks this).
    Map<QueueAttributeName, String> dlqAttributes = Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600");
    String dlqUrl;
    try {
      dlqUrl = sqs.createQueue(r -> r.queueName(config.dlqName()).attributes(dlqAttributes)).queueUrl();
    } catch (QueueNameExistsException e) {
      dlqUrl = sqs.getQueueUrl(r -> r.queueName(config.dlqName())).queueUrl();
      String url = dlqUrl;
      sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(dlqAttributes));
    }
    String dlqQueueUrl = dlqUrl;
    String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqQueueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    Map<QueueAttributeName, String> attributes = Map.of(
        QueueAttributeName.MESSAGE_RETENTION_PERIOD, "345600",
        QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(config.visibilityTimeoutSeconds()),
        QueueAttributeName.REDRIVE_POLICY, redrivePolicy(dlqArn));
    String queueUrl;
    try {
      queueUrl = sqs.createQueue(r -> r.queueName(config.queueName()).attributes(attributes)).queueUrl();
    } catch (QueueNameExistsException e) {
      // CreateQueue refuses an existing queue with other attributes (an earlier
      // --max-receive-count, say): bring it in line with this configuration instead.
      queueUrl = sqs.getQueueUrl(r -> r.queueName(config.queueName())).queueUrl();
      String url = queueUrl;
      sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(attributes));
    }
    return new Queues(queueUrl, dlqUrl);
  }

  /** https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue.html */
  private String redrivePolicy(String dlqArn) {
    return JSON.createObjectNode()
        .put("deadLetterTargetArn", dlqArn)
        .put("maxReceiveCount", Integer.toString(config.maxReceiveCount()))
        .toString();
  }

  void table() {
    try {
      dynamo.createTable(StatusTableDefinition.createTableRequest(config.tableName()));
    } catch (ResourceInUseException e) {
      // Already there: a persistent stack started before. Its definition is the same code's.
    }
    awaitActive();
  }

  /** dynalite runs with createTableMs 0, so this is a few milliseconds; AWS's waiter polls every 20 s. */
  private void awaitActive() {
    long deadline = System.nanoTime() + TABLE_ACTIVE_TIMEOUT.toNanos();
    while (true) {
      TableDescription table = dynamo.describeTable(r -> r.tableName(config.tableName())).table();
      boolean indexesActive = table.globalSecondaryIndexes().stream()
          .allMatch(i -> i.indexStatus() == IndexStatus.ACTIVE);
      if (table.tableStatus() == TableStatus.ACTIVE && indexesActive) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new RemoteServiceException("the local status table " + config.tableName()
            + " is still " + table.tableStatus() + " after " + TABLE_ACTIVE_TIMEOUT.toSeconds() + " s");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperationInterruptedException("interrupted while waiting for the local status table");
      }
    }
  }
}
