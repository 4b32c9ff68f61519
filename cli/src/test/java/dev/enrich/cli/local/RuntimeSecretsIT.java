package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.security.AuthenticatingMongo;
import dev.enrich.lambda.BatchProcessor;
import dev.enrich.lambda.ConsumerWiring;
import dev.enrich.lambda.store.MongoProductStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The consumer's secrets read at run time from Secrets Manager (moto_server's), never from its
 * configuration: the Lambda jar, given only the secret's name, enriches into a MongoDB that takes
 * a password; and after the password is rotated, in MongoDB and in the secret, the consumer reads
 * the secret again on the first refusal and carries on without a restart.
 */
class RuntimeSecretsIT {
  private static final String SECRET = "enrich/it/mongodb-uri";
  private static final String PASSWORD = "first-Password-1";
  private static final String ROTATED = "second-Password-2";
  @RegisterExtension
  static final StackExtension stack = new StackExtension();
  private static MotoServer moto;
  private static AuthenticatingMongo mongo;
  private static SecretsManagerClient secrets;
  /** MongoDB's password now. */
  private static volatile String current = PASSWORD;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start("127.0.0.1");
    mongo = new AuthenticatingMongo("enrich", PASSWORD);
    secrets = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(moto.sqsEndpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    secrets.createSecret(b -> b.name(SECRET).secretString(mongo.uri("enrich", PASSWORD)));
  }

  @AfterAll
  static void stop() throws Exception {
    secrets.close();
    mongo.close();
    moto.close();
  }

  /** The function's environment as the template sets it: the secret's name, no connection string. */
  private static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put(ConsumerWiring.ENV_TABLE, stack.fixture().stack.config().tableName());
    env.put(ConsumerWiring.ENV_MONGODB_URI_SECRET, SECRET);
    env.put(ConsumerWiring.ENV_PROVIDER, "mock");
    env.put(ConsumerWiring.ENV_DYNAMODB_ENDPOINT, stack.fixture().stack.dynamoEndpoint().toString());
    env.put(ConsumerWiring.ENV_SQS_ENDPOINT, stack.fixture().stack.sqsEndpoint().toString());
    env.put(ConsumerWiring.ENV_SECRETSMANAGER_ENDPOINT, moto.sqsEndpoint().toString());
    env.put("AWS_REGION", "us-east-1");
    return env;
  }

  private static long products(String catalogId) {
    try (MongoClient client = MongoClients.create(mongo.uri("enrich", current))) {
      return client.getDatabase("enrich").getCollection(MongoProductStore.COLLECTION)
          .countDocuments(new org.bson.Document("catalog_id", catalogId));
    }
  }

  @Test
  void theLambdaJar_readsTheConnectionStringFromSecretsManager_andItIsInNoOutput() throws Exception {
    LambdaJar.registerDuplicateDeliveryCatalog(stack.fixture());
    LambdaJar.Run run = LambdaJar.run(LambdaJar.duplicateDeliveryEvent(), environment(), dir);
    String log = run.log();

    assertEquals(0, run.exit(), log);
    assertEquals("{\"batchItemFailures\":[]}", run.response(), log);
    assertEquals(4, products("fixture-duplicates"), log);
    assertFalse(log.contains(PASSWORD) || String.join(" ", environment().values()).contains(PASSWORD),
        "the password is in no output and not in the function's environment");
  }

  @Test
  void aRotatedPassword_isReadAgainAfterTheFirstRefusal_withoutARestart() throws Exception {
    CliRun submit = CliRun.of(concat(new String[] {"submit",
        Path.of(System.getProperty("enrich.home", "..")).resolve("sample-catalogs/kitchen-12.csv").toString(),
        "--catalog-id", "rotation", "--batch-size", "6"}, stack.fixture().flags()));
    assertEquals(0, submit.exitCode(), submit.toString());
    List<Message> messages = stack.fixture().stack.sqsClient().receiveMessage(b -> b.queueUrl(stack.fixture().stack.queueUrl())
        .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
    assertEquals(2, messages.size(), "kitchen-12 in two batches of 6");
    BatchProcessor processor = ConsumerWiring.fromEnvironment(environment()).processor();

    assertEquals(BatchProcessor.Outcome.COMPLETED, processor.process(messages.get(0).body()).outcome());

    // The rotation: MongoDB takes only the new password from now on (connections made before are
    // dropped, as a restart or a failover would), and the secret holds the new connection string.
    mongo.stop();
    mongo.password(ROTATED);
    mongo.start();
    current = ROTATED;
    secrets.putSecretValue(b -> b.secretId(SECRET).secretString(mongo.uri("enrich", ROTATED)));

    BatchProcessor.Result second = processor.process(messages.get(1).body());
    assertEquals(BatchProcessor.Outcome.COMPLETED, second.outcome(), String.valueOf(second.error()));
    assertEquals(12, products("rotation"));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
