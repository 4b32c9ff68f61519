package dev.enrich.contract.output;

/** A catalog's state as users see it, derived from the catalog item and the progress shards. */
public enum CatalogState {
  SENDING,
  QUEUED,
  IN_PROGRESS,
  COMPLETED,
  COMPLETED_WITH_FAILURES,
  CANCELLED,
  /** Its failed products passed {@code submit --max-failures}: the rest was drained unlooked-up. */
  FAILED;

  public boolean terminal() {
    return this == COMPLETED || this == COMPLETED_WITH_FAILURES || this == CANCELLED || this == FAILED;
  }

  /**
   * The one rule, shared by {@code status} and the consumer's completion event. A failure stop wins
   * over everything (the catalog failed, however many batches still ran); then completion wins over
   * the cancel flag: only completed batches are counted, so when all of them are, nothing was
   * skipped, and a cancel that races the last batch leaves the catalog COMPLETED.
   *
   * @param stopped the consumer stopped it for {@code --max-failures}
   * @param sent every batch was sent (the submit finished)
   */
  public static CatalogState of(boolean stopped, boolean cancelled, boolean sent, long batchesDone, long totalBatches,
      long failed) {
    if (stopped) {
      return FAILED;
    }
    if (sent && batchesDone >= totalBatches) {
      return failed > 0 ? COMPLETED_WITH_FAILURES : COMPLETED;
    }
    if (cancelled) {
      return CANCELLED;
    }
    if (batchesDone > 0) {
      return IN_PROGRESS;
    }
    return sent ? QUEUED : SENDING;
  }
}
