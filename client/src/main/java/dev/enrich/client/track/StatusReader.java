package dev.enrich.client.track;

import static dev.enrich.client.aws.StatusItems.number;
import static dev.enrich.client.aws.StatusItems.text;
import static dev.enrich.contract.StatusTable.BATCHES_DONE;
import static dev.enrich.contract.StatusTable.BATCH_ID;
import static dev.enrich.contract.StatusTable.BATCH_PREFIX;
import static dev.enrich.contract.StatusTable.BATCH_SIZE;
import static dev.enrich.contract.StatusTable.CANCELLED;
import static dev.enrich.contract.StatusTable.CATALOG_ID;
import static dev.enrich.contract.StatusTable.CATALOG_ITEM;
import static dev.enrich.contract.StatusTable.COUNTED;
import static dev.enrich.contract.StatusTable.CREATED_AT;
import static dev.enrich.contract.StatusTable.FAILED;
import static dev.enrich.contract.StatusTable.FAILING_SET;
import static dev.enrich.contract.StatusTable.FIRST_STARTED_AT;
import static dev.enrich.contract.StatusTable.INVALID_PRODUCTS;
import static dev.enrich.contract.StatusTable.MARKETPLACES;
import static dev.enrich.contract.StatusTable.OPTIONS;
import static dev.enrich.contract.StatusTable.PROCESSING_SET;
import static dev.enrich.contract.StatusTable.PRODUCTS_DONE;
import static dev.enrich.contract.StatusTable.SHARD_PREFIX;
import static dev.enrich.contract.StatusTable.SKIPPED_SET;
import static dev.enrich.contract.StatusTable.SOURCE_NAME;
import static dev.enrich.contract.StatusTable.SUBMIT_STATE;
import static dev.enrich.contract.StatusTable.SUCCEEDED;
import static dev.enrich.contract.StatusTable.TOTAL_BATCHES;
import static dev.enrich.contract.StatusTable.TOTAL_PRODUCTS;
import static dev.enrich.contract.StatusTable.UPDATED_AT;
import static dev.enrich.contract.StatusTable.USER_ID;

import dev.enrich.client.EnrichException;
import dev.enrich.client.aws.StatusItems;
import dev.enrich.client.submit.DynamoSubmitLedger;
import dev.enrich.contract.BatchCounts;
import dev.enrich.contract.FailureThreshold;
import dev.enrich.contract.Marketplace;
import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Reads a catalog's status with one Query over the items whose sort key sorts before the batch
 * items ({@code #CATALOG} and the {@code #P#nn} shards): O(shards), never O(batches).
 */
public final class StatusReader {
  private final DynamoDbClient dynamo;
  private final String table;

  public StatusReader(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** The catalog's status; an unknown catalog is a not-found error (exit 3). */
  public CatalogStatus read(String catalogId) {
    return find(catalogId).orElseThrow(() -> notFound(catalogId));
  }

  private EnrichException notFound(String catalogId) {
    return EnrichException.notFound("catalog " + catalogId + " not found in table " + table);
  }

  /**
   * The batches whose last attempt failed and that have not completed or started again since, in
   * batch order: the same query as {@link #read}, ranked by {@link BatchCounts}.
   */
  public List<String> failingBatchIds(String catalogId) {
    boolean found = false;
    BatchCounts.Builder batches = new BatchCounts.Builder();
    for (Map<String, AttributeValue> item : dynamo.queryPaginator(headQuery(catalogId)).items()) {
      String sortKey = item.get(BATCH_ID).s();
      found |= CATALOG_ITEM.equals(sortKey);
      if (sortKey.startsWith(SHARD_PREFIX)) {
        batches.add(set(item, COUNTED), set(item, PROCESSING_SET), set(item, FAILING_SET), set(item, SKIPPED_SET));
      }
    }
    if (!found) {
      throw notFound(catalogId);
    }
    return List.copyOf(new TreeSet<>(batches.failing()));
  }

  /** The catalog item and its shards: every item whose sort key sorts before the batch items. */
  private QueryRequest headQuery(String catalogId) {
    return QueryRequest.builder()
        .tableName(table)
        .consistentRead(true)
        .keyConditionExpression("#c = :c AND #b < :batches")
        .expressionAttributeNames(Map.of("#c", CATALOG_ID, "#b", BATCH_ID))
        .expressionAttributeValues(Map.of(
            ":c", StatusItems.s(catalogId),
            ":batches", StatusItems.s(BATCH_PREFIX)))
        .build();
  }

  /** The catalog's status, or empty when the table holds no catalog item of that id. */
  public Optional<CatalogStatus> find(String catalogId) {
    QueryRequest query = headQuery(catalogId);
    Map<String, AttributeValue> catalog = null;
    long done = 0;
    long ok = 0;
    long ko = 0;
    long batchesDone = 0;
    long tokens = 0;
    Instant updated = null;
    Instant started = null;
    BatchCounts.Builder batches = new BatchCounts.Builder();
    for (Map<String, AttributeValue> item : dynamo.queryPaginator(query).items()) {
      String sortKey = item.get(BATCH_ID).s();
      if (CATALOG_ITEM.equals(sortKey)) {
        catalog = item;
      } else if (sortKey.startsWith(SHARD_PREFIX)) {
        done += number(item, PRODUCTS_DONE);
        ok += number(item, SUCCEEDED);
        ko += number(item, FAILED);
        batchesDone += number(item, BATCHES_DONE);
        tokens += number(item, StatusTable.TOKENS_SPENT);
        updated = later(updated, instant(item, UPDATED_AT));
        started = earlier(started, instant(item, FIRST_STARTED_AT));
        batches.add(set(item, COUNTED), set(item, PROCESSING_SET), set(item, FAILING_SET), set(item, SKIPPED_SET));
      }
    }
    if (catalog == null) {
      return Optional.empty();
    }
    int totalProducts = (int) number(catalog, TOTAL_PRODUCTS);
    int totalBatches = (int) number(catalog, TOTAL_BATCHES);
    boolean cancelled = StatusItems.flag(catalog, CANCELLED);
    boolean sent = catalog.containsKey(SUBMIT_STATE)
        && DynamoSubmitLedger.SUBMIT_SENT.equals(catalog.get(SUBMIT_STATE).s());
    String maxFailures = option(catalog, StatusTable.MAX_FAILURES_OPTION);
    String stoppedReason = stoppedReason(catalog, maxFailures, ko, totalProducts);
    CatalogState state = CatalogState.of(stoppedReason != null, cancelled, sent, batchesDone, totalBatches, ko);
    return Optional.of(new CatalogStatus(
        catalogId,
        text(catalog, USER_ID),
        text(catalog, SOURCE_NAME),
        state,
        totalProducts,
        (int) number(catalog, INVALID_PRODUCTS),
        totalBatches,
        (int) number(catalog, BATCH_SIZE),
        done, ok, ko, batchesDone,
        batches.build(totalBatches),
        instant(catalog, CREATED_AT),
        started,
        later(updated, instant(catalog, UPDATED_AT)),
        tokens,
        tokenBudget(catalog),
        marketplaces(catalog),
        maxFailures,
        stoppedReason,
        optionalInt(catalog, StatusTable.UNCHANGED_PRODUCTS),
        optionalInt(catalog, StatusTable.REMOVED_PRODUCTS)));
  }

  /**
   * Why the consumer stopped the catalog; also when its failures passed the threshold and the stop
   * is not written yet (a consumer that died between counting and stopping), so the state follows
   * the counts, as the consumer's own decision does.
   */
  private static String stoppedReason(Map<String, AttributeValue> catalog, String maxFailures, long failed,
      long products) {
    String recorded = text(catalog, StatusTable.STOPPED_REASON);
    if (recorded != null || maxFailures == null) {
      return recorded;
    }
    FailureThreshold threshold = FailureThreshold.parse(maxFailures);
    return threshold.exceededBy(failed, products) ? threshold.reason(failed, products) : null;
  }

  /** The budget {@code submit --max-tokens} put in the catalog's options, or null. */
  private static Long tokenBudget(Map<String, AttributeValue> catalog) {
    String budget = option(catalog, StatusTable.TOKEN_BUDGET_OPTION);
    return budget == null ? null : Long.valueOf(budget);
  }

  /** One of the catalog's submit options, or null. */
  private static String option(Map<String, AttributeValue> catalog, String name) {
    AttributeValue options = catalog.get(StatusTable.OPTIONS);
    AttributeValue value = options == null || !options.hasM() ? null : options.m().get(name);
    return value == null ? null : value.s();
  }

  /** The recorded marketplaces; else the one the options name; else none (the consumer's default). */
  private static List<String> marketplaces(Map<String, AttributeValue> catalog) {
    AttributeValue listed = catalog.get(MARKETPLACES);
    if (listed != null && listed.hasL()) {
      return listed.l().stream().map(AttributeValue::s).toList();
    }
    AttributeValue options = catalog.get(OPTIONS);
    if (options == null || !options.hasM()) {
      return List.of();
    }
    Map<String, String> plain = new HashMap<>();
    options.m().forEach((k, v) -> plain.put(k, v.s() == null ? "" : v.s()));
    return Marketplace.fromOptions(plain).map(Marketplace::code).stream().toList();
  }

  /** A number the item may lack (attributes added later): null when absent. */
  private static Integer optionalInt(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? null : Integer.valueOf(v.n());
  }


  private static Instant instant(Map<String, AttributeValue> item, String name) {
    String v = text(item, name);
    return v == null ? null : Instant.parse(v);
  }

  private static Set<String> set(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || !v.hasSs() ? Set.of() : Set.copyOf(v.ss());
  }

  private static Instant earlier(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
