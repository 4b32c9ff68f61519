package dev.enrich.client.track;

import dev.enrich.client.submit.CatalogRegistration;
import dev.enrich.client.submit.DynamoSubmitLedger;
import dev.enrich.contract.StatusTable;
import dev.enrich.lambda.store.Attributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes a catalog of many batches straight into the status table, as submit and the consumer
 * would leave it partway: every batch item, and shards whose sets name the completed, processing
 * and failing batches. Faster than running the consumer over 10,000 batches, and the same items.
 */
public final class LargeCatalog {
  public record Shape(int batches, int batchSize, int completed, int processing, int failing) {}

  private LargeCatalog() {}

  public static void create(DynamoDbClient dynamo, String table, String catalogId, Shape shape) {
    Instant now = Instant.now();
    int shards = StatusTable.shardCountFor(shape.batches());
    DynamoSubmitLedger ledger = new DynamoSubmitLedger(dynamo, table);
    ledger.register(new CatalogRegistration(catalogId, "bench-user", catalogId + ".csv", "hash",
        shape.batches() * shape.batchSize(), 0, shape.batches(), shape.batchSize(), shards, Map.of(), now));
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int b = 1; b <= shape.batches(); b++) {
      counts.put(StatusTable.batchId(b), shape.batchSize());
    }
    ledger.addPending(catalogId, counts, now);
    ledger.markSent(catalogId, now);
    List<List<String>> completed = perShard(shards);
    List<List<String>> processing = perShard(shards);
    List<List<String>> failing = perShard(shards);
    for (int b = 1; b <= shape.batches(); b++) {
      String id = StatusTable.batchId(b);
      int shard = StatusTable.shardOf(id, shards);
      if (b <= shape.completed()) {
        completed.get(shard).add(id);
      } else if (b <= shape.completed() + shape.processing()) {
        processing.get(shard).add(id);
      } else if (b <= shape.completed() + shape.processing() + shape.failing()) {
        failing.get(shard).add(id);
      }
    }
    for (int s = 0; s < shards; s++) {
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      item.put(StatusTable.CATALOG_ID, Attributes.s(catalogId));
      item.put(StatusTable.BATCH_ID, Attributes.s(StatusTable.shardId(s)));
      long done = (long) completed.get(s).size() * shape.batchSize();
      item.put(StatusTable.PRODUCTS_DONE, Attributes.n(done));
      item.put(StatusTable.SUCCEEDED, Attributes.n(done));
      item.put(StatusTable.FAILED, Attributes.n(0));
      item.put(StatusTable.BATCHES_DONE, Attributes.n(completed.get(s).size()));
      item.put(StatusTable.UPDATED_AT, Attributes.s(now.toString()));
      item.put(StatusTable.FIRST_STARTED_AT, Attributes.s(now.minusSeconds(60).toString()));
      putSet(item, StatusTable.COUNTED, completed.get(s));
      putSet(item, StatusTable.PROCESSING_SET, processing.get(s));
      putSet(item, StatusTable.FAILING_SET, failing.get(s));
      dynamo.putItem(b -> b.tableName(table).item(item));
    }
  }

  private static List<List<String>> perShard(int shards) {
    List<List<String>> lists = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      lists.add(new ArrayList<>());
    }
    return lists;
  }

  private static void putSet(Map<String, AttributeValue> item, String name, List<String> ids) {
    if (!ids.isEmpty()) {
      item.put(name, AttributeValue.builder().ss(ids).build());
    }
  }
}
