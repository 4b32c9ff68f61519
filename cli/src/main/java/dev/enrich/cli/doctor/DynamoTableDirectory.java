package dev.enrich.cli.doctor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** {@link TableDirectory} from DynamoDB's DescribeTable. */
public final class DynamoTableDirectory implements TableDirectory {
  private final DynamoDbClient dynamo;

  public DynamoTableDirectory(DynamoDbClient dynamo) {
    this.dynamo = dynamo;
  }

  @Override
  public Optional<TableFacts> describe(String table) {
    TableDescription description;
    try {
      description = dynamo.describeTable(b -> b.tableName(table)).table();
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
    Map<String, String> indexes = new LinkedHashMap<>();
    description.globalSecondaryIndexes().forEach(i -> indexes.put(i.indexName(), i.indexStatusAsString()));
    return Optional.of(new TableFacts(description.tableStatusAsString(), indexes));
  }
}
