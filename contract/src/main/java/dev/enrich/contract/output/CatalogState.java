package dev.enrich.contract.output;

/** A catalog's state as users see it, derived from the catalog item and the progress shards. */
public enum CatalogState {
  SENDING,
  QUEUED,
  IN_PROGRESS,
  COMPLETED,
  COMPLETED_WITH_FAILURES,
  CANCELLED;

  public boolean terminal() {
    return this == COMPLETED || this == COMPLETED_WITH_FAILURES || this == CANCELLED;
  }
}
