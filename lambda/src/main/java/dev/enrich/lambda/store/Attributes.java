package dev.enrich.lambda.store;

import dev.enrich.contract.StatusTable;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Short forms for the DynamoDB attribute values the status table is made of. */
public final class Attributes {
  private Attributes() {}

  public static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  public static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /** The primary key of one item of the status table. */
  public static Map<String, AttributeValue> key(String catalogId, String batchId) {
    return Map.of(StatusTable.CATALOG_ID, s(catalogId), StatusTable.BATCH_ID, s(batchId));
  }
}
