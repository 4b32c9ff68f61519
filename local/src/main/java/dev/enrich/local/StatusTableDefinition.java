package dev.enrich.local;

import static dev.enrich.contract.StatusTable.BATCH_ID;
import static dev.enrich.contract.StatusTable.BY_USER_INDEX;
import static dev.enrich.contract.StatusTable.CATALOG_ID;
import static dev.enrich.contract.StatusTable.CREATED_AT;
import static dev.enrich.contract.StatusTable.USER_ID;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The status table (docs/architecture.md section 3) as the local stack and the tests create it. */
public final class StatusTableDefinition {
  private StatusTableDefinition() {}

  /** The table definition used by the local stack and the tests; production uses template.yaml. */
  public static CreateTableRequest createTableRequest(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute(CATALOG_ID), attribute(BATCH_ID), attribute(USER_ID), attribute(CREATED_AT))
        .keySchema(key(CATALOG_ID, KeyType.HASH), key(BATCH_ID, KeyType.RANGE))
        .globalSecondaryIndexes(
            GlobalSecondaryIndex.builder()
                .indexName(BY_USER_INDEX)
                .keySchema(key(USER_ID, KeyType.HASH), key(CREATED_AT, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build())
        .build();
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
