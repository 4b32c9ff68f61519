package dev.enrich.contract.output;

import java.time.Instant;

/**
 * An SQS message move task, as {@code ListMessageMoveTasks} reports it.
 *
 * @param status RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED
 * @param toMove messages to move, counted when the task started (ElasticMQ reports 0 once completed)
 * @param maxPerSecond the rate asked for, null for SQS's own pace
 */
public record MoveTask(String taskHandle, String status, long moved, long toMove, Integer maxPerSecond,
    Instant startedAt, String failureReason) {

  public static final String RUNNING = "RUNNING";
  public static final String COMPLETED = "COMPLETED";
  public static final String CANCELLED = "CANCELLED";
  public static final String FAILED = "FAILED";

  public boolean running() {
    return RUNNING.equals(status) || "CANCELLING".equals(status);
  }

  /** The task as it ended, for a task that is no longer listed after a cancel (ElasticMQ drops it). */
  public MoveTask cancelled(long movedAtCancel) {
    return new MoveTask(taskHandle, CANCELLED, Math.max(moved, movedAtCancel), toMove, maxPerSecond, startedAt, null);
  }

  /** Messages moved or to move: the bar's total. */
  public long total() {
    return Math.max(moved, toMove);
  }
}
