package dev.enrich.cli.local;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Ports, data directory and queue settings of the local stack. */
public final class LocalStackOptions {
  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where the stack keeps its data (default: ~/.enrich/local).")
  Path dataDir;

  @Option(names = "--ephemeral", description = "Keep everything in memory; nothing survives a stop.")
  boolean ephemeral;

  @Option(names = "--sqs-port", paramLabel = "PORT", description = "SQS (ElasticMQ) port; 0 picks a free one.")
  Integer sqsPort;

  @Option(names = "--dynamodb-port", paramLabel = "PORT", description = "DynamoDB (dynalite) port; 0 picks a free one.")
  Integer dynamodbPort;

  @Option(names = "--mongo-port", paramLabel = "PORT", description = "MongoDB (mongo-java-server) port; 0 picks a free one.")
  Integer mongoPort;

  @Option(names = "--max-receive-count", paramLabel = "N", defaultValue = "5",
      description = "Receives before a message moves to the DLQ (default: ${DEFAULT-VALUE}).")
  int maxReceiveCount;
}
