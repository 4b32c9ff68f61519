package dev.enrich.client.track;

import static dev.enrich.cli.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.contract.Product;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.enrich.MockProvider;
import dev.enrich.lambda.enrich.TransientEnrichmentException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** status, --watch, --wait, --batches and --failures against the real local stack. */
@Tag(StackFixture.AWS_API)
class StatusIT {
  @RegisterExtension
  static final StackExtension stack = new StackExtension(c -> c.withVisibilityTimeoutSeconds(1).withMaxReceiveCount(2));

  /** The stack's flags without --mongodb-uri: a user who has only the status table configured. */
  private static String[] withoutMongo(String... head) {
    List<String> all = new ArrayList<>(List.of(head));
    String[] flags = stack.fixture().flags();
    for (int i = 0; i < flags.length; i++) {
      if (flags[i].equals("--mongodb-uri")) {
        i++;
      } else {
        all.add(flags[i]);
      }
    }
    return all.toArray(String[]::new);
  }

  private static void submit(String file, String catalogId, String... more) {
    List<String> a = new ArrayList<>(List.of("submit", sample(file).toString(), "--catalog-id", catalogId));
    a.addAll(List.of(more));
    CliRun run = CliRun.of(stack.args(a.toArray(String[]::new)));
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
  }

  /** The mock provider, slowed down so a watch sees the catalog move, failing what the test says. */
  private static final class TestProvider implements EnrichmentProvider {
    private final MockProvider mock = new MockProvider(Clock.systemUTC());
    private final long delayMillis;
    private final Set<String> failSkus;
    private final String brokenFirstSku;

    TestProvider(long delayMillis, Set<String> failSkus, String brokenFirstSku) {
      this.delayMillis = delayMillis;
      this.failSkus = failSkus;
      this.brokenFirstSku = brokenFirstSku;
    }

    @Override
    public String name() {
      return mock.name();
    }

    @Override
    public List<EnrichmentResult> enrich(List<Product> products, Map<String, String> options) {
      if (brokenFirstSku != null && products.get(0).sku().equals(brokenFirstSku)) {
        throw new TransientEnrichmentException("provider timed out for this batch (test)");
      }
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<EnrichmentResult> out = new ArrayList<>();
      for (EnrichmentResult r : mock.enrich(products, options)) {
        out.add(failSkus.contains(r.product().sku())
            ? EnrichmentResult.failed(r.product(), mock.name(), "not found on the marketplace (test)") : r);
      }
      return out;
    }
  }

  @Test
  void status_withAKeepaRate_givesTheTokenTimeAsEta_beforeAnythingIsDone() {
    submit("kitchen-12.csv", "kitchen-token-eta");
    CliRun observed = CliRun.of(stack.args("status", "kitchen-token-eta", "--output", "json"));
    assertNull(JsonSchemas.assertMatches("status", observed.out()).get("eta_seconds").numberValue(), observed.out());
    CliRun planned = CliRun.of(stack.args("status", "kitchen-token-eta", "--keepa-rate", "6/min", "--output", "json"));
    assertEquals(ExitCodes.OK, planned.exitCode(), planned.toString());
    JsonNode report = JsonSchemas.assertMatches("status", planned.out());
    assertEquals("QUEUED", report.get("state").asText());
    assertEquals(120, report.get("eta_seconds").asLong(), planned.out()); // 12 tokens at 6 a minute
  }

  @Test
  void watch_withoutATerminal_printsPlainLines_thenTheSummary_andExits0() throws Exception {
    submit("garden-450.tsv", "garden-watch", "--batch-size", "15");
    try (LocalWorker worker = stack.fixture().worker(2, new TestProvider(150, Set.of(), null))) {
      worker.start();
      CliRun watch = CliRun.of(stack.args("status", "garden-watch", "--watch", "--interval", "0.3"));
      assertEquals(ExitCodes.OK, watch.exitCode(), watch.toString());
      List<String> lines = watch.out().lines().toList();
      long progressLines = lines.stream().filter(l -> l.contains("garden-watch  IN_PROGRESS")
          || l.contains("garden-watch  QUEUED")).count();
      assertTrue(progressLines >= 3, "one line per refresh while it runs:\n" + watch.out());
      assertTrue(lines.stream().anyMatch(l -> l.contains("products/s")), watch.out());
      assertTrue(watch.out().contains("state      COMPLETED"), "ends with the summary:\n" + watch.out());
      assertTrue(watch.out().contains("products   452 / 452 done (100.0%)"), watch.out());
    }
    CliRun again = CliRun.of(stack.args("status", "garden-watch", "-o", "json"));
    JsonNode status = JsonSchemas.assertMatches("status", again.out());
    assertEquals(31, status.get("batches").get("completed").asInt());
    assertEquals(0, status.get("batches").get("queued").asInt());
    assertTrue(status.get("products_per_second").asDouble() > 0, again.out());
    assertTrue(status.get("eta_seconds").isNull(), "no ETA once finished");
  }

  @Test
  void watchJson_printsOneSchemaDocumentPerRefresh_andWaitPrintsOne() throws Exception {
    submit("kitchen-12.csv", "kitchen-json", "--batch-size", "2");
    try (LocalWorker worker = stack.fixture().worker(1, new TestProvider(200, Set.of("KIT-0003"), null))) {
      worker.start();
      CliRun watch = CliRun.of(stack.args("status", "kitchen-json", "--watch", "--interval", "0.2", "--output", "json"));
      assertEquals(ExitCodes.SOME_FAILED, watch.exitCode(), "completed with a failed product: " + watch);
      List<String> docs = watch.out().lines().toList();
      assertTrue(docs.size() >= 2, watch.out());
      docs.forEach(d -> JsonSchemas.assertMatches("status", d));
      assertEquals("COMPLETED_WITH_FAILURES", JsonSchemas.assertMatches("status", docs.get(docs.size() - 1))
          .get("state").asText());
    }
    CliRun wait = CliRun.of(stack.args("status", "kitchen-json", "--wait", "--output", "json"));
    assertEquals(ExitCodes.SOME_FAILED, wait.exitCode(), wait.toString());
    JsonNode done = JsonSchemas.assertMatches("status", wait.out());
    assertEquals(11, done.get("succeeded").asInt());
    assertEquals(1, done.get("failed").asInt());

    CliRun failures = CliRun.of(stack.args("status", "kitchen-json", "--failures", "--output", "json"));
    assertEquals(ExitCodes.OK, failures.exitCode(), failures.toString());
    JsonNode report = JsonSchemas.assertMatches("failures", failures.out());
    assertEquals(1, report.get("failed_products_total").asInt());
    assertEquals("KIT-0003", report.get("failed_products").get(0).get("sku").asText());
    assertEquals(4, report.get("failed_products").get(0).get("line").asInt());
    assertEquals("not found on the marketplace (test)", report.get("failed_products").get(0).get("reason").asText());
    assertEquals(0, report.get("failed_batches").size());
  }

  @Test
  void batches_pageThroughEveryBatchOnce_andFilterByState() throws Exception {
    submit("outdoor-80.json", "outdoor-pages", "--batch-size", "7");
    try (LocalWorker worker = stack.fixture().worker(2, new TestProvider(0, Set.of(), null))) {
      worker.start();
      assertEquals(ExitCodes.OK, CliRun.of(stack.args("status", "outdoor-pages", "--wait", "--interval", "0.2")).exitCode());
    }
    Set<String> seen = new HashSet<>();
    String after = null;
    int pages = 0;
    do {
      List<String> a = new ArrayList<>(List.of("status", "outdoor-pages", "--batches", "--limit", "5", "-o", "json"));
      if (after != null) {
        a.addAll(List.of("--after", after));
      }
      CliRun page = CliRun.of(stack.args(a.toArray(String[]::new)));
      assertEquals(ExitCodes.OK, page.exitCode(), page.toString());
      JsonNode doc = JsonSchemas.assertMatches("batches", page.out());
      doc.get("batches").forEach(b -> {
        assertTrue(seen.add(b.get("batch_id").asText()), "listed twice: " + b);
        assertEquals("COMPLETED", b.get("status").asText());
      });
      after = doc.get("next").isNull() ? null : doc.get("next").asText();
      pages++;
    } while (after != null);
    assertEquals(12, seen.size(), "80 products in batches of 7");
    assertTrue(pages >= 3, "several pages: " + pages);

    CliRun none = CliRun.of(stack.args("status", "outdoor-pages", "--batches", "--state", "FAILED", "-o", "json"));
    JsonNode empty = JsonSchemas.assertMatches("batches", none.out());
    assertEquals(0, empty.get("batches").size());
    assertNull(empty.get("next").textValue());
    CliRun text = CliRun.of(stack.args("status", "outdoor-pages", "--batches", "--limit", "3"));
    assertTrue(text.out().contains("B#000001   COMPLETED") && text.out().contains("more: --after B#000003"), text.out());
  }

  @Test
  void aBatchThatKeepsFailing_showsAsFailing_withItsError_untilTheDlq() throws Exception {
    submit("kitchen-12.csv", "kitchen-broken", "--batch-size", "6");
    try (LocalWorker worker = stack.fixture().worker(1, new TestProvider(0, Set.of(), "KIT-0001"))) {
      worker.start();
      JsonNode status = Await.until(() -> JsonSchemas.assertMatches("status",
              CliRun.of(stack.args("status", "kitchen-broken", "-o", "json")).out()),
          s -> s.get("batches").get("completed").asInt() >= 1
              && stack.fixture().messagesIn(stack.fixture().stack.dlqUrl()) >= 1,
          Duration.ofSeconds(30), Duration.ofMillis(300), s -> "the failing batch to settle: " + s);
      assertEquals("IN_PROGRESS", status.get("state").asText());
      assertEquals(1, status.get("batches").get("failing").asInt(), status.toString());
      assertEquals(0, status.get("batches").get("queued").asInt() + status.get("batches").get("processing").asInt());
    }
    CliRun failures = CliRun.of(withoutMongo("status", "kitchen-broken", "--failures"));
    assertEquals(ExitCodes.OK, failures.exitCode(), failures.toString());
    assertTrue(failures.out().contains("failing batches: 1"), failures.out());
    assertTrue(failures.out().contains("B#000001   FAILED") && failures.out().contains("provider timed out"), failures.out());
    assertTrue(failures.err().contains("no MongoDB configured"), failures.err());
  }

  @Test
  void waitWithATimeout_onACatalogNoWorkerTakes_givesUpWithOneLine_andExits124() {
    submit("kitchen-12.csv", "kitchen-stuck");
    long started = System.nanoTime();
    CliRun wait = CliRun.of(stack.args("status", "kitchen-stuck", "--wait", "--timeout", "1s", "--output", "json"));
    long seconds = (System.nanoTime() - started) / 1_000_000_000;
    assertEquals(ExitCodes.TIMED_OUT, wait.exitCode(), wait.toString());
    assertTrue(seconds < 10, "the 2 s interval is cut to the timeout, took " + seconds + " s");
    assertEquals("QUEUED", JsonSchemas.assertMatches("status", wait.out()).get("state").asText());
    assertEquals(List.of("status: catalog kitchen-stuck still QUEUED after 1s: 0 / 12 products done (0.0%), 0 failed; "
        + "it goes on without you waiting"), wait.err().lines().toList());

    CliRun watch = CliRun.of(stack.args("status", "kitchen-stuck", "--watch", "--timeout", "1s", "--interval", "0.2"));
    assertEquals(ExitCodes.TIMED_OUT, watch.exitCode(), watch.toString());
    assertTrue(watch.err().contains("still QUEUED after 1s"), watch.toString());

    CliRun alone = CliRun.of(stack.args("status", "kitchen-stuck", "--timeout", "1s"));
    assertEquals(ExitCodes.USAGE, alone.exitCode(), alone.toString());
    CliRun bad = CliRun.of(stack.args("status", "kitchen-stuck", "--wait", "--timeout", "soon"));
    assertEquals(ExitCodes.USAGE, bad.exitCode(), bad.toString());
    assertEquals(ExitCodes.OK, CliRun.of(stack.args("cancel", "kitchen-stuck")).exitCode(), "tidy up for the other tests");
  }

  @Test
  void usageAndNotFound_haveTheirExitCodes() {
    CliRun unknown = CliRun.of(stack.args("status", "no-such-catalog", "--watch"));
    assertEquals(ExitCodes.NOT_FOUND, unknown.exitCode(), unknown.toString());
    assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
    CliRun misuse = CliRun.of(stack.args("status", "x", "--state", "FAILED"));
    assertEquals(ExitCodes.USAGE, misuse.exitCode(), misuse.toString());
    CliRun both = CliRun.of(stack.args("status", "x", "--watch", "--wait"));
    assertEquals(ExitCodes.USAGE, both.exitCode(), both.toString());
  }
}
