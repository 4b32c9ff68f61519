package dev.enrich.local;

import dev.enrich.client.EnrichException;
import dev.enrich.client.config.LocalDefaults;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the local stack listens on, where it keeps its data and what it provisions.
 *
 * @param sqsPort ElasticMQ's port, 0 = pick a free one
 * @param dynamoPort dynalite's port, 0 = pick a free one
 * @param mongoPort mongo-java-server's port, 0 = pick a free one
 * @param dataDir holds the state file, and unless {@code ephemeral} the SQS, Mongo and DynamoDB data
 * @param ephemeral everything in memory: nothing but the state file is written
 */
public record LocalStackConfig(
    String host,
    int sqsPort,
    int dynamoPort,
    int mongoPort,
    Path dataDir,
    boolean ephemeral,
    String region,
    String queueName,
    String dlqName,
    int maxReceiveCount,
    int visibilityTimeoutSeconds,
    String tableName,
    String mongoDatabase) {

  public static final String STATE_FILE = "local-stack.json";

  public LocalStackConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(queueName, "queueName");
    Objects.requireNonNull(dlqName, "dlqName");
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(mongoDatabase, "mongoDatabase");
    checkPort("--sqs-port", sqsPort);
    checkPort("--dynamodb-port", dynamoPort);
    checkPort("--mongo-port", mongoPort);
    // SQS's own bounds: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
    if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw EnrichException.invalidInput("max receive count must be between 1 and 1000, not " + maxReceiveCount);
    }
    if (visibilityTimeoutSeconds < 0 || visibilityTimeoutSeconds > 43_200) {
      throw EnrichException.invalidInput(
          "visibility timeout must be between 0 and 43200 seconds, not " + visibilityTimeoutSeconds);
    }
  }

  /** The fixed ports the {@code local} profile points at, persistent data under {@code dataDir}. */
  public static LocalStackConfig defaults(Path dataDir) {
    return new LocalStackConfig(
        LocalDefaults.HOST,
        LocalDefaults.SQS_PORT,
        LocalDefaults.DYNAMODB_PORT,
        LocalDefaults.MONGO_PORT,
        dataDir,
        false,
        LocalDefaults.REGION,
        "enrich-batches",
        "enrich-batches-dlq",
        5,
        60,
        "enrich-status",
        "enrich");
  }

  public LocalStackConfig withPorts(int sqs, int dynamo, int mongo) {
    return new LocalStackConfig(host, sqs, dynamo, mongo, dataDir, ephemeral, region, queueName, dlqName,
        maxReceiveCount, visibilityTimeoutSeconds, tableName, mongoDatabase);
  }

  public LocalStackConfig withEphemeral(boolean inMemory) {
    return new LocalStackConfig(host, sqsPort, dynamoPort, mongoPort, dataDir, inMemory, region, queueName, dlqName,
        maxReceiveCount, visibilityTimeoutSeconds, tableName, mongoDatabase);
  }

  public LocalStackConfig withMaxReceiveCount(int count) {
    return new LocalStackConfig(host, sqsPort, dynamoPort, mongoPort, dataDir, ephemeral, region, queueName, dlqName,
        count, visibilityTimeoutSeconds, tableName, mongoDatabase);
  }

  public LocalStackConfig withVisibilityTimeoutSeconds(int seconds) {
    return new LocalStackConfig(host, sqsPort, dynamoPort, mongoPort, dataDir, ephemeral, region, queueName, dlqName,
        maxReceiveCount, seconds, tableName, mongoDatabase);
  }

  /** Records who runs the stack, so a later start can tell a running stack from a killed one. */
  public Path stateFile() {
    return dataDir.resolve(STATE_FILE);
  }

  /** mongo-java-server's H2 (MVStore) file of a persistent stack. */
  public Path mongoFile() {
    return dataDir.resolve("mongo.mv.db");
  }

  /** ElasticMQ's H2 file of a persistent stack: its queues and their messages. */
  public Path sqsFile() {
    return dataDir.resolve("sqs.mv.db");
  }

  /** dynalite's LevelDB directory of a persistent stack. */
  public Path dynamoDir() {
    return dataDir.resolve("dynamodb");
  }

  private static void checkPort(String option, int port) {
    if (port < 0 || port > 65_535) {
      throw EnrichException.invalidInput(option + " must be between 0 (any free port) and 65535, not " + port);
    }
  }
}
