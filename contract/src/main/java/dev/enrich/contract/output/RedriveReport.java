package dev.enrich.contract.output;

import java.util.List;

/**
 * What {@code redrive-dlq} prints; docs/schemas/redrive-dlq.schema.json.
 *
 * <pre>{@code
 * RedriveReport moved = client.redriveDlq("spring-2026", null, 10, false, RedriveProgress.NONE, log::info);
 * log.info("{}: {} of {} messages moved", moved.outcome(), moved.messagesMoved(), moved.messagesFound());
 * }</pre>
 *
 * @param mode {@code move_task} (SQS moves the whole DLQ), {@code filtered} (enrich moves the
 *     messages of --catalog / up to --max itself) or {@code cancel}
 * @param outcome see {@link #COMPLETED} and its siblings
 * @param messagesFound DLQ messages found to move (move_task: all the DLQ showed; filtered: those
 *     matching, up to --max; cancel: those still in the DLQ after the cancel)
 * @param messagesMoved messages now in the batch queue (0 on a dry run)
 * @param batchesRequeued batch items this run set from FAILED (or PROCESSING) back to QUEUED
 * @param batchesRestored batch items set back to FAILED because their message stayed in the DLQ
 *     when a move task ended early
 * @param batches the batches of the messages found (those without a batch are counted, not listed)
 * @param task the move task, null in filtered mode
 * @param dlqDepthAfter the DLQ's messages (visible, in flight, delayed) when the run ended
 */
public record RedriveReport(String mode, String outcome, boolean dryRun, String queue, String deadLetterQueue,
    String catalogId, Integer max, Integer rate, long messagesFound, long messagesMoved, long batchesRequeued,
    long batchesRestored, List<BatchRef> batches, MoveTask task, long dlqDepthAfter) {

  public static final String MODE_MOVE_TASK = "move_task";
  public static final String MODE_FILTERED = "filtered";
  public static final String MODE_CANCEL = "cancel";

  /** Every message found was moved (or the task moved the DLQ and ended COMPLETED). */
  public static final String COMPLETED = "completed";
  /** The DLQ held no message (of the catalog): nothing was done. */
  public static final String NOTHING_TO_MOVE = "nothing_to_move";
  /** A dry run: what would move, nothing moved or changed. */
  public static final String WOULD_MOVE = "would_move";
  /** The person at the terminal said no: nothing moved or changed. */
  public static final String DECLINED = "declined";
  /** The move task was cancelled before it finished (by --cancel, here or elsewhere). */
  public static final String CANCELLED = "cancelled";
  /** SQS reports the move task FAILED. */
  public static final String FAILED = "failed";
  /** --cancel found no running move task. */
  public static final String NOTHING_TO_CANCEL = "nothing_to_cancel";
}
