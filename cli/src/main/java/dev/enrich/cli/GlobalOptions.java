package dev.enrich.cli;

import dev.enrich.client.config.Redaction;
import dev.enrich.client.config.Settings;
import dev.enrich.client.config.SettingsResolver;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes; they override the environment and the profile file. */
public final class GlobalOptions {
  @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
      description = "Settings profile from ~/.enrich/config; 'local' is the local stack. Env: ENRICH_PROFILE.")
  String profile;

  @Option(names = "--region", scope = ScopeType.INHERIT, paramLabel = "REGION",
      description = "AWS region. Env: AWS_REGION.")
  String region;

  @Option(names = "--sqs-endpoint", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "SQS endpoint URL (for a local stack). Env: ENRICH_SQS_ENDPOINT.")
  String sqsEndpoint;

  @Option(names = "--dynamodb-endpoint", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "DynamoDB endpoint URL (for a local stack). Env: ENRICH_DYNAMODB_ENDPOINT.")
  String dynamodbEndpoint;

  @Option(names = "--s3-endpoint", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "S3 endpoint URL for s3:// catalogs and exports (an S3-compatible server; path-style). "
          + "Env: ENRICH_S3_ENDPOINT.")
  String s3Endpoint;

  @Option(names = "--queue", scope = ScopeType.INHERIT, paramLabel = "NAME",
      description = "Queue name or URL. Env: ENRICH_QUEUE. Default: enrich-batches.")
  String queue;

  @Option(names = "--table", scope = ScopeType.INHERIT, paramLabel = "NAME",
      description = "Status table name. Env: ENRICH_STATUS_TABLE. Default: enrich-status.")
  String table;

  @Option(names = "--mongodb-uri", scope = ScopeType.INHERIT, paramLabel = "URI",
      description = "MongoDB connection string (export, worker, status --failures). Env: MONGODB_URI, which is "
          + "the better place for a URI with a password: other users of the machine can see a command line.")
  String mongodbUri;

  @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error.")
  boolean stacktrace;

  private Settings resolved;

  /**
   * Cuts the secrets this run was given (Keepa key; MongoDB password from the environment, the flag
   * or the profile) from what it prints. Never fails: it serves the error path, where the settings
   * themselves may be what is wrong.
   */
  public Redaction redaction() {
    String profileUri = null;
    try {
      profileUri = settings().mongoUri();
    } catch (RuntimeException unresolvable) {
      // The flag and the environment are still known.
    }
    return Redaction.fromEnvironment(System.getenv(), mongodbUri, profileUri);
  }

  /** Settings for this run, resolved once. */
  public Settings settings() {
    if (resolved == null) {
      Map<String, String> flags = new HashMap<>();
      flags.put(SettingsResolver.KEY_REGION, region);
      flags.put(SettingsResolver.KEY_SQS_ENDPOINT, sqsEndpoint);
      flags.put(SettingsResolver.KEY_DYNAMODB_ENDPOINT, dynamodbEndpoint);
      flags.put(SettingsResolver.KEY_S3_ENDPOINT, s3Endpoint);
      flags.put(SettingsResolver.KEY_QUEUE, queue);
      flags.put(SettingsResolver.KEY_TABLE, table);
      flags.put(SettingsResolver.KEY_MONGODB_URI, mongodbUri);
      resolved = SettingsResolver.fromSystem().resolve(profile, flags);
    }
    return resolved;
  }
}
