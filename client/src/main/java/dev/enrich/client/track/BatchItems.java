package dev.enrich.client.track;

import static dev.enrich.client.aws.StatusItems.key;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Fetches status-table items by key, 100 per BatchGetItem (its limit), asking again for the keys
 * DynamoDB leaves unprocessed. Items that do not exist are simply absent from the result.
 */
public final class BatchItems {
  private static final int GET_BATCH = 100;

  private BatchItems() {}

  /** A catalog id and a sort key (a batch id) of one item. */
  public record Key(String catalogId, String batchId) {}

  public static List<Map<String, AttributeValue>> get(DynamoDbClient dynamo, String table, List<Key> keys,
      boolean consistent) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += GET_BATCH) {
      List<Map<String, AttributeValue>> chunk = new ArrayList<>();
      keys.subList(from, Math.min(keys.size(), from + GET_BATCH)).forEach(k -> chunk.add(key(k.catalogId(), k.batchId())));
      Map<String, KeysAndAttributes> request = Map.of(table,
          KeysAndAttributes.builder().keys(chunk).consistentRead(consistent).build());
      while (!request.isEmpty()) {
        Map<String, KeysAndAttributes> ask = request;
        BatchGetItemResponse got = dynamo.batchGetItem(b -> b.requestItems(ask));
        items.addAll(got.responses().getOrDefault(table, List.of()));
        request = got.hasUnprocessedKeys() ? got.unprocessedKeys() : Map.of();
      }
    }
    return items;
  }
}
