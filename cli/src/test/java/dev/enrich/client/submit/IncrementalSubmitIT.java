package dev.enrich.client.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.chaos.CatalogOutcome;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.client.track.StatusReader;
import dev.enrich.contract.BatchMessage;
import dev.enrich.contract.Fingerprint;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.Product;
import dev.enrich.contract.ProductDocument;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code submit --incremental} end to end (docs/architecture.md section 10): a 2,000-product catalog
 * is enriched through the real command line, worker and Keepa stand-in; the seller's next file
 * changes 50 products and drops 20. The dry run predicts 50, the submit sends exactly those 50 (in
 * the queue's messages and in Keepa's requests), removes the 20 from MongoDB, and the status table
 * counts the round exactly. The same file once more sends nothing and completes at once.
 */
@Tag(StackFixture.AWS_API)
class IncrementalSubmitIT {
  private static final String KEY = "incremental-key";
  private static final String ID = "incremental";
  private static final int PRODUCTS = 2_000;
  private static final MessageCodec CODEC = new MessageCodec();

  private static String sku(int i) {
    return String.format(Locale.ROOT, "INC-%05d", i);
  }

  private static String asin(int i) {
    return String.format(Locale.ROOT, "B0%08d", i);
  }

  /** Products 1..2,000 except {@code removed}; those in {@code changed} have a new title and price. */
  private static Path write(Path dir, String name, Set<Integer> changed, Set<Integer> removed) throws IOException {
    StringBuilder csv = new StringBuilder("sku,asin,title,price,color\n");
    for (int i = 1; i <= PRODUCTS; i++) {
      if (removed.contains(i)) {
        continue;
      }
      boolean v2 = changed.contains(i);
      csv.append(String.format(Locale.ROOT, "%s,%s,%s %d,%d.%s,%s%n", sku(i), asin(i), v2 ? "Renamed product" : "Product",
          i, i % 300, v2 ? "49" : "99", i % 2 == 0 ? "black" : "red"));
    }
    return Files.writeString(dir.resolve(name), csv);
  }

  private static CliRun cli(StackFixture fixture, String... head) {
    return CliRun.of(fixture.args(head));
  }

  @Test
  void aNewVersion_sendsExactlyTheChangedProducts_removesTheDropped_andCountsTheRoundExactly(@TempDir Path dir)
      throws Exception {
    Set<Integer> changed = new LinkedHashSet<>();
    Set<Integer> removed = new LinkedHashSet<>();
    for (int i = 1; i <= PRODUCTS; i++) {
      if (i % 40 == 7) {
        changed.add(i); // 50 of them
      } else if (i % 100 == 13) {
        removed.add(i); // 20 of them
      }
    }
    assertEquals(50, changed.size());
    assertEquals(20, removed.size());
    Path v1 = write(dir, "spring.csv", Set.of(), Set.of());
    Path v2 = write(dir, "spring-v2.csv", changed, removed);

    try (StackFixture fixture = new StackFixture();
        KeepaStandIn keepa = KeepaStandIn.builder().key(KEY).initialTokens(100_000).start()) {
      EnrichmentProvider provider = Providers.create("keepa", Map.of(Providers.ENV_KEEPA_KEY, KEY,
          Providers.ENV_KEEPA_ENDPOINT, keepa.uri() + "/"), Clock.systemUTC());

      // The first version, whole; --incremental on a catalog that does not exist yet sends everything.
      CliRun first = cli(fixture, "submit", v1.toString(), "--catalog-id", ID, "--incremental", "-o", "json");
      assertEquals(ExitCodes.OK, first.exitCode(), first.toString());
      JsonNode firstJson = JsonSchemas.assertMatches("submit", first.out());
      assertEquals(PRODUCTS, firstJson.get("products").asInt());
      assertEquals(0, firstJson.get("unchanged").asInt());
      drain(fixture, provider);
      Set<String> v1Skus = new HashSet<>();
      for (int i = 1; i <= PRODUCTS; i++) {
        v1Skus.add(sku(i));
      }
      CatalogOutcome.assertExact(fixture, ID, v1Skus);
      assertEquals(PRODUCTS, asinsRequested(keepa).size());
      int requestsBefore = keepa.productQueries().size();

      // Without --incremental, another file under the same id is still refused.
      CliRun refused = cli(fixture, "submit", v2.toString(), "--catalog-id", ID);
      assertEquals(ExitCodes.USAGE, refused.exitCode(), refused.toString());

      CliRun dry = cli(fixture, "submit", v2.toString(), "--catalog-id", ID, "--incremental", "--max-age", "7d",
          "--dry-run", "-o", "json");
      assertEquals(ExitCodes.OK, dry.exitCode(), dry.toString());
      JsonNode plan = JsonSchemas.assertMatches("submit-dry-run", dry.out());
      assertEquals(50, plan.get("products").asInt(), dry.out());
      assertEquals(1_930, plan.get("unchanged").asInt());
      assertEquals(20, plan.get("removed").asInt());
      assertEquals(1_930, plan.get("tokens_saved").asInt());
      assertEquals(50, plan.get("keepa_tokens").asInt());
      assertEquals(PRODUCTS, fixture.mongoCount(ID), "a dry run removes nothing");
      assertEquals(0, fixture.messagesIn(fixture.stack.queueUrl()), "a dry run sends nothing");
      CliRun dryText = cli(fixture, "submit", v2.toString(), "--catalog-id", ID, "--incremental", "--dry-run");
      assertTrue(dryText.out().contains("unchanged   1,930 not sent"), dryText.out());

      CliRun submit = cli(fixture, "submit", v2.toString(), "--catalog-id", ID, "--incremental", "--max-age", "7d",
          "-o", "json");
      assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());
      JsonNode sent = JsonSchemas.assertMatches("submit", submit.out());
      assertEquals(50, sent.get("products").asInt());
      assertEquals(1_930, sent.get("unchanged").asInt());
      assertEquals(20, sent.get("removed").asInt());
      assertEquals(PRODUCTS - 20, fixture.mongoCount(ID), "the dropped products left MongoDB with the submit");

      // The queue holds exactly the 50 changed products, each once.
      Set<String> expectedSkus = new HashSet<>();
      changed.forEach(i -> expectedSkus.add(sku(i)));
      List<String> queued = queuedSkus(fixture, sent.get("batches").asInt());
      assertEquals(50, queued.size());
      assertEquals(expectedSkus, new HashSet<>(queued));

      drain(fixture, provider);
      Set<String> askedAfter = asinsRequested(keepa, requestsBefore);
      Set<String> changedAsins = new HashSet<>();
      changed.forEach(i -> changedAsins.add(asin(i)));
      assertEquals(changedAsins, askedAfter, "Keepa was asked for the 50 changed products and nothing else");

      CatalogStatus status = new StatusReader(fixture.stack.dynamoClient(), fixture.stack.config().tableName()).read(ID);
      assertEquals(CatalogState.COMPLETED, status.state(), status.toString());
      assertEquals(50, status.totalProducts());
      assertEquals(50, status.productsDone());
      assertEquals(50, status.succeeded());
      assertEquals(0, status.failed());
      assertEquals(status.totalBatches(), status.batches().completed());
      assertEquals(1_930, status.unchangedProducts());
      assertEquals(20, status.removedProducts());
      assertEquals(0, fixture.messagesIn(fixture.stack.queueUrl()));
      assertEquals(0, fixture.messagesIn(fixture.stack.dlqUrl()));
      JsonNode statusJson = JsonSchemas.assertMatches("status", cli(fixture, "status", ID, "-o", "json").out());
      assertEquals(1_930, statusJson.get("unchanged_products").asInt());
      assertEquals(20, statusJson.get("removed_products").asInt());
      assertTrue(cli(fixture, "status", ID).out().contains("unchanged  1,930 not sent (--incremental), 20 removed"));

      // MongoDB: exactly the new file's 1,980 products, enriched, each from its current input.
      Map<String, Document> documents = new HashMap<>();
      for (Document d : fixture.products().find(new Document(ProductDocument.CATALOG_ID, ID))) {
        assertEquals(null, documents.put(d.getString(ProductDocument.SKU), d), "one document per SKU");
      }
      assertEquals(PRODUCTS - 20, documents.size());
      for (int i = 1; i <= PRODUCTS; i++) {
        Document d = documents.get(sku(i));
        if (removed.contains(i)) {
          assertEquals(null, d, sku(i) + " was dropped from the file");
          continue;
        }
        assertNotNull(d, sku(i));
        assertEquals(ProductDocument.ENRICHED, d.getString(ProductDocument.STATUS), sku(i));
        Document input = d.get(ProductDocument.INPUT, Document.class);
        String title = (changed.contains(i) ? "Renamed product " : "Product ") + i;
        assertEquals(title, input.getString(ProductDocument.Input.TITLE), sku(i));
        Product product = new Product(sku(i), asin(i), null, null, null, title, null,
            String.format(Locale.ROOT, "%d.%s", i % 300, changed.contains(i) ? "49" : "99"), 0,
            Map.of("color", i % 2 == 0 ? "black" : "red"));
        assertEquals(Fingerprint.of(product, 1), d.getString(ProductDocument.FINGERPRINT), sku(i));
      }

      // The same file again: nothing to send, the round completes at once.
      CliRun again = cli(fixture, "submit", v2.toString(), "--catalog-id", ID, "--incremental", "-o", "json");
      assertEquals(ExitCodes.OK, again.exitCode(), again.toString());
      JsonNode none = JsonSchemas.assertMatches("submit", again.out());
      assertEquals(0, none.get("products").asInt());
      assertEquals(0, none.get("batches").asInt());
      assertEquals(PRODUCTS - 20, none.get("unchanged").asInt());
      assertEquals(0, fixture.messagesIn(fixture.stack.queueUrl()));
      CatalogStatus idle = new StatusReader(fixture.stack.dynamoClient(), fixture.stack.config().tableName()).read(ID);
      assertEquals(CatalogState.COMPLETED, idle.state(), idle.toString());
      assertEquals(0, idle.totalProducts());
      assertEquals(PRODUCTS - 20, fixture.mongoCount(ID));
    }
  }

  @Test
  void usageErrors_areOneLine_withTheUsageExitCode() throws Exception {
    try (StackFixture fixture = new StackFixture()) {
      Path file = Files.createTempFile("incremental-", ".csv");
      try {
        Files.writeString(file, "sku,asin\nA-1,B000000001\n");
        for (String[] args : List.of(
            new String[] {"submit", file.toString(), "--catalog-id", "x", "--incremental", "--force"},
            new String[] {"submit", file.toString(), "--incremental"},
            new String[] {"submit", file.toString(), "--catalog-id", "x", "--incremental", "--max-age", "7x"},
            new String[] {"submit", file.toString(), "--catalog-id", "x", "--max-age", "7d"})) {
          CliRun run = cli(fixture, args);
          assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
          assertEquals(1, run.err().strip().lines().count(), run.toString());
        }
        CliRun noMongo = CliRun.of("submit", file.toString(), "--catalog-id", "x", "--incremental",
            "--sqs-endpoint", fixture.stack.sqsEndpoint().toString(),
            "--dynamodb-endpoint", fixture.stack.dynamoEndpoint().toString(),
            "--queue", fixture.stack.queueUrl(), "--table", fixture.stack.config().tableName());
        assertEquals(ExitCodes.USAGE, noMongo.exitCode(), noMongo.toString());
        assertTrue(noMongo.err().contains("MongoDB"), noMongo.toString());
      } finally {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Runs the worker until the catalog is final and the queue empty. */
  private static void drain(StackFixture fixture, EnrichmentProvider provider) throws Exception {
    try (LocalWorker worker = fixture.worker(2, provider)) {
      worker.start();
      StatusReader reader = new StatusReader(fixture.stack.dynamoClient(), fixture.stack.config().tableName());
      Await.until(() -> reader.read(ID).state().terminal() && fixture.messagesIn(fixture.stack.queueUrl()) == 0,
          Duration.ofSeconds(120), () -> "catalog " + ID + " to settle: " + reader.read(ID));
    }
  }

  /** The SKUs of every queued message's products; the messages are made visible again after. */
  private static List<String> queuedSkus(StackFixture fixture, int messages) {
    var sqs = fixture.stack.sqsClient();
    List<Message> all = new ArrayList<>();
    for (int polls = 0; all.size() < messages && polls < 30; polls++) {
      all.addAll(sqs.receiveMessage(b -> b.queueUrl(fixture.stack.queueUrl()).maxNumberOfMessages(10)
          .waitTimeSeconds(1)).messages());
    }
    List<String> skus = new ArrayList<>();
    for (Message m : all) {
      BatchMessage batch = CODEC.read(m.body());
      batch.products().forEach(p -> skus.add(p.sku()));
      sqs.changeMessageVisibility(b -> b.queueUrl(fixture.stack.queueUrl()).receiptHandle(m.receiptHandle())
          .visibilityTimeout(0));
    }
    assertEquals(messages, all.size(), "every message of the round");
    return skus;
  }

  private static Set<String> asinsRequested(KeepaStandIn keepa) {
    return asinsRequested(keepa, 0);
  }

  /** The ASINs Keepa was asked for in its product requests from the {@code from}-th on. */
  private static Set<String> asinsRequested(KeepaStandIn keepa, int from) {
    List<String> queries = keepa.productQueries();
    List<String> asins = new ArrayList<>();
    for (String query : queries.subList(from, queries.size())) {
      for (String param : query.split("&")) {
        if (param.startsWith("asin=")) {
          asins.addAll(List.of(java.net.URLDecoder.decode(param.substring("asin=".length()),
              java.nio.charset.StandardCharsets.UTF_8).split(",")));
        }
      }
    }
    Set<String> distinct = new HashSet<>(asins);
    assertEquals(asins.size(), distinct.size(), "no ASIN asked for twice");
    return distinct;
  }
}
