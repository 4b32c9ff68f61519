package dev.enrich.contract.output;

import java.time.Instant;

/**
 * What the consumer publishes, once, when a catalog reaches a terminal state (the stack's completion
 * topic; docs/architecture.md section 5); its JSON form is docs/schemas/completion-event.schema.json.
 * A backend subscribes instead of polling {@code status}.
 *
 * <pre>{@code
 * CompletionEvent e = OutputJson.read(snsMessage, CompletionEvent.class);
 * if (e.state() == CatalogState.FAILED) {
 *   alertSeller(e.catalogId(), e.stoppedReason());
 * }
 * }</pre>
 *
 * @param eventId the catalog id and its submission time (and the {@code retry-failed} round that
 *     ended, if any): the same for every copy of this event, new for the next submission or round, so
 *     a subscriber can drop copies SNS delivers twice
 * @param state COMPLETED, COMPLETED_WITH_FAILURES, CANCELLED or FAILED
 * @param stoppedReason why a FAILED catalog stopped ({@code submit --max-failures}), else null
 * @param batchesCompleted batches looked up and counted
 * @param batchesSkipped batches drained without a lookup (cancelled, or after a failure stop)
 * @param tokensSpent Keepa tokens its batches spent, as Keepa reported them
 * @param submittedAt when the submission that this event ends was registered
 * @param startedAt when its first batch started; null if none did
 * @param finishedAt when its last batch settled
 */
public record CompletionEvent(
    String schemaVersion,
    String eventId,
    String catalogId,
    String userId,
    String sourceName,
    CatalogState state,
    String stoppedReason,
    long totalProducts,
    long invalidProducts,
    long succeeded,
    long failed,
    long totalBatches,
    long batchesCompleted,
    long batchesSkipped,
    long tokensSpent,
    Instant submittedAt,
    Instant startedAt,
    Instant finishedAt) {

  /** Major 1, minor 0: fields may be added within a major. */
  public static final String SCHEMA_VERSION = "1.0";

  /** The id of the event that ends the submission of {@code catalogId} registered at {@code submittedAt}. */
  public static String eventId(String catalogId, Instant submittedAt) {
    return eventId(catalogId, submittedAt, 0);
  }

  /** The same, of its {@code retry-failed} round {@code round} (0: the submission itself). */
  public static String eventId(String catalogId, Instant submittedAt, int round) {
    return catalogId + "@" + submittedAt + (round > 0 ? "/retry-" + round : "");
  }
}
