package dev.enrich.cli.dlq;

import static dev.enrich.lambda.contract.Attributes.key;
import static dev.enrich.lambda.contract.Attributes.s;
import static dev.enrich.lambda.contract.StatusTable.ATTEMPTS;
import static dev.enrich.lambda.contract.StatusTable.BATCH_ID;
import static dev.enrich.lambda.contract.StatusTable.CATALOG_ID;
import static dev.enrich.lambda.contract.StatusTable.CATALOG_ITEM;
import static dev.enrich.lambda.contract.StatusTable.FAILING_SET;
import static dev.enrich.lambda.contract.StatusTable.LAST_ERROR;
import static dev.enrich.lambda.contract.StatusTable.PROCESSING_SET;
import static dev.enrich.lambda.contract.StatusTable.SHARD_COUNT;
import static dev.enrich.lambda.contract.StatusTable.STATUS;
import static dev.enrich.lambda.contract.StatusTable.UPDATED_AT;

import dev.enrich.lambda.contract.BatchState;
import dev.enrich.lambda.contract.StatusTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * {@link RedriveLedger} on the status table, with the consumer's own idioms (DynamoBatchLedger):
 * a conditional update of the batch item, then an idempotent set DELETE or ADD on its progress
 * shard. A crash between the two leaves at worst a stale id in a set, which readers rank below
 * the batch's newer state.
 */
public final class DynamoRedriveLedger implements RedriveLedger {
  /** BatchGetItem takes at most 100 keys. */
  private static final int GET_BATCH = 100;

  private final DynamoDbClient dynamo;
  private final String table;
  /** Shard count per catalog, fixed at submit; empty for a catalog not in the table. */
  private final Map<String, Optional<Integer>> shardCounts = new HashMap<>();

  public DynamoRedriveLedger(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public Map<BatchRef, BatchView> describe(Collection<BatchRef> batches) {
    List<BatchRef> keys = new ArrayList<>(new LinkedHashSet<>(batches));
    Map<BatchRef, BatchView> found = new HashMap<>();
    for (int from = 0; from < keys.size(); from += GET_BATCH) {
      List<Map<String, AttributeValue>> chunk = new ArrayList<>();
      keys.subList(from, Math.min(keys.size(), from + GET_BATCH))
          .forEach(b -> chunk.add(key(b.catalogId(), b.batchId())));
      Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(chunk)
          .consistentRead(true).build());
      while (!request.isEmpty()) {
        Map<String, KeysAndAttributes> ask = request;
        BatchGetItemResponse got = dynamo.batchGetItem(b -> b.requestItems(ask));
        for (Map<String, AttributeValue> item : got.responses().getOrDefault(table, List.of())) {
          found.put(new BatchRef(item.get(CATALOG_ID).s(), item.get(BATCH_ID).s()), new BatchView(
              text(item, STATUS),
              item.containsKey(ATTEMPTS) ? Integer.parseInt(item.get(ATTEMPTS).n()) : 0,
              text(item, LAST_ERROR)));
        }
        request = got.hasUnprocessedKeys() ? got.unprocessedKeys() : Map.of();
      }
    }
    return found;
  }

  @Override
  public boolean catalogExists(String catalogId) {
    return shardCount(catalogId).isPresent();
  }

  @Override
  public boolean requeue(BatchRef batch, Instant now) {
    Optional<Integer> shards = shardCount(batch.catalogId());
    if (shards.isEmpty()) {
      return false;
    }
    try {
      dynamo.updateItem(b -> b.tableName(table)
          .key(key(batch.catalogId(), batch.batchId()))
          .updateExpression("SET #st = :queued, #upd = :now")
          .conditionExpression("attribute_exists(#bid) AND (#st = :failed OR #st = :processing)")
          .expressionAttributeNames(Map.of("#st", STATUS, "#upd", UPDATED_AT, "#bid", BATCH_ID))
          .expressionAttributeValues(Map.of(
              ":queued", s(BatchState.QUEUED.name()),
              ":failed", s(BatchState.FAILED.name()),
              ":processing", s(BatchState.PROCESSING.name()),
              ":now", s(now.toString()))));
    } catch (ConditionalCheckFailedException settledOrUnknown) {
      // COMPLETED, CANCELLED, already QUEUED, or not a batch of this catalog: leave it as it is.
      return false;
    }
    updateShard(batch, shards.get(), "DELETE #failing :ids, #proc :ids",
        Map.of("#failing", FAILING_SET, "#proc", PROCESSING_SET), now);
    return true;
  }

  @Override
  public boolean markFailing(BatchRef batch, Instant now) {
    Optional<Integer> shards = shardCount(batch.catalogId());
    if (shards.isEmpty()) {
      return false;
    }
    try {
      dynamo.updateItem(b -> b.tableName(table)
          .key(key(batch.catalogId(), batch.batchId()))
          .updateExpression("SET #st = :failed, #upd = :now")
          .conditionExpression("attribute_exists(#bid) AND #st = :queued")
          .expressionAttributeNames(Map.of("#st", STATUS, "#upd", UPDATED_AT, "#bid", BATCH_ID))
          .expressionAttributeValues(Map.of(
              ":queued", s(BatchState.QUEUED.name()),
              ":failed", s(BatchState.FAILED.name()),
              ":now", s(now.toString()))));
    } catch (ConditionalCheckFailedException notQueued) {
      return false;
    }
    updateShard(batch, shards.get(), "ADD #failing :ids", Map.of("#failing", FAILING_SET), now);
    return true;
  }

  private void updateShard(BatchRef batch, int shardCount, String setClause, Map<String, String> setNames,
      Instant now) {
    Map<String, String> names = new HashMap<>(setNames);
    names.put("#upd", UPDATED_AT);
    String shard = StatusTable.shardId(StatusTable.shardOf(batch.batchId(), shardCount));
    dynamo.updateItem(b -> b.tableName(table)
        .key(key(batch.catalogId(), shard))
        .updateExpression("SET #upd = :now " + setClause)
        .expressionAttributeNames(names)
        .expressionAttributeValues(Map.of(
            ":now", s(now.toString()),
            ":ids", AttributeValue.builder().ss(batch.batchId()).build())));
  }

  private Optional<Integer> shardCount(String catalogId) {
    return shardCounts.computeIfAbsent(catalogId, id -> {
      GetItemResponse got = dynamo.getItem(b -> b.tableName(table).key(key(id, CATALOG_ITEM)).consistentRead(true)
          .projectionExpression("#s, #c").expressionAttributeNames(Map.of("#s", SHARD_COUNT, "#c", CATALOG_ID)));
      if (!got.hasItem() || got.item().isEmpty()) {
        return Optional.empty();
      }
      AttributeValue count = got.item().get(SHARD_COUNT);
      return Optional.of(count == null ? 1 : Integer.parseInt(count.n()));
    });
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }
}
