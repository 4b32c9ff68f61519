package dev.enrich.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit --max-tokens}: a catalog of 10 batches of 20 ASINs (20 tokens each) with a budget
 * of 110, every message delivered twice. Five batches fit; the sixth would pass the budget, so it
 * and the rest end FAILED with the reason and spend nothing. Keepa's count, the status table's and
 * the budget agree exactly, duplicates included.
 */
class TokenBudgetIT {
  private static final String KEY = "budget-key";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aTokenBudget_stopsTheCatalogAtTheBudget_exactly_withDuplicatesDelivered(@TempDir Path dir) throws Exception {
    try (StackFixture fixture = new StackFixture();
        KeepaStandIn keepa = KeepaStandIn.builder().key(KEY).initialTokens(10_000).start()) {
      ChaosCatalog catalog = ChaosCatalog.write(dir, "budget", 200);
      CliRun submit = CliRun.of(fixture.args("submit", dir.resolve("budget.csv").toString(), "--catalog-id",
          catalog.id(), "--batch-size", "20", "--max-tokens", "110"));
      assertEquals(0, submit.exitCode(), submit.toString());

      // Every message twice: the copies go in before any is processed.
      fixture.deliverEveryMessageTwice(10);
      var sqs = fixture.stack.sqsClient();

      var provider = Providers.create("keepa", Map.of(Providers.ENV_KEEPA_KEY, KEY,
          Providers.ENV_KEEPA_ENDPOINT, keepa.uri() + "/"), Clock.systemUTC());
      try (LocalWorker worker = new LocalWorker(sqs, fixture.stack.queueUrl(), fixture.stack.config().region(),
          fixture.handler(provider), new WorkerSettings(10, 1, 1, 60), new PrintStream(OutputStream.nullOutputStream()))) {
        worker.start();
        catalog.awaitSettled(fixture, Duration.ofSeconds(90));
      }

      CatalogOutcome outcome = CatalogOutcome.assertExact(fixture, catalog.id(), catalog.skus());
      CatalogStatus status = outcome.status();
      assertEquals(CatalogState.COMPLETED_WITH_FAILURES, status.state());
      assertEquals(100, status.succeeded(), "five batches of 20 fit in 110 tokens");
      assertEquals(100, status.failed());
      assertEquals(100, keepa.tokensConsumed(), "Keepa spent exactly what the five batches needed");
      assertEquals(100, status.tokensSpent(), "the status table counts the tokens Keepa reported, once");
      assertEquals(110L, status.tokenBudget());
      long budgetFailures = fixture.products().countDocuments(new Document("catalog_id", catalog.id())
          .append("reason", new Document("$regex", "token budget reached")));
      assertEquals(100, budgetFailures, "each product over the budget says why");

      List<String> statusArgs = new ArrayList<>(List.of("status", catalog.id(), "--output", "json"));
      statusArgs.addAll(List.of(fixture.flags()));
      JsonNode json = JsonSchemas.assertMatches("status", CliRun.of(statusArgs.toArray(String[]::new)).out());
      assertEquals(100, json.get("tokens_spent").asLong());
      assertEquals(110, json.get("token_budget").asLong());
      List<String> listArgs = new ArrayList<>(List.of("list", "--output", "json"));
      listArgs.addAll(List.of(fixture.flags()));
      JsonNode listed = JsonSchemas.assertMatches("list", CliRun.of(listArgs.toArray(String[]::new)).out());
      assertTrue(listed.toString().contains("\"tokens_spent\":100"), listed.toString());
    }
  }
}
