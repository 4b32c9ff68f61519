package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.client.submit.CatalogRegistration;
import dev.enrich.client.submit.DynamoSubmitLedger;
import dev.enrich.contract.StatusTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The jar that goes to Lambda, run as Lambda would: alone in a fresh JVM, wired only from the
 * environment it is given, on one SQS event (its {@code LocalRuntime}: the partial batch response on
 * stdout, the JSON log on stderr).
 */
final class LambdaJar {
  /** events/duplicate-delivery.json: one batch of 4 products of this catalog, delivered three times. */
  static final String FIXTURE_CATALOG = "fixture-duplicates";

  private LambdaJar() {}

  /** What a run left: its exit code (0 no record failed, 1 some failed), the response and the log. */
  record Run(int exit, String response, String log) {}

  static Path duplicateDeliveryEvent() {
    return Path.of(System.getProperty("enrich.home", "..")).resolve("events/duplicate-delivery.json");
  }

  /** Registers the fixture's catalog as submit would, so the event's batch belongs to a catalog. */
  static void registerDuplicateDeliveryCatalog(StackFixture fixture) {
    Instant submittedAt = Instant.parse("2026-11-30T09:00:00Z");
    DynamoSubmitLedger ledger = new DynamoSubmitLedger(fixture.stack.dynamoClient(), fixture.stack.config().tableName());
    ledger.register(new CatalogRegistration(FIXTURE_CATALOG, "fixture-user", "duplicate-delivery.json", "h",
        4, 0, 1, 4, StatusTable.shardCountFor(1), Map.of(), submittedAt));
    ledger.addPending(FIXTURE_CATALOG, Map.of(StatusTable.batchId(1), 4), submittedAt);
    ledger.markSent(FIXTURE_CATALOG, submittedAt);
  }

  /** Runs the jar on {@code event} with exactly {@code environment} (and PATH); files go to {@code dir}. */
  static Run run(Path event, Map<String, String> environment, Path dir) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("lambda.jar", "../lambda/target/enrich-lambda-0.1.0-SNAPSHOT-aws.jar"));
    assertTrue(Files.isRegularFile(jar), "build the lambda module first: " + jar);
    Path out = Files.createTempFile(dir, "lambda-out", ".json");
    Path err = Files.createTempFile(dir, "lambda-err", ".log");
    ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", jar.toString(), "dev.enrich.lambda.LocalRuntime", event.toString()))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().put("PATH", System.getenv("PATH"));
    Process p = builder.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the function did not finish");
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip(),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
