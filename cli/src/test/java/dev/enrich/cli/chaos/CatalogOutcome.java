package dev.enrich.cli.chaos;

import static org.junit.jupiter.api.Assertions.fail;

import com.mongodb.client.model.Filters;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.client.track.StatusReader;
import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.lambda.store.Attributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bson.Document;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What every chaos test asserts once its fault is over and the queue has drained: each product of
 * the catalog is in MongoDB exactly once, enriched or failed with a reason; the status table counts
 * exactly the catalog's products and batches, each batch once and COMPLETED, none left listed as
 * queued, processing or failing; the queue and the DLQ are empty. The state is read from the
 * stores by {@link #observe} and judged by {@link #violations()}, a pure function, so that a test
 * can show it catches crafted bad states.
 *
 * @param skus the catalog's valid products, as submitted
 * @param documents the catalog's documents in MongoDB
 * @param status the catalog's status as {@code enrich status} reads it (catalog item and shards)
 * @param batches the batch items, read one by one (what {@code status} never reads)
 * @param countedIn how many progress shards list each batch id as counted
 * @param queueMessages visible and in-flight messages of the batch queue
 * @param dlqMessages visible and in-flight messages of the DLQ
 */
public record CatalogOutcome(Set<String> skus, List<ProductDocument> documents, CatalogStatus status,
    List<BatchItem> batches, Map<String, Integer> countedIn, int queueMessages, int dlqMessages) {

  /** A product in MongoDB: {@code status} ENRICHED or FAILED, {@code reason} why it failed. */
  public record ProductDocument(String sku, String status, String reason) {}

  /** A batch item of the status table. */
  public record BatchItem(String batchId, String status, int products, int succeeded, int failed) {}

  /** Fails with every violation listed, or returns the outcome for the test to report on. */
  public static CatalogOutcome assertExact(StackFixture fixture, String catalogId, Set<String> skus) {
    CatalogOutcome outcome = observe(fixture, catalogId, skus);
    return assertNone(outcome, catalogId, outcome.violations());
  }

  /**
   * {@link #assertExact} without the queues: for a test whose queue or DLQ may still hold messages
   * of its other catalogs, so that only MongoDB and the status table can speak for this one.
   */
  public static CatalogOutcome assertExactInStores(StackFixture fixture, String catalogId, Set<String> skus) {
    CatalogOutcome outcome = observe(fixture, catalogId, skus);
    return assertNone(outcome, catalogId, outcome.storeViolations());
  }

  private static CatalogOutcome assertNone(CatalogOutcome outcome, String catalogId, List<String> violations) {
    if (!violations.isEmpty()) {
      fail("catalog " + catalogId + " is not exact:\n  " + String.join("\n  ", violations) + "\nstatus: "
          + outcome.status());
    }
    return outcome;
  }

  public static CatalogOutcome observe(StackFixture fixture, String catalogId, Set<String> skus) {
    List<ProductDocument> documents = new ArrayList<>();
    for (Document d : fixture.products().find(Filters.eq("catalog_id", catalogId))) {
      documents.add(new ProductDocument(d.getString("sku"), d.getString("status"), d.getString("reason")));
    }
    CatalogStatus status = new StatusReader(fixture.stack.dynamoClient(), fixture.stack.config().tableName())
        .read(catalogId);
    List<BatchItem> batches = new ArrayList<>();
    Map<String, Integer> countedIn = new TreeMap<>();
    fixture.stack.dynamoClient().queryPaginator(b -> b.tableName(fixture.stack.config().tableName())
            .consistentRead(true)
            .keyConditionExpression("#c = :c")
            .expressionAttributeNames(Map.of("#c", StatusTable.CATALOG_ID))
            .expressionAttributeValues(Map.of(":c", Attributes.s(catalogId))))
        .items().forEach(item -> {
          String id = item.get(StatusTable.BATCH_ID).s();
          if (id.startsWith(StatusTable.BATCH_PREFIX)) {
            batches.add(new BatchItem(id, string(item, StatusTable.STATUS), number(item, StatusTable.PRODUCT_COUNT),
                number(item, StatusTable.SUCCEEDED), number(item, StatusTable.FAILED)));
          } else if (id.startsWith(StatusTable.SHARD_PREFIX)) {
            AttributeValue counted = item.get(StatusTable.COUNTED);
            if (counted != null && counted.hasSs()) {
              counted.ss().forEach(batch -> countedIn.merge(batch, 1, Integer::sum));
            }
          }
        });
    return new CatalogOutcome(Set.copyOf(skus), documents, status, batches, countedIn,
        fixture.messagesIn(fixture.stack.queueUrl()), fixture.messagesIn(fixture.stack.dlqUrl()));
  }

  /** Everything that is not exact, one line each; empty when the outcome is exact. */
  public List<String> violations() {
    List<String> v = storeViolations();
    // Queues: nothing left to deliver.
    check(v, "messages in the queue", 0, queueMessages);
    check(v, "messages in the DLQ", 0, dlqMessages);
    return v;
  }

  /** What is not exact in MongoDB and the status table, the queues left out. */
  public List<String> storeViolations() {
    List<String> v = new ArrayList<>();
    int n = skus.size();

    // MongoDB: each product once, enriched or failed with a reason, and nothing else.
    Map<String, Integer> copies = new HashMap<>();
    long enriched = 0;
    long failed = 0;
    for (ProductDocument d : documents) {
      copies.merge(d.sku(), 1, Integer::sum);
      if (!skus.contains(d.sku())) {
        v.add("MongoDB holds " + d.sku() + ", which is not in the catalog");
      }
      if ("ENRICHED".equals(d.status())) {
        enriched++;
      } else if ("FAILED".equals(d.status())) {
        failed++;
        if (d.reason() == null || d.reason().isBlank()) {
          v.add("MongoDB: " + d.sku() + " failed without a reason");
        }
      } else {
        v.add("MongoDB: " + d.sku() + " has status " + d.status() + ", neither ENRICHED nor FAILED");
      }
    }
    copies.forEach((sku, count) -> {
      if (count > 1) {
        v.add("MongoDB holds " + sku + " " + count + " times");
      }
    });
    Set<String> missing = new TreeSet<>(skus);
    missing.removeAll(copies.keySet());
    if (!missing.isEmpty()) {
      v.add("MongoDB lacks " + missing.size() + " of " + n + " products, e.g. " + missing.iterator().next());
    }

    // Status: exactly N done, split as in MongoDB, in a final state that says whether any failed.
    CatalogStatus s = status;
    CatalogState expected = s.failed() > 0 ? CatalogState.COMPLETED_WITH_FAILURES : CatalogState.COMPLETED;
    check(v, "state", expected, s.state());
    check(v, "total products", n, s.totalProducts());
    check(v, "products done", n, s.productsDone());
    check(v, "succeeded + failed", n, s.succeeded() + s.failed());
    check(v, "succeeded vs MongoDB's enriched", enriched, s.succeeded());
    check(v, "failed vs MongoDB's failed", failed, s.failed());

    // Batches: each counted once, COMPLETED, none left listed as queued, processing or failing.
    int total = s.totalBatches();
    check(v, "batches done", total, s.batchesDone());
    check(v, "batches completed", total, s.batches().completed());
    check(v, "batches queued", 0, s.batches().queued());
    check(v, "batches processing", 0, s.batches().processing());
    check(v, "batches failing", 0, s.batches().failing());
    check(v, "batches cancelled", 0, s.batches().cancelled());
    check(v, "batch items", total, batches.size());
    long itemProducts = 0;
    long itemSucceeded = 0;
    long itemFailed = 0;
    for (BatchItem b : batches) {
      if (!"COMPLETED".equals(b.status())) {
        v.add("batch " + b.batchId() + " is " + b.status() + ", not COMPLETED");
      }
      if (b.succeeded() + b.failed() != b.products()) {
        v.add("batch " + b.batchId() + ": " + b.succeeded() + " succeeded + " + b.failed() + " failed != "
            + b.products() + " products");
      }
      itemProducts += b.products();
      itemSucceeded += b.succeeded();
      itemFailed += b.failed();
      int shards = countedIn.getOrDefault(b.batchId(), 0);
      if (shards != 1) {
        v.add("batch " + b.batchId() + " is counted in " + shards + " progress shards, not 1");
      }
    }
    check(v, "products of the batch items", n, itemProducts);
    check(v, "succeeded of the batch items vs the shards' sum", itemSucceeded, s.succeeded());
    check(v, "failed of the batch items vs the shards' sum", itemFailed, s.failed());
    Set<String> strangers = new TreeSet<>(countedIn.keySet());
    batches.forEach(b -> strangers.remove(b.batchId()));
    if (!strangers.isEmpty()) {
      v.add("shards count batches that have no batch item: " + strangers);
    }
    return v;
  }

  private static void check(List<String> violations, String what, Object expected, Object actual) {
    boolean equal = expected instanceof Number e && actual instanceof Number a
        ? e.longValue() == a.longValue() : expected.equals(actual);
    if (!equal) {
      violations.add(what + ": " + actual + ", expected " + expected);
    }
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private static int number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? 0 : Integer.parseInt(value.n());
  }
}
