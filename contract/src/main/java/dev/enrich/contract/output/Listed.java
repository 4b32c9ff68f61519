package dev.enrich.contract.output;

import java.time.Instant;
import java.util.List;

/** What {@code list} prints: docs/schemas/list.schema.json. */
public record Listed(String userId, Instant since, int limit, List<Row> catalogs, boolean more) {

  /** One catalog of the list. */
  public record Row(String catalogId, String state, long productsDone, int totalProducts, long succeeded,
      long failed, Instant submittedAt, String sourceName, long tokensSpent, Long tokenBudget,
      List<String> marketplaces) {}
}
