package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.cli.security.AuthenticatingMongo;
import dev.enrich.lambda.ConsumerWiring;
import dev.enrich.lambda.EventLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outage the Lambda Errors metric cannot see: the Lambda jar, wired from its environment as on
 * Lambda, runs against a MongoDB that refuses its password. The handler does not throw (the
 * records come back as partial batch failures), and the EMF lines the failed-products alarm reads
 * count every product of those batches in ProductsFailed.
 */
class FailureMetricsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final StackExtension stack = new StackExtension();
  private static AuthenticatingMongo mongo;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    mongo = new AuthenticatingMongo("enrich", "the-right-password");
  }

  @AfterAll
  static void stop() throws Exception {
    mongo.close();
  }

  @Test
  void aWrongMongoPassword_failsNoInvocation_butCountsEveryProductInProductsFailed() throws Exception {
    LambdaJar.registerDuplicateDeliveryCatalog(stack.fixture());
    LambdaJar.Run run = LambdaJar.run(LambdaJar.duplicateDeliveryEvent(), Map.of(
        ConsumerWiring.ENV_TABLE, stack.fixture().stack.config().tableName(),
        ConsumerWiring.ENV_MONGODB_URI, mongo.uri("enrich", "a-wrong-password"),
        ConsumerWiring.ENV_PROVIDER, "mock",
        ConsumerWiring.ENV_ENVIRONMENT, "prod",
        ConsumerWiring.ENV_DYNAMODB_ENDPOINT, stack.fixture().stack.dynamoEndpoint().toString(),
        ConsumerWiring.ENV_SQS_ENDPOINT, stack.fixture().stack.sqsEndpoint().toString(),
        "AWS_REGION", stack.fixture().stack.config().region()), dir);
    String log = run.log();

    // Every record failed, reported in the response: the invocation itself succeeded (no Errors).
    assertEquals(1, run.exit(), "exit 1: some records failed\n" + log);
    assertEquals(3, JSON.readTree(run.response()).get("batchItemFailures").size(), log);
    List<JsonNode> batches = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (line.startsWith("{") && line.contains("\"event\":\"batch\"")) {
        batches.add(JSON.readTree(line));
      }
    }
    assertEquals(3, batches.size(), log);
    int failed = 0;
    for (JsonNode line : batches) {
      assertEquals("RETRY", line.get("outcome").asText(), line.toString());
      assertTrue(line.get("error").asText().contains("MongoDB"), line.toString());
      // Declared as a metric in the namespace and dimension set the alarm reads.
      JsonNode emf = line.get("_aws").get("CloudWatchMetrics").get(0);
      assertEquals(EventLog.NAMESPACE, emf.get("Namespace").asText());
      assertEquals("[[\"Service\",\"Environment\"]]", emf.get("Dimensions").toString());
      assertTrue(emf.get("Metrics").toString().contains("\"ProductsFailed\""), emf.toString());
      assertEquals("prod", line.get("Environment").asText());
      failed += line.get("ProductsFailed").asInt();
      assertEquals(0, line.get("ProductsEnriched").asInt());
    }
    assertEquals(12, failed, "the 4 products of each of the 3 failed deliveries");
  }
}
