package dev.enrich.lambda.store;

import static dev.enrich.contract.StatusTable.FIRST_STARTED_AT;
import static dev.enrich.contract.StatusTable.PROCESSING_SET;
import static dev.enrich.contract.StatusTable.UPDATED_AT;
import static dev.enrich.lambda.store.Attributes.key;
import static dev.enrich.lambda.store.Attributes.s;

import dev.enrich.contract.StatusTable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The one way a batch moves between the id sets of its progress shard (processing, failing,
 * skipped), for the consumer and for the DLQ tools alike. Set ADD and DELETE are idempotent, so a
 * repeated or reordered move leaves at worst a stale id, which readers resolve by rank (see
 * {@link StatusTable#PROCESSING_SET}).
 */
public final class ShardSets {
  private ShardSets() {}

  /**
   * The update that lists {@code batchId} under {@code into} (null: under none) and takes it out of
   * {@code outOf}. Entering {@code processing} also records when the shard's first batch started.
   */
  public static UpdateItemRequest move(String table, String catalogId, String batchId, int shardCount, String into,
      List<String> outOf, Instant now) {
    if (shardCount < 1) {
      throw new IllegalArgumentException("shard count must be at least 1, not " + shardCount);
    }
    StringBuilder update = new StringBuilder("SET #upd = :now");
    Map<String, String> names = new HashMap<>(Map.of("#upd", UPDATED_AT));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(
        ":now", s(now.toString()), ":ids", AttributeValue.builder().ss(batchId).build()));
    if (PROCESSING_SET.equals(into)) {
      update.append(", #first = if_not_exists(#first, :now)");
      names.put("#first", FIRST_STARTED_AT);
    }
    if (into != null) {
      update.append(" ADD #into :ids");
      names.put("#into", into);
    }
    for (int i = 0; i < outOf.size(); i++) {
      update.append(i == 0 ? " DELETE " : ", ").append("#out").append(i).append(" :ids");
      names.put("#out" + i, outOf.get(i));
    }
    return UpdateItemRequest.builder()
        .tableName(table)
        .key(key(catalogId, StatusTable.shardId(StatusTable.shardOf(batchId, shardCount))))
        .updateExpression(update.toString())
        .expressionAttributeNames(names)
        .expressionAttributeValues(values)
        .build();
  }
}
