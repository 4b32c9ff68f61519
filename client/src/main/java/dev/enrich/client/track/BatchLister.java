package dev.enrich.client.track;

import static dev.enrich.contract.StatusTable.ATTEMPTS;
import static dev.enrich.contract.StatusTable.BATCH_ID;
import static dev.enrich.contract.StatusTable.BATCH_PREFIX;
import static dev.enrich.contract.StatusTable.CATALOG_ID;
import static dev.enrich.contract.StatusTable.FAILED;
import static dev.enrich.contract.StatusTable.LAST_ERROR;
import static dev.enrich.contract.StatusTable.PRODUCT_COUNT;
import static dev.enrich.contract.StatusTable.STATUS;
import static dev.enrich.contract.StatusTable.SUCCEEDED;
import static dev.enrich.contract.StatusTable.UPDATED_AT;

import dev.enrich.client.aws.StatusItems;
import dev.enrich.contract.BatchState;
import dev.enrich.contract.output.BatchPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Pages through a catalog's batch items in batch order (a Query on the sort key, never a Scan),
 * optionally only those in one state. With a state filter DynamoDB still reads the items it skips,
 * so each request reads at most {@code pageSize} items and the lister keeps asking until the page
 * is full or the batches end.
 */
public final class BatchLister {
  private final DynamoDbClient dynamo;
  private final String table;

  public BatchLister(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** Reads one page of the catalog's batches after {@code after} (exclusive; null from the first). */
  public BatchPage page(String catalogId, BatchState state, String after, int limit) {
    List<BatchPage.Batch> batches = new ArrayList<>();
    Map<String, AttributeValue> start = after == null ? null
        : Map.of(CATALOG_ID, StatusItems.s(catalogId), BATCH_ID, StatusItems.s(after));
    String lastRead = null;
    boolean more = true;
    while (batches.size() < limit && more) {
      Map<String, String> names = new HashMap<>(Map.of("#c", CATALOG_ID, "#b", BATCH_ID));
      Map<String, AttributeValue> values = new HashMap<>(Map.of(
          ":c", StatusItems.s(catalogId), ":prefix", StatusItems.s(BATCH_PREFIX)));
      QueryRequest.Builder query = QueryRequest.builder()
          .tableName(table)
          .keyConditionExpression("#c = :c AND begins_with(#b, :prefix)")
          .limit(limit - batches.size())
          .exclusiveStartKey(start);
      if (state != null) {
        query.filterExpression("#st = :st");
        names.put("#st", STATUS);
        values.put(":st", StatusItems.s(state.name()));
      }
      QueryResponse response = dynamo.query(query.expressionAttributeNames(names)
          .expressionAttributeValues(values).build());
      for (Map<String, AttributeValue> item : response.items()) {
        batches.add(batch(item));
        lastRead = item.get(BATCH_ID).s();
      }
      start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
          ? response.lastEvaluatedKey() : null;
      if (start != null) {
        lastRead = start.get(BATCH_ID).s();
      }
      more = start != null;
    }
    return new BatchPage(catalogId, batches, more ? lastRead : null);
  }

  static BatchPage.Batch batch(Map<String, AttributeValue> item) {
    return new BatchPage.Batch(
        item.get(BATCH_ID).s(),
        text(item, STATUS),
        (int) number(item, PRODUCT_COUNT, 0),
        item.containsKey(SUCCEEDED) ? (int) number(item, SUCCEEDED, 0) : null,
        item.containsKey(FAILED) ? (int) number(item, FAILED, 0) : null,
        (int) number(item, ATTEMPTS, 0),
        text(item, LAST_ERROR),
        item.containsKey(UPDATED_AT) ? Instant.parse(item.get(UPDATED_AT).s()) : null);
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  private static long number(Map<String, AttributeValue> item, String name, long otherwise) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? otherwise : Long.parseLong(v.n());
  }
}
