package dev.enrich.lambda.store;

import static dev.enrich.lambda.store.Attributes.key;
import static dev.enrich.lambda.store.Attributes.s;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** The contract's {@link dev.enrich.contract.ShardSets} move as the consumer's DynamoDB request. */
public final class ShardSets {
  private ShardSets() {}

  /** See {@link dev.enrich.contract.ShardSets#move}. */
  public static UpdateItemRequest move(String table, String catalogId, String batchId, int shardCount, String into,
      List<String> outOf, Instant now) {
    return request(table, dev.enrich.contract.ShardSets.move(catalogId, batchId, shardCount, into, outOf, now));
  }

  /** The UpdateItem that performs {@code move} on {@code table}. */
  public static UpdateItemRequest request(String table, dev.enrich.contract.ShardSets.Move move) {
    return UpdateItemRequest.builder()
        .tableName(table)
        .key(key(move.catalogId(), move.shardId()))
        .updateExpression(move.expression())
        .expressionAttributeNames(move.names())
        .expressionAttributeValues(Map.of(
            dev.enrich.contract.ShardSets.NOW, s(move.now()),
            dev.enrich.contract.ShardSets.IDS, AttributeValue.builder().ss(move.batchId()).build()))
        .build();
  }
}
