package dev.enrich.client.aws;

import dev.enrich.contract.ShardSets;
import dev.enrich.contract.StatusTable;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Short forms for the DynamoDB attribute values and requests the status table is made of. */
public final class StatusItems {
  private StatusItems() {}

  public static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  public static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /** A number attribute of an item, 0 when absent. */
  public static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
  }

  /** A string attribute of an item, or null. */
  public static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  /** A boolean attribute of an item, false when absent. */
  public static boolean flag(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v != null && Boolean.TRUE.equals(v.bool());
  }

  /** The primary key of one item of the status table. */
  public static Map<String, AttributeValue> key(String catalogId, String batchId) {
    return Map.of(StatusTable.CATALOG_ID, s(catalogId), StatusTable.BATCH_ID, s(batchId));
  }

  /** The UpdateItem that performs a shard-set {@code move} on {@code table}. */
  public static UpdateItemRequest update(String table, ShardSets.Move move) {
    return UpdateItemRequest.builder()
        .tableName(table)
        .key(key(move.catalogId(), move.shardId()))
        .updateExpression(move.expression())
        .expressionAttributeNames(move.names())
        .expressionAttributeValues(Map.of(
            ShardSets.NOW, s(move.now()), ShardSets.IDS, AttributeValue.builder().ss(move.batchId()).build()))
        .build();
  }
}
