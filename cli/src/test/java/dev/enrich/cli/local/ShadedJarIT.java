package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.submit.CatalogRegistration;
import dev.enrich.cli.submit.DynamoSubmitLedger;
import dev.enrich.cli.track.StatusReader;
import dev.enrich.lambda.ConsumerWiring;
import dev.enrich.lambda.contract.StatusTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar that goes to Lambda, run alone in a fresh JVM on a fixture against a local stack, wired
 * only from environment variables as on Lambda. A class left out of the shaded jar fails here
 * rather than in production.
 */
class ShadedJarIT {
  private static StackFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new StackFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void theLambdaJar_enrichesAFixture_withNothingButItsOwnClasses() throws Exception {
    Path jar = Path.of(System.getProperty("lambda.jar", "../lambda/target/enrich-lambda-0.1.0-SNAPSHOT-aws.jar"));
    assertTrue(Files.isRegularFile(jar), "build the lambda module first: " + jar);
    Path event = Path.of(System.getProperty("enrich.home", "..")).resolve("events/duplicate-delivery.json");
    Instant submittedAt = Instant.parse("2026-11-30T09:00:00Z");
    DynamoSubmitLedger ledger = new DynamoSubmitLedger(fixture.stack.dynamoClient(), fixture.stack.config().tableName());
    ledger.register(new CatalogRegistration("fixture-duplicates", "fixture-user", "duplicate-delivery.json", "h",
        4, 0, 1, 4, StatusTable.shardCountFor(1), Map.of(), submittedAt));
    ledger.addPending("fixture-duplicates", Map.of(StatusTable.batchId(1), 4), submittedAt);
    ledger.markSent("fixture-duplicates", submittedAt);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path out = Files.createTempFile("lambda-out", ".json");
    Path err = Files.createTempFile("lambda-err", ".log");
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", jar.toString(),
        "dev.enrich.lambda.LocalRuntime", event.toString()))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().clear();
    builder.environment().putAll(Map.of(
        ConsumerWiring.ENV_TABLE, fixture.stack.config().tableName(),
        ConsumerWiring.ENV_MONGODB_URI, fixture.stack.mongoUri(),
        ConsumerWiring.ENV_MONGO_DATABASE, fixture.stack.config().mongoDatabase(),
        ConsumerWiring.ENV_PROVIDER, "mock",
        ConsumerWiring.ENV_DYNAMODB_ENDPOINT, fixture.stack.dynamoEndpoint().toString(),
        ConsumerWiring.ENV_SQS_ENDPOINT, fixture.stack.sqsEndpoint().toString(),
        "AWS_REGION", fixture.stack.config().region(),
        "PATH", System.getenv("PATH")));
    Process p = builder.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the function did not finish");
    String log = Files.readString(err, StandardCharsets.UTF_8);
    String response = Files.readString(out, StandardCharsets.UTF_8).strip();
    Files.delete(out);
    Files.delete(err);

    assertEquals(0, p.exitValue(), log);
    assertEquals("{\"batchItemFailures\":[]}", response, log);
    assertEquals(1, log.split("\"outcome\":\"COMPLETED\"", -1).length - 1, log);
    assertEquals(2, log.split("\"outcome\":\"DUPLICATE\"", -1).length - 1, log);
    assertEquals(4, fixture.mongoCount("fixture-duplicates"));
    assertEquals(4, new StatusReader(fixture.stack.dynamoClient(), fixture.stack.config().tableName())
        .read("fixture-duplicates").productsDone());
  }
}
