package dev.enrich.lambda;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.enrich.contract.MessageCodec;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.enrich.keepa.DynamoTokenPool;
import dev.enrich.lambda.events.CompletionPublisher;
import dev.enrich.lambda.events.SnsCompletionPublisher;
import dev.enrich.lambda.secrets.RuntimeSecret;
import dev.enrich.lambda.secrets.SecretsManagerSecrets;
import dev.enrich.lambda.sqs.Backoff;
import dev.enrich.lambda.sqs.SqsQueues;
import dev.enrich.lambda.sqs.VisibilityKeeper;
import dev.enrich.lambda.store.DynamoBatchLedger;
import dev.enrich.lambda.store.MongoProductStore;
import dev.enrich.lambda.store.ProductStore;
import dev.enrich.lambda.store.RotatingProductStore;
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
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Builds the consumer's collaborators. The Lambda runtime uses {@link #fromEnvironment}; the local
 * worker and the tests pass clients of their own to {@link #of}.
 */
public final class ConsumerWiring {
  public static final String ENV_TABLE = "ENRICH_STATUS_TABLE";
  /** The MongoDB connection string itself (the local stack and tests); on Lambda, {@link #ENV_MONGODB_URI_SECRET}. */
  public static final String ENV_MONGODB_URI = "MONGODB_URI";
  /**
   * The Secrets Manager secret (name or ARN) holding the MongoDB connection string, read when the
   * function starts and again after MongoDB refuses the credentials, rather than kept in the
   * function's configuration, where lambda:GetFunctionConfiguration would show it.
   */
  public static final String ENV_MONGODB_URI_SECRET = "MONGODB_URI_SECRET";
  public static final String ENV_SECRETSMANAGER_ENDPOINT = "ENRICH_SECRETSMANAGER_ENDPOINT";
  public static final String ENV_MONGO_DATABASE = "ENRICH_MONGO_DATABASE";
  public static final String ENV_PROVIDER = "ENRICH_PROVIDER";
  public static final String ENV_DYNAMODB_ENDPOINT = "ENRICH_DYNAMODB_ENDPOINT";
  public static final String ENV_SQS_ENDPOINT = "ENRICH_SQS_ENDPOINT";
  /** The deployment (dev, staging, prod): a dimension of the consumer's metrics. */
  public static final String ENV_ENVIRONMENT = "ENRICH_ENVIRONMENT";
  /** Seconds a failed record waits before its first retry; doubled on each receive (template RetryBaseSeconds). */
  public static final String ENV_RETRY_BASE_SECONDS = "ENRICH_RETRY_BASE_SECONDS";
  /** The SNS topic completion events go to (the stack's CompletionTopic); unset, none are published. */
  public static final String ENV_COMPLETION_TOPIC_ARN = "ENRICH_COMPLETION_TOPIC_ARN";
  public static final String ENV_SNS_ENDPOINT = "ENRICH_SNS_ENDPOINT";
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
    return of(dynamo, table, mongo, provider, clock, CompletionPublisher.NONE);
  }

  /** As {@link #of(DynamoDbClient, String, MongoDatabase, EnrichmentProvider, Clock)}, publishing completion events. */
  public static ConsumerWiring of(DynamoDbClient dynamo, String table, MongoDatabase mongo, EnrichmentProvider provider,
      Clock clock, CompletionPublisher completions) {
    return of(dynamo, table, new MongoProductStore(mongo.getCollection(MongoProductStore.COLLECTION), clock),
        provider, clock, completions);
  }

  private static ConsumerWiring of(DynamoDbClient dynamo, String table, ProductStore store,
      EnrichmentProvider provider, Clock clock, CompletionPublisher completions) {
    return new ConsumerWiring(new BatchProcessor(
        new MessageCodec(), provider, store, new DynamoBatchLedger(dynamo, table), clock, completions),
        new EventLog(System.out), null);
  }

  /**
   * The publisher {@value #ENV_COMPLETION_TOPIC_ARN} asks for ({@value #ENV_SNS_ENDPOINT} for a
   * local SNS); {@link CompletionPublisher#NONE} when it is unset.
   */
  public static CompletionPublisher completions(Map<String, String> env) {
    String topic = env.get(ENV_COMPLETION_TOPIC_ARN);
    if (topic == null || topic.isBlank()) {
      return CompletionPublisher.NONE;
    }
    SnsClientBuilder sns = SnsClient.builder().httpClient(UrlConnectionHttpClient.create());
    local(sns, env.get(ENV_SNS_ENDPOINT), env);
    return new SnsCompletionPublisher(sns.build(), topic.trim());
  }

  /** Reads the Lambda function's environment; a missing setting is a clear start-up error. */
  public static ConsumerWiring fromEnvironment(Map<String, String> env) {
    String table = required(env, ENV_TABLE);
    Backoff backoff = retryBackoff(env);
    Clock clock = Clock.systemUTC();
    Secrets secrets = new Secrets(env);
    RuntimeSecret uri = secrets.either(env, ENV_MONGODB_URI, ENV_MONGODB_URI_SECRET, "MongoDB connection string");
    DynamoDbClientBuilder dynamoBuilder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
    local(dynamoBuilder, env.get(ENV_DYNAMODB_ENDPOINT), env);
    DynamoDbClient dynamo = dynamoBuilder.build();
    // Every invocation is its own process: Keepa's tokens are counted in the status table, for all of them.
    EnrichmentProvider provider = Providers.create(required(env, ENV_PROVIDER), env, clock,
        () -> secrets.either(env, Providers.ENV_KEEPA_KEY, Providers.ENV_KEEPA_KEY_SECRET, "Keepa API key"),
        endpoint -> new DynamoTokenPool(dynamo, table, endpoint, clock));

    SqsClientBuilder sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
    local(sqs, env.get(ENV_SQS_ENDPOINT), env);
    String database = env.getOrDefault(ENV_MONGO_DATABASE, DEFAULT_MONGO_DATABASE);
    ProductStore store = new RotatingProductStore(uri, connectionString -> mongo(connectionString, database, clock));
    ConsumerWiring wiring = of(dynamo, table, store, provider, clock, completions(env));
    return new ConsumerWiring(wiring.processor, new EventLog(System.out, clock, env.get(ENV_ENVIRONMENT)), null)
        .keepingVisibility(sqs.build(), backoff);
  }

  private static RotatingProductStore.Connection mongo(String uri, String database, Clock clock) {
    MongoClient client = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(connectionString(uri))
        .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
        .build());
    MongoProductStore store =
        new MongoProductStore(client.getDatabase(database).getCollection(MongoProductStore.COLLECTION), clock);
    return new RotatingProductStore.Connection() {
      @Override
      public ProductStore store() {
        return store;
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  /** The function's secrets: given directly, or named and read from Secrets Manager (one client, made on first use). */
  private static final class Secrets {
    private final Map<String, String> env;
    private SecretsManagerSecrets manager;

    Secrets(Map<String, String> env) {
      this.env = env;
    }

    /** The value of {@code direct} if set, else the secret {@code named} names; one is required. */
    RuntimeSecret either(Map<String, String> env, String direct, String named, String what) {
      String value = env.get(direct);
      if (value != null && !value.isBlank()) {
        return RuntimeSecret.fixed(what, value.trim());
      }
      String id = env.get(named);
      if (id == null || id.isBlank()) {
        throw new IllegalStateException("environment variable " + named + " (or " + direct + ") is not set");
      }
      return manager().secret(what, id.trim());
    }

    private SecretsManagerSecrets manager() {
      if (manager == null) {
        SecretsManagerClientBuilder client = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
        local(client, env.get(ENV_SECRETSMANAGER_ENDPOINT), env);
        manager = new SecretsManagerSecrets(client.build());
      }
      return manager;
    }
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
      throw new IllegalStateException("the MongoDB connection string (" + ENV_MONGODB_URI + ", or the secret "
          + ENV_MONGODB_URI_SECRET + " names) is not valid (mongodb:// or mongodb+srv://, user and password URL-encoded)");
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
