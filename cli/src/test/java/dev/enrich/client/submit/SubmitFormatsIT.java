package dev.enrich.client.submit;

import static dev.enrich.cli.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.worker.LocalWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every sample format through the real command line, ElasticMQ, the real handler, dynalite and
 * mongo-java-server: what {@code validate} accepts is exactly what ends enriched and counted.
 */
class SubmitFormatsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final StackExtension stack = new StackExtension();
  private static LocalWorker worker;

  @BeforeAll
  static void start() throws Exception {
    worker = stack.fixture().worker(4);
    worker.start();
  }

  @AfterAll
  static void stop() throws Exception {
    worker.close();
  }

  private static JsonNode awaitTerminal(String catalogId) throws Exception {
    Await.catalogTerminal(stack.fixture(), catalogId, Duration.ofSeconds(120));
    CliRun run = CliRun.of(stack.args("status", catalogId, "--output", "json"));
    return JSON.readTree(run.out());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "kitchen-12.csv, 0",
      "outdoor-80.json, 0",
      "home-120-eu.csv, 0",
      "garden-450.tsv, 0",
      "electronics-2500.ndjson, 0",
      "shopify-apparel.csv, 0",
      "amazon-inventory.txt, 0",
      "toys-30-errors.csv, 1",
  })
  void submit_ofEachFormat_enrichesExactlyTheValidProducts(String file, int exitCode) throws Exception {
    CliRun validate = CliRun.of("validate", sample(file).toString(), "-o", "json");
    assertEquals(exitCode, validate.exitCode(), validate.toString());
    long valid = JSON.readTree(validate.out()).get("products").asLong();
    assertTrue(valid > 0, validate.toString());

    String catalogId = "formats-" + file.replaceAll("[^a-z0-9]", "-");
    CliRun submit = CliRun.of(stack.args("submit", sample(file).toString(), "--catalog-id", catalogId, "-o", "json"));
    assertEquals(exitCode, submit.exitCode(), submit.toString());
    JsonNode submitted = JSON.readTree(submit.out());
    assertEquals(valid, submitted.get("products").asLong(), submit.toString());
    assertEquals(submitted.get("batches").asInt(), submitted.get("sent").asInt());

    JsonNode status = awaitTerminal(catalogId);
    assertEquals(valid, status.get("products_done").asLong(), status.toString());
    assertEquals(valid, stack.fixture().mongoCount(catalogId));
  }

  @Test
  void force_replacesACatalogFromAnotherFile_andLeftoverMessagesOfTheOldOneAreDropped(@TempDir Path dir)
      throws Exception {
    worker.close();
    worker = null;
    try {
      CliRun first = CliRun.of(stack.args("submit", sample("outdoor-80.json").toString(), "--catalog-id", "forced", "-o", "json"));
      assertEquals(ExitCodes.OK, first.exitCode(), first.toString());
      CliRun refused = CliRun.of(stack.args("submit", sample("kitchen-12.csv").toString(), "--catalog-id", "forced"));
      assertEquals(ExitCodes.USAGE, refused.exitCode(), refused.toString());
      assertTrue(refused.err().contains("--force"), refused.toString());
      // The old submission's messages are still queued when the new one replaces it.
      Thread.sleep(5); // distinct created_at
      CliRun forced = CliRun.of(stack.args("submit", sample("kitchen-12.csv").toString(), "--catalog-id", "forced",
          "--force", "-o", "json"));
      assertEquals(ExitCodes.OK, forced.exitCode(), forced.toString());
    } finally {
      worker = stack.fixture().worker(4);
      worker.start();
    }
    JsonNode status = awaitTerminal("forced");
    assertEquals(12, status.get("products_done").asLong(), status.toString());
    assertEquals(12, status.get("total_products").asLong(), status.toString());
    Await.until(() -> stack.fixture().messagesIn(stack.fixture().stack.queueUrl()) == 0, Duration.ofSeconds(30),
        () -> "the old messages to be consumed and dropped, "
            + stack.fixture().messagesIn(stack.fixture().stack.queueUrl()) + " left");
    assertEquals(0, stack.fixture().messagesIn(stack.fixture().stack.dlqUrl()));
    assertEquals(12, awaitTerminal("forced").get("products_done").asLong(), "nothing of the old file was counted");
  }

  @Test
  void dryRun_sendsNothing_andPrintsThePlan(@TempDir Path dir) throws Exception {
    int before = stack.fixture().messagesIn(stack.fixture().stack.queueUrl());
    CliRun dry = CliRun.of(stack.args("submit", sample("garden-450.tsv").toString(), "--dry-run", "-o", "json",
        "--max-message-bytes", "262144"));
    assertEquals(ExitCodes.OK, dry.exitCode(), dry.toString());
    JsonNode plan = JSON.readTree(dry.out());
    assertTrue(plan.get("products").asLong() > 400, dry.out());
    assertEquals(262144, plan.get("max_message_bytes").asInt());
    assertTrue(plan.get("keepa_tokens").asLong() == plan.get("products").asLong());
    assertTrue(plan.get("cost_per_thousand_products").get("total_usd").asDouble() > 0, dry.out());
    assertEquals(before, stack.fixture().messagesIn(stack.fixture().stack.queueUrl()));
    CliRun status = CliRun.of(stack.args("status", plan.get("catalog_id").asText()));
    assertEquals(ExitCodes.NOT_FOUND, status.exitCode(), "a dry run registers nothing: " + status);
    assertTrue(Files.exists(sample("garden-450.tsv")));
  }
}
