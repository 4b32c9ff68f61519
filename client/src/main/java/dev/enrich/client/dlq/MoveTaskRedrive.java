package dev.enrich.client.dlq;

import dev.enrich.client.RemoteServiceException;
import dev.enrich.contract.output.BatchRef;
import dev.enrich.contract.output.MoveTask;
import dev.enrich.contract.output.RedriveReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Redrives the whole DLQ with an SQS message move task
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html)
 * and follows it to its end.
 *
 * <p>The status table learns of it first: the batches found in the DLQ go from FAILED back to
 * QUEUED before the task starts, so {@code status} stays truthful while the task runs and the
 * consumer picks them up. Should the task end early (cancelled, failed), the batches whose
 * messages are still in the DLQ are set back to FAILED.
 */
public final class MoveTaskRedrive {
  /** A DLQ larger than this is still moved whole; only this many of its batches are marked first. */
  static final int SCAN_LIMIT = 10_000;
  /** AWS's bound for MaxNumberOfMessagesPerSecond. */
  public static final int MAX_RATE = 500;
  private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(60);

  private final DeadLetterQueue dlq;
  private final RedriveLedger ledger;
  private final Clock clock;
  private final Duration poll;
  private final Consumer<String> notices;

  public MoveTaskRedrive(DeadLetterQueue dlq, RedriveLedger ledger, Clock clock, Duration poll,
      Consumer<String> notices) {
    this.dlq = dlq;
    this.ledger = ledger;
    this.clock = clock;
    this.poll = poll;
    this.notices = notices;
  }

  /** Moves every DLQ message back; follows a task already running instead of starting another. */
  public RedriveReport run(Integer rate, boolean dryRun, RedrivePlan.Confirmation confirmation,
      RedriveProgress progress) throws InterruptedException {
    QueuePair q = dlq.queues();
    Optional<MoveTask> running = runningTask();
    if (running.isPresent()) {
      // Its batches were marked by whoever started it; a scan now would hold messages the task is moving.
      MoveTask task = running.get();
      if (dryRun) {
        return report(RedriveReport.WOULD_MOVE, true, rate, 0, 0, 0, 0, List.of(), task);
      }
      notices.accept("a move task is already running on " + q.dlqName() + " (" + task.moved() + " of "
          + task.total() + " moved): following it instead of starting another");
      return finish(follow(task.taskHandle(), progress), rate, 0, List.of(), 0);
    }
    DlqScanner.Scan scan = new DlqScanner(dlq).scan(m -> true, SCAN_LIMIT, SCAN_LIMIT);
    List<BatchRef> batches = batchesOf(scan.matched());
    warnUnreadable(scan.matched(), notices);
    if (scan.scanned() == 0) {
      return report(RedriveReport.NOTHING_TO_MOVE, dryRun, rate, 0, 0, 0, 0, List.of(), null);
    }
    if (dryRun) {
      return report(RedriveReport.WOULD_MOVE, true, rate, scan.scanned(), 0, 0, 0, batches, null);
    }
    RedrivePlan plan = new RedrivePlan(RedriveReport.MODE_MOVE_TASK, q.dlqName(), q.sourceName(), scan.scanned(),
        FilteredRedrive.byCatalog(scan.matched()), scan.more(), rate);
    if (!confirmation.confirm(plan)) {
      return report(RedriveReport.DECLINED, false, rate, scan.scanned(), 0, 0, 0, batches, null);
    }
    Instant now = clock.instant();
    long requeued = batches.stream().filter(b -> ledger.requeue(b, now)).count();
    String handle;
    try {
      handle = dlq.startMoveTask(rate);
    } catch (RuntimeException e) {
      // No task, so nothing moves: the batches just requeued are still in the DLQ.
      restoreStillDead();
      throw e;
    }
    notices.accept("move task started: " + q.dlqName() + " -> " + q.sourceName()
        + "; it runs in SQS: Ctrl-C stops watching, not the task (stop it with: enrich redrive-dlq --cancel)");
    MoveTask end = follow(handle, progress);
    return finish(end, rate, scan.scanned(), batches, requeued);
  }

  private RedriveReport finish(MoveTask end, Integer rate, long found, List<BatchRef> batches, long requeued) {
    if (MoveTask.COMPLETED.equals(end.status())) {
      return report(RedriveReport.COMPLETED, false, rate, found, end.moved(), requeued, 0, batches, end);
    }
    long restored = restoreStillDead();
    String outcome = MoveTask.FAILED.equals(end.status()) ? RedriveReport.FAILED : RedriveReport.CANCELLED;
    return report(outcome, false, rate, found, end.moved(), requeued, restored, batches, end);
  }

  /** Stops the running move task, then sets the batches still in the DLQ back to FAILED. */
  public RedriveReport cancel() throws InterruptedException {
    Optional<MoveTask> running = runningTask();
    if (running.isEmpty()) {
      MoveTask last = dlq.moveTasks().stream().findFirst().orElse(null);
      return report(RedriveReport.NOTHING_TO_CANCEL, false, null, 0, 0, 0, 0, List.of(), last);
    }
    String handle = running.get().taskHandle();
    long moved = dlq.cancelMoveTask(handle);
    MoveTask end = awaitEnd(handle, moved);
    DlqScanner.Scan still = new DlqScanner(dlq).scan(m -> true, SCAN_LIMIT, SCAN_LIMIT);
    Instant now = clock.instant();
    List<BatchRef> batches = batchesOf(still.matched());
    long restored = batches.stream().filter(b -> ledger.markFailing(b, now)).count();
    return new RedriveReport(RedriveReport.MODE_CANCEL, RedriveReport.CANCELLED, false, dlq.queues().sourceUrl(),
        dlq.queues().dlqUrl(), null, null, null, still.scanned(), end.moved(), 0, restored, batches, end,
        dlq.depth(dlq.queues().dlqUrl()).total());
  }

  private Optional<MoveTask> runningTask() {
    return dlq.moveTasks().stream().filter(MoveTask::running).findFirst();
  }

  /** Polls the task until it leaves RUNNING; returns it as it ended. */
  private MoveTask follow(String handle, RedriveProgress progress) throws InterruptedException {
    MoveTask last = null;
    progress.start(0);
    try {
      while (true) {
        Optional<MoveTask> now = find(handle);
        if (now.isEmpty()) {
          // ElasticMQ forgets a cancelled task at once; AWS lists it as CANCELLING, then CANCELLED.
          return last == null ? new MoveTask(handle, MoveTask.CANCELLED, 0, 0, null, null, null) : last.cancelled(0);
        }
        last = now.get();
        progress.update(last.moved(), last.total());
        if (!last.running()) {
          return last;
        }
        Thread.sleep(poll.toMillis());
      }
    } finally {
      progress.finish();
    }
  }

  private MoveTask awaitEnd(String handle, long movedAtCancel) throws InterruptedException {
    long deadline = System.nanoTime() + CANCEL_TIMEOUT.toNanos();
    while (true) {
      Optional<MoveTask> now = find(handle);
      if (now.isEmpty()) {
        return new MoveTask(handle, MoveTask.CANCELLED, movedAtCancel, 0, null, null, null);
      }
      if (!now.get().running()) {
        return now.get();
      }
      if (System.nanoTime() > deadline) {
        throw new RemoteServiceException("move task " + handle + " is still " + now.get().status()
            + " " + CANCEL_TIMEOUT.toSeconds() + " s after it was cancelled; run --cancel again later to restore"
            + " the status of the batches left in the DLQ");
      }
      Thread.sleep(poll.toMillis());
    }
  }

  private Optional<MoveTask> find(String handle) {
    return dlq.moveTasks().stream().filter(t -> handle.equals(t.taskHandle())).findFirst();
  }

  /** Batches whose messages are still in the DLQ after an early end: FAILED again, listed as failing. */
  private long restoreStillDead() {
    DlqScanner.Scan still = new DlqScanner(dlq).scan(m -> true, SCAN_LIMIT, SCAN_LIMIT);
    Instant now = clock.instant();
    return batchesOf(still.matched()).stream().filter(b -> ledger.markFailing(b, now)).count();
  }

  private RedriveReport report(String outcome, boolean dryRun, Integer rate, long found, long moved, long requeued,
      long restored, List<BatchRef> batches, MoveTask task) {
    QueuePair q = dlq.queues();
    return new RedriveReport(RedriveReport.MODE_MOVE_TASK, outcome, dryRun, q.sourceUrl(), q.dlqUrl(), null, null,
        rate, found, moved, requeued, restored, batches, task, dlq.depth(q.dlqUrl()).total());
  }

  /** Says so when some messages are not batches the consumer reads: redriven, they fail and come back. */
  static void warnUnreadable(List<DlqMessage> messages, Consumer<String> notices) {
    long unreadable = messages.stream().filter(m -> m.bodyProblem() != null).count();
    if (unreadable > 0) {
      notices.accept(unreadable + " of these messages " + (unreadable == 1 ? "is not a batch" : "are not batches")
          + " the consumer reads (see enrich dlq peek): redriven, they fail again and return to the DLQ");
    }
  }

  static List<BatchRef> batchesOf(List<DlqMessage> messages) {
    Set<BatchRef> batches = new LinkedHashSet<>();
    messages.stream().map(DlqMessage::batch).filter(Objects::nonNull).forEach(batches::add);
    return new ArrayList<>(batches);
  }
}
