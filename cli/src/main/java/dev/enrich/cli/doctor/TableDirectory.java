package dev.enrich.cli.doctor;

import java.util.Map;
import java.util.Optional;

/** DynamoDB's DescribeTable, as much as the table check reads, behind an interface for tests. */
public interface TableDirectory {
  /** @param indexes status of each global secondary index, by name */
  record TableFacts(String status, Map<String, String> indexes) {}

  /** Empty when the table does not exist. */
  Optional<TableFacts> describe(String table);
}
