package dev.enrich.contract.output;

/** What {@code local run --output json} prints; docs/schemas/local-run.schema.json. */
public record RunReport(Submitted submit, StatusReport status, Check check) {
  /** MongoDB, the DynamoDB progress count and the catalog compared. */
  public record Check(long mongoDocuments, long mongoEnriched, long progressCount, long validProducts,
      boolean consistent) {}
}
