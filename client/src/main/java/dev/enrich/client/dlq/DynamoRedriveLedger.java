package dev.enrich.client.dlq;

import static dev.enrich.client.aws.StatusItems.key;
import static dev.enrich.client.aws.StatusItems.s;
import static dev.enrich.contract.StatusTable.ATTEMPTS;
import static dev.enrich.contract.StatusTable.BATCH_ID;
import static dev.enrich.contract.StatusTable.CATALOG_ID;
import static dev.enrich.contract.StatusTable.CATALOG_ITEM;
import static dev.enrich.contract.StatusTable.FAILING_SET;
import static dev.enrich.contract.StatusTable.LAST_ERROR;
import static dev.enrich.contract.StatusTable.PROCESSING_SET;
import static dev.enrich.contract.StatusTable.SHARD_COUNT;
import static dev.enrich.contract.StatusTable.STATUS;
import static dev.enrich.contract.StatusTable.UPDATED_AT;

import dev.enrich.client.aws.StatusItems;
import dev.enrich.client.track.BatchItems;
import dev.enrich.contract.BatchState;
import dev.enrich.contract.ShardSets;
import dev.enrich.contract.output.BatchRef;
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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * {@link RedriveLedger} on the status table, with the consumer's own idioms (DynamoBatchLedger):
 * a conditional update of the batch item, then an idempotent set DELETE or ADD on its progress
 * shard. A crash between the two leaves at worst a stale id in a set, which readers rank below
 * the batch's newer state.
 */
public final class DynamoRedriveLedger implements RedriveLedger {

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
    List<BatchItems.Key> keys = new LinkedHashSet<>(batches).stream()
        .map(b -> new BatchItems.Key(b.catalogId(), b.batchId())).toList();
    Map<BatchRef, BatchView> found = new HashMap<>();
    for (Map<String, AttributeValue> item : BatchItems.get(dynamo, table, keys, true)) {
      found.put(new BatchRef(item.get(CATALOG_ID).s(), item.get(BATCH_ID).s()), new BatchView(
          text(item, STATUS),
          item.containsKey(ATTEMPTS) ? Integer.parseInt(item.get(ATTEMPTS).n()) : 0,
          text(item, LAST_ERROR)));
    }
    return found;
  }

  @Override
  public boolean catalogExists(String catalogId) {
    return shardCount(catalogId).isPresent();
  }

  @Override
  public boolean requeue(BatchRef batch, Instant now) {
    // PROCESSING too: a consumer that died mid-batch leaves that state behind for good.
    return transition(batch, List.of(BatchState.FAILED, BatchState.PROCESSING), BatchState.QUEUED,
        null, List.of(FAILING_SET, PROCESSING_SET), now);
  }

  @Override
  public boolean markFailing(BatchRef batch, Instant now) {
    return transition(batch, List.of(BatchState.QUEUED), BatchState.FAILED, FAILING_SET, List.of(), now);
  }

  /**
   * Sets the batch item from one of {@code from} to {@code to} (conditionally), then moves the batch
   * between its shard's sets. False, with nothing written, when the batch was in another state, is
   * unknown, or its catalog is not in the table.
   */
  private boolean transition(BatchRef batch, List<BatchState> from, BatchState to, String intoSet,
      List<String> outOfSets, Instant now) {
    Optional<Integer> shards = shardCount(batch.catalogId());
    if (shards.isEmpty()) {
      return false;
    }
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":to", s(to.name()), ":now", s(now.toString())));
    List<String> allowed = new ArrayList<>();
    for (int i = 0; i < from.size(); i++) {
      values.put(":from" + i, s(from.get(i).name()));
      allowed.add("#st = :from" + i);
    }
    try {
      dynamo.updateItem(b -> b.tableName(table)
          .key(key(batch.catalogId(), batch.batchId()))
          .updateExpression("SET #st = :to, #upd = :now")
          .conditionExpression("attribute_exists(#bid) AND (" + String.join(" OR ", allowed) + ")")
          .expressionAttributeNames(Map.of("#st", STATUS, "#upd", UPDATED_AT, "#bid", BATCH_ID))
          .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException otherState) {
      // COMPLETED, CANCELLED, already moved, or not a batch of this catalog: leave it as it is.
      return false;
    }
    dynamo.updateItem(StatusItems.update(table,
        ShardSets.move(batch.catalogId(), batch.batchId(), shards.get(), intoSet, outOfSets, now)));
    return true;
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
