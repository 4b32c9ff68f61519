package dev.enrich.lambda;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.enrich.lambda.contract.MessageCodec;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.store.DynamoBatchLedger;
import dev.enrich.lambda.store.MongoProductStore;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

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
  public static final String DEFAULT_MONGO_DATABASE = "enrich";

  private final BatchProcessor processor;

  private ConsumerWiring(BatchProcessor processor) {
    this.processor = processor;
  }

  public BatchProcessor processor() {
    return processor;
  }

  public static ConsumerWiring of(
      DynamoDbClient dynamo, String table, MongoDatabase mongo, EnrichmentProvider provider, Clock clock) {
    MongoProductStore store =
        new MongoProductStore(mongo.getCollection(MongoProductStore.COLLECTION), clock);
    return new ConsumerWiring(new BatchProcessor(
        new MessageCodec(), provider, store, new DynamoBatchLedger(dynamo, table), clock));
  }

  /** Reads the Lambda function's environment; a missing setting is a clear start-up error. */
  public static ConsumerWiring fromEnvironment(Map<String, String> env) {
    String table = required(env, ENV_TABLE);
    String uri = required(env, ENV_MONGODB_URI);
    Clock clock = Clock.systemUTC();
    EnrichmentProvider provider = Providers.create(required(env, ENV_PROVIDER), env, clock);

    DynamoDbClientBuilder dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
    String endpoint = env.get(ENV_DYNAMODB_ENDPOINT);
    if (endpoint != null && !endpoint.isBlank()) {
      // A local endpoint (invoke-local against the local stack) takes dummy credentials.
      dynamo.endpointOverride(URI.create(endpoint))
          .region(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")))
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }
    MongoClient mongo = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(uri))
        .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
        .build());
    String database = env.getOrDefault(ENV_MONGO_DATABASE, DEFAULT_MONGO_DATABASE);
    return of(dynamo.build(), table, mongo.getDatabase(database), provider, clock);
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("environment variable " + name + " is not set");
    }
    return value;
  }
}
