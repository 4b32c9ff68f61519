package dev.enrich.contract;

/** Life of one batch item: PENDING -> QUEUED -> PROCESSING -> COMPLETED | FAILED | CANCELLED. */
public enum BatchState {
  PENDING,
  QUEUED,
  PROCESSING,
  COMPLETED,
  FAILED,
  CANCELLED
}
