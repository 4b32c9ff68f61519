package dev.enrich.lambda;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.enrich.lambda.contract.MessageCodec;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.sqs.Backoff;
import dev.enrich.lambda.sqs.SqsQueues;
import dev.enrich.lambda.sqs.VisibilityKeeper;
import dev.enrich.lambda.store.DynamoBatchLedger;
import dev.enrich.lambda.store.MongoProductStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Builds the consumer's collaborators. The Lambda runtime uses {@link #fromEnvironment}; the local
 * worker and the tests pass clients of their own to {@link #of}.
 */
public final class ConsumerWiring {
  public static final String ENV_TABLE = "ENRICH_STATUS_TABLE";
  public static final String ENV_MONGODB_URI = "MONGODB_URI";
  public static final String ENV_MONGO_DATABASE = "ENRICH_MONGO_DATABASE";
  public static final String ENV_PROVIDER = "ENRICH_PROVIDER";
  public static final String ENV_DYNAMODB_ENDPOINT = "ENRICH_DYNAMODB_ENDPOINT";
  public static final String ENV_SQS_ENDPOINT = "ENRICH_SQS_ENDPOINT";
  /** The deployment (dev, staging, prod): a dimension of the consumer's metrics. */
  public static final String ENV_ENVIRONMENT = "ENRICH_ENVIRONMENT";
  /** Seconds a failed record waits before its first retry; doubled on each receive (template RetryBaseSeconds). */
  public static final String ENV_RETRY_BASE_SECONDS = "ENRICH_RETRY_BASE_SECONDS";
  public static final String DEFAULT_MONGO_DATABASE = "enrich";

  private final BatchProcessor processor;
  private final EventLog log;
  private final VisibilityKeeper visibility;

  private ConsumerWiring(BatchProcessor processor, EventLog log, VisibilityKeeper visibility) {
    this.processor = processor;
    this.log = log;
    this.visibility = visibility;
  }

  public BatchProcessor processor() {
    return processor;
  }

  public EventLog log() {
    return log;
  }

  /** Null when the wiring has no SQS client. */
  public VisibilityKeeper visibility() {
    return visibility;
  }

  /** The same wiring with records kept invisible while they run, through {@code sqs}, and the default backoff. */
  public ConsumerWiring keepingVisibility(SqsClient sqs) {
    return keepingVisibility(sqs, new Backoff(Backoff.DEFAULT_BASE));
  }

  /** The same wiring with records kept invisible while they run and failed ones backed off, through {@code sqs}. */
  public ConsumerWiring keepingVisibility(SqsClient sqs, Backoff backoff) {
    return new ConsumerWiring(processor, log,
        new VisibilityKeeper(new SqsQueues(sqs), log::warn, backoff, RandomGenerator.getDefault()));
  }

  /**
   * The backoff {@value #ENV_RETRY_BASE_SECONDS} asks for, {@link Backoff#DEFAULT_BASE} when unset;
   * anything but whole seconds from 1 to 43200 is a clear start-up error.
   */
  public static Backoff retryBackoff(Map<String, String> env) {
    String value = env.get(ENV_RETRY_BASE_SECONDS);
    if (value == null || value.isBlank()) {
      return new Backoff(Backoff.DEFAULT_BASE);
    }
    try {
      long seconds = Long.parseLong(value.trim());
      if (seconds >= 1 && seconds <= Backoff.MAX.toSeconds()) {
        return new Backoff(Duration.ofSeconds(seconds));
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new IllegalStateException("environment variable " + ENV_RETRY_BASE_SECONDS
        + " must be whole seconds from 1 to 43200, not \"" + value + "\"");
  }

  public static ConsumerWiring of(
      DynamoDbClient dynamo, String table, MongoDatabase mongo, EnrichmentProvider provider, Clock clock) {
    MongoProductStore store =
        new MongoProductStore(mongo.getCollection(MongoProductStore.COLLECTION), clock);
    return new ConsumerWiring(new BatchProcessor(
        new MessageCodec(), provider, store, new DynamoBatchLedger(dynamo, table), clock),
        new EventLog(System.out), null);
  }

  /** Reads the Lambda function's environment; a missing setting is a clear start-up error. */
  public static ConsumerWiring fromEnvironment(Map<String, String> env) {
    String table = required(env, ENV_TABLE);
    Backoff backoff = retryBackoff(env);
    String uri = required(env, ENV_MONGODB_URI);
    Clock clock = Clock.systemUTC();
    EnrichmentProvider provider = Providers.create(required(env, ENV_PROVIDER), env, clock);

    DynamoDbClientBuilder dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
    local(dynamo, env.get(ENV_DYNAMODB_ENDPOINT), env);
    SqsClientBuilder sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
    local(sqs, env.get(ENV_SQS_ENDPOINT), env);
    MongoClient mongo = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(connectionString(uri))
        .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
        .build());
    String database = env.getOrDefault(ENV_MONGO_DATABASE, DEFAULT_MONGO_DATABASE);
    ConsumerWiring wiring = of(dynamo.build(), table, mongo.getDatabase(database), provider, clock);
    return new ConsumerWiring(wiring.processor, new EventLog(System.out, clock, env.get(ENV_ENVIRONMENT)), null)
        .keepingVisibility(sqs.build(), backoff);
  }

  /** A local endpoint (a local stack) takes dummy credentials; without one, the SDK's defaults hold. */
  private static void local(AwsClientBuilder<?, ?> builder, String endpoint, Map<String, String> env) {
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint))
          .region(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")))
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }
  }

  /** The driver's message can quote parts of the URI, credentials included: the start-up error says only what is wrong. */
  private static ConnectionString connectionString(String uri) {
    try {
      return new ConnectionString(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("environment variable " + ENV_MONGODB_URI
          + " is not a valid MongoDB connection string (mongodb:// or mongodb+srv://, user and password URL-encoded)");
    }
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("environment variable " + name + " is not set");
    }
    return value;
  }
}
