package dev.enrich.client.aws;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.enrich.client.EnrichException;
import dev.enrich.client.config.Settings;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the SDK and MongoDB clients from {@link Settings}. Against a local stack: endpoint
 * override and dummy static credentials; against AWS: {@link AwsCredentials} and the SDK's region
 * and endpoint resolution.
 */
public final class Clients {
  /** Local servers accept any credentials; these keep the SDK from looking for real ones. */
  private static final StaticCredentialsProvider LOCAL_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

  private Clients() {}

  public static SqsClient sqs(Settings settings) {
    var builder = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    settings.sqsEndpoint().ifPresent(builder::endpointOverride);
    return configure(builder, settings, settings.local()).build();
  }

  public static DynamoDbClient dynamo(Settings settings) {
    var builder = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    settings.dynamodbEndpoint().ifPresent(builder::endpointOverride);
    return configure(builder, settings, settings.local()).build();
  }

  /**
   * S3 for {@code s3://} catalogs and exports. With an endpoint of enrich's own (an S3-compatible
   * server), path-style addressing: such servers seldom resolve bucket.host names. Its credentials
   * follow its own endpoint, not the local stack's: the local stack has no S3.
   */
  public static S3Client s3(Settings settings) {
    var builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    settings.s3Endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
    return configure(builder, settings, settings.localS3()).build();
  }

  /** STS for {@code enrich doctor}'s GetCallerIdentity; in the settings' region, with the default credentials. */
  public static StsClient sts(Settings settings) {
    return configure(StsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()), settings,
        settings.local()).build();
  }

  /** A client of a local SQS server (dummy credentials). */
  public static SqsClient localSqs(URI endpoint, String region) {
    return SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(endpoint).region(Region.of(region)).credentialsProvider(LOCAL_CREDENTIALS).build();
  }

  /** A client of a local DynamoDB server (dummy credentials). */
  public static DynamoDbClient localDynamo(URI endpoint, String region) {
    return DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(endpoint).region(Region.of(region)).credentialsProvider(LOCAL_CREDENTIALS).build();
  }

  public static MongoClient mongo(Settings settings) {
    if (settings.mongoUri() == null || settings.mongoUri().isBlank()) {
      throw EnrichException.invalidInput(
          "no MongoDB URI: set --mongodb-uri, MONGODB_URI, mongodb_uri in the profile, or use --profile local");
    }
    return mongo(settings.mongoUri());
  }

  /** The servers of the configured MongoDB URI, for messages: never its credentials or options. */
  public static String mongoServers(Settings settings) {
    try {
      return String.join(",", new ConnectionString(settings.mongoUri()).getHosts());
    } catch (IllegalArgumentException e) {
      throw invalidMongoUri();
    }
  }

  public static MongoClient mongo(String connectionString) {
    ConnectionString uri;
    try {
      uri = new ConnectionString(connectionString);
    } catch (IllegalArgumentException e) {
      throw invalidMongoUri();
    }
    // 10 s unless the URI asks for another serverSelectionTimeoutMS: a user who set one means it.
    Integer asked = uri.getServerSelectionTimeout();
    long selectionMillis = asked != null ? asked : 10_000;
    return MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(uri)
        .applyToClusterSettings(b -> b.serverSelectionTimeout(selectionMillis, TimeUnit.MILLISECONDS))
        .build());
  }

  private static EnrichException invalidMongoUri() {
    // The driver's message can quote the URI, credentials included: say only what is wrong.
    return EnrichException.invalidInput(
        "the MongoDB URI (--mongodb-uri or MONGODB_URI) is not a valid MongoDB connection string");
  }

  private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Settings settings, boolean local) {
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    if (local) {
      if (settings.region() == null) {
        builder.region(Region.US_EAST_1);
      }
      builder.credentialsProvider(LOCAL_CREDENTIALS);
      return builder;
    }
    // An explicit endpoint of enrich's own (set above) wins; without one the SDK applies
    // AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL and the AWS profile's endpoint_url, as the AWS CLI does.
    builder.credentialsProvider(AwsCredentials.shared(settings.awsProfile()));
    if (settings.awsProfile() != null) {
      // The AWS profile's region, endpoint_url and retry settings too, not only its credentials.
      builder.overrideConfiguration(o -> o.defaultProfileName(settings.awsProfile()));
    }
    return builder;
  }
}
