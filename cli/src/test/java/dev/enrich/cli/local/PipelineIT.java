package dev.enrich.cli.local;

import static dev.enrich.cli.Samples.sample;
import static dev.enrich.cli.Samples.skus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.chaos.CatalogOutcome;
import dev.enrich.cli.worker.LocalWorker;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** submit -> SQS -> worker (real handler) -> MongoDB + DynamoDB -> status, on the real local servers. */
@Tag(StackFixture.AWS_API)
class PipelineIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final StackExtension stack = new StackExtension();

  static JsonNode awaitTerminal(String catalogId) throws Exception {
    Await.catalogTerminal(stack.fixture(), catalogId, Duration.ofSeconds(60));
    CliRun run = CliRun.of(stack.args("status", catalogId, "--output", "json"));
    return JSON.readTree(run.out());
  }

  @Test
  void submit_worker_status_countsAgreeInAllThreeStores() throws Exception {
    CliRun submit = CliRun.of(stack.args("submit", sample("outdoor-80.json").toString(), "--catalog-id", "outdoor", "-o", "json"));
    assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());
    JsonNode submitted = JSON.readTree(submit.out());
    assertEquals(80, submitted.get("products").asInt());
    int batches = submitted.get("batches").asInt();
    assertEquals(batches, submitted.get("sent").asInt());

    CliRun queued = CliRun.of(stack.args("status", "outdoor"));
    assertEquals(ExitCodes.OK, queued.exitCode(), queued.toString());
    assertTrue(queued.out().contains("QUEUED"), queued.out());

    try (LocalWorker worker = stack.fixture().worker(4)) {
      worker.start();
      JsonNode status = awaitTerminal("outdoor");
      assertEquals("COMPLETED", status.get("state").asText());
      assertEquals(80, status.get("products_done").asInt());
      assertEquals(80, status.get("succeeded").asInt());
      assertEquals(0, status.get("failed").asInt());
      assertEquals(batches, status.get("batches").get("completed").asInt());
      assertEquals(0, status.get("batches").get("queued").asInt() + status.get("batches").get("processing").asInt()
          + status.get("batches").get("failing").asInt());
    }

    // MongoDB, DynamoDB and SQS: each product enriched once, each batch counted once, nothing left queued.
    CatalogOutcome.assertExact(stack.fixture(), "outdoor", skus("outdoor-80.json"));
    Document unmarked = stack.fixture().products().find(Filters.and(
        Filters.eq("catalog_id", "outdoor"), Filters.ne("source", "mock"))).first();
    assertNull(unmarked, "every document is marked as mock data");
    Document tent = stack.fixture().products().find(Filters.eq("sku", "OUT-0001")).first();
    assertTrue(tent.get("data", Document.class).getString("asin").startsWith("B0"));

    CliRun done = CliRun.of(stack.args("status", "outdoor"));
    assertEquals(ExitCodes.OK, done.exitCode(), done.toString());
    assertTrue(done.out().contains("80 / 80 done"), done.out());
  }

  @Test
  void resubmit_ofTheSameFileSendsNothing_andADifferentFileIsRefused() throws Exception {
    CliRun first = CliRun.of(stack.args("submit", sample("kitchen-12.csv").toString(), "--catalog-id", "kitchen", "-o", "json"));
    assertEquals(ExitCodes.OK, first.exitCode(), first.toString());
    CliRun again = CliRun.of(stack.args("submit", sample("kitchen-12.csv").toString(), "--catalog-id", "kitchen", "-o", "json"));
    assertEquals(ExitCodes.OK, again.exitCode(), again.toString());
    JsonNode resumed = JSON.readTree(again.out());
    assertEquals(0, resumed.get("sent").asInt());
    assertTrue(resumed.get("resumed").asBoolean());

    CliRun other = CliRun.of(stack.args("submit", sample("outdoor-80.json").toString(), "--catalog-id", "kitchen"));
    assertEquals(ExitCodes.USAGE, other.exitCode(), other.toString());
    assertTrue(other.err().contains("different file"), other.toString());
  }

  @Test
  void status_ofAnUnknownCatalog_exits3() {
    CliRun run = CliRun.of(stack.args("status", "no-such-catalog"));
    assertEquals(ExitCodes.NOT_FOUND, run.exitCode(), run.toString());
    assertTrue(run.err().contains("no-such-catalog"), run.toString());
  }
}
