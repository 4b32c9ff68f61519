package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.cli.security.AuthenticatingMongo;
import dev.enrich.cli.submit.CatalogRegistration;
import dev.enrich.cli.submit.DynamoSubmitLedger;
import dev.enrich.lambda.ConsumerWiring;
import dev.enrich.lambda.EventLog;
import dev.enrich.lambda.contract.StatusTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outage the Lambda Errors metric cannot see: the Lambda jar, wired from its environment as on
 * Lambda, runs against a MongoDB that refuses its password. The handler does not throw (the
 * records come back as partial batch failures), and the EMF lines the failed-products alarm reads
 * count every product of those batches in ProductsFailed.
 */
class FailureMetricsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static StackFixture fixture;
  private static AuthenticatingMongo mongo;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    fixture = new StackFixture();
    mongo = new AuthenticatingMongo("enrich", "the-right-password");
  }

  @AfterAll
  static void stop() throws Exception {
    mongo.close();
    fixture.close();
  }

  @Test
  void aWrongMongoPassword_failsNoInvocation_butCountsEveryProductInProductsFailed() throws Exception {
    // events/duplicate-delivery.json: one batch of 4 products, delivered three times.
    Path event = Path.of(System.getProperty("enrich.home", "..")).resolve("events/duplicate-delivery.json");
    Instant submittedAt = Instant.parse("2026-11-30T09:00:00Z");
    DynamoSubmitLedger ledger = new DynamoSubmitLedger(fixture.stack.dynamoClient(), fixture.stack.config().tableName());
    ledger.register(new CatalogRegistration("fixture-duplicates", "fixture-user", "duplicate-delivery.json", "h",
        4, 0, 1, 4, StatusTable.shardCountFor(1), Map.of(), submittedAt));
    ledger.addPending("fixture-duplicates", Map.of(StatusTable.batchId(1), 4), submittedAt);
    ledger.markSent("fixture-duplicates", submittedAt);

    Path jar = Path.of(System.getProperty("lambda.jar", "../lambda/target/enrich-lambda-0.1.0-SNAPSHOT-aws.jar"));
    Path out = dir.resolve("response.json");
    Path err = dir.resolve("log.jsonl");
    ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", jar.toString(), "dev.enrich.lambda.LocalRuntime", event.toString()))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().clear();
    builder.environment().putAll(Map.of(
        ConsumerWiring.ENV_TABLE, fixture.stack.config().tableName(),
        ConsumerWiring.ENV_MONGODB_URI, mongo.uri("enrich", "a-wrong-password"),
        ConsumerWiring.ENV_PROVIDER, "mock",
        ConsumerWiring.ENV_ENVIRONMENT, "prod",
        ConsumerWiring.ENV_DYNAMODB_ENDPOINT, fixture.stack.dynamoEndpoint().toString(),
        ConsumerWiring.ENV_SQS_ENDPOINT, fixture.stack.sqsEndpoint().toString(),
        "AWS_REGION", fixture.stack.config().region(),
        "PATH", System.getenv("PATH")));
    Process p = builder.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the function did not finish");
    String log = Files.readString(err, StandardCharsets.UTF_8);

    // Every record failed, reported in the response: the invocation itself succeeded (no Errors).
    assertEquals(1, p.exitValue(), "exit 1: some records failed\n" + log);
    assertEquals(3, JSON.readTree(Files.readString(out)).get("batchItemFailures").size(), log);
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
