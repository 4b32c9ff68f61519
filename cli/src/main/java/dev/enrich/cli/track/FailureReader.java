package dev.enrich.cli.track;

import static dev.enrich.lambda.contract.StatusTable.BATCH_ID;
import static dev.enrich.lambda.contract.StatusTable.CATALOG_ID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.enrich.lambda.contract.Attributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Reads what failed in a catalog: the failing batches named by the progress shards (then fetched
 * by key, so the cost follows the failures, not the catalog), and the failed products in MongoDB.
 */
public final class FailureReader {
  /** BatchGetItem takes at most 100 keys. */
  private static final int GET_BATCH = 100;

  private final DynamoDbClient dynamo;
  private final String table;
  private final MongoCollection<Document> products;

  /** {@code products} may be null (no MongoDB configured): only batches are reported. */
  public FailureReader(DynamoDbClient dynamo, String table, MongoCollection<Document> products) {
    this.dynamo = dynamo;
    this.table = table;
    this.products = products;
  }

  public FailureReport read(String catalogId, int limit) {
    List<String> failing = new StatusReader(dynamo, table).failingBatchIds(catalogId);
    List<BatchPage.Batch> batches = new ArrayList<>();
    List<String> wanted = failing.subList(0, Math.min(limit, failing.size()));
    for (int from = 0; from < wanted.size(); from += GET_BATCH) {
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      for (String id : wanted.subList(from, Math.min(wanted.size(), from + GET_BATCH))) {
        keys.add(Map.of(CATALOG_ID, Attributes.s(catalogId), BATCH_ID, Attributes.s(id)));
      }
      Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
      while (!request.isEmpty()) {
        Map<String, KeysAndAttributes> ask = request;
        BatchGetItemResponse got = dynamo.batchGetItem(b -> b.requestItems(ask));
        got.responses().getOrDefault(table, List.of()).forEach(item -> batches.add(BatchLister.batch(item)));
        request = got.hasUnprocessedKeys() ? got.unprocessedKeys() : Map.of();
      }
    }
    batches.sort((a, b) -> a.batchId().compareTo(b.batchId()));
    if (products == null) {
      return new FailureReport(catalogId, batches, List.of(), null);
    }
    Bson filter = Filters.and(Filters.eq("catalog_id", catalogId), Filters.eq("status", "FAILED"));
    List<FailureReport.FailedProduct> failed = new ArrayList<>();
    for (Document d : products.find(filter)
        .projection(Projections.include("sku", "line", "batch_id", "reason"))
        .sort(Sorts.ascending("line"))
        .limit(limit)) {
      Number line = d.get("line", Number.class);
      failed.add(new FailureReport.FailedProduct(d.getString("sku"), line == null ? 0 : line.longValue(),
          d.getString("batch_id"), d.getString("reason")));
    }
    return new FailureReport(catalogId, batches, failed, products.countDocuments(filter));
  }
}
