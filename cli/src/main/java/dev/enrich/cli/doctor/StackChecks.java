package dev.enrich.cli.doctor;

import com.mongodb.client.MongoClient;
import dev.enrich.cli.keepa.KeepaTokenCall;
import dev.enrich.client.EnrichException;
import dev.enrich.client.aws.Clients;
import dev.enrich.client.config.Settings;
import dev.enrich.contract.output.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The doctor's checks for where the settings point, in the order they run, with the real clients
 * (built as every command builds them); closing it closes the clients.
 */
public final class StackChecks implements AutoCloseable {
  private final List<AutoCloseable> clients = new ArrayList<>();
  private final List<Check> checks = new ArrayList<>();

  /**
   * @param functionTimeoutSeconds the consumer's timeout, or null when unknown
   * @param env the environment: {@code KEEPA_API_KEY}, {@code ENRICH_KEEPA_ENDPOINT}, {@code AWS_PROFILE}
   */
  public StackChecks(Settings settings, Integer functionTimeoutSeconds, Map<String, String> env) {
    try {
      String howToCreate = howToCreate(settings);
      StsClient sts = keep(Clients.sts(settings));
      SqsClient sqs = keep(Clients.sqs(settings));
      DynamoDbClient dynamo = keep(Clients.dynamo(settings));
      checks.add(new IdentityCheck(new StsCallerIdentity(sts), settings.local(), env.get("AWS_PROFILE")));
      checks.add(new RegionCheck(settings.region(), StackChecks::sdkRegion));
      checks.add(new QueueCheck(new SqsQueueDirectory(sqs), settings.queue(), functionTimeoutSeconds, howToCreate,
          settings.local()));
      checks.add(new TableCheck(new DynamoTableDirectory(dynamo), settings.table(), howToCreate));
      checks.add(mongo(settings));
      checks.add(new KeepaCheck(KeepaTokenCall.fromEnvironment(env), settings.provider()));
    } catch (RuntimeException e) {
      close(); // a bad MongoDB URI, say: the clients built before it are not left open
      throw e;
    }
  }

  public List<Check> checks() {
    return List.copyOf(checks);
  }

  private Check mongo(Settings settings) {
    if (settings.mongoUri() == null || settings.mongoUri().isBlank()) {
      return new MongoCheck(null, null);
    }
    String servers;
    try {
      servers = Clients.mongoServers(settings);
    } catch (EnrichException e) {
      // An unreadable URI is the MongoDB check's failure, not the end of the others.
      return new Check() {
        @Override public String name() {
          return MongoCheck.NAME;
        }
        @Override public CheckResult run() {
          return CheckResult.fail(MongoCheck.NAME, e.getMessage(), "fix --mongodb-uri, MONGODB_URI or mongodb_uri");
        }
      };
    }
    MongoClient mongo = keep(Clients.mongo(settings));
    return new MongoCheck(new DriverProductsDatabase(mongo, settings.mongoDatabase()), servers);
  }

  /** What creates the queues and the table where these settings point: the fix for a missing one. */
  static String howToCreate(Settings settings) {
    if (settings.local()) {
      return "enrich local up";
    }
    String profile = settings.profile();
    String environment = profile != null && profile.startsWith("enrich-") ? profile.substring("enrich-".length()) : "ENV";
    return "scripts/deploy_lambda.sh " + environment + " " + (settings.region() == null ? "REGION" : settings.region());
  }

  private static String sdkRegion() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (SdkClientException e) {
      return null;
    }
  }

  private <T extends AutoCloseable> T keep(T client) {
    clients.add(client);
    return client;
  }

  @Override
  public void close() {
    for (AutoCloseable client : clients) {
      try {
        client.close();
      } catch (Exception e) {
        // Closing a client frees local resources only; the report is already out.
      }
    }
  }
}
