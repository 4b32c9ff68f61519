package dev.enrich.client.dlq;

import dev.enrich.client.EnrichException;
import dev.enrich.contract.output.BatchRef;
import dev.enrich.contract.output.MoveTask;
import dev.enrich.contract.output.RedriveReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Redrives some DLQ messages (one catalog's, or the first N) by moving them itself, since a move
 * task cannot filter. Per message, in this order:
 * <ol>
 *   <li>receive it from the DLQ (invisible for {@link #MOVE_HOLD});
 *   <li>send a copy, same body and message attributes, to the batch queue, and wait for SQS to confirm;
 *   <li>set its batch from FAILED back to QUEUED;
 *   <li>delete it from the DLQ.
 * </ol>
 * A crash anywhere leaves the message in the DLQ until it is confirmed in the batch queue: it may
 * then be in both (the consumer absorbs the duplicate), never in neither.
 *
 * <p>Messages it does not move (other catalogs', or past --max) are kept invisible for the run so
 * that each receive brings new ones, and made visible again at the end; a crash leaves them
 * hidden for at most {@link #ASIDE_HOLD}.
 */
public final class FilteredRedrive {
  static final Duration MOVE_HOLD = Duration.ofSeconds(30);
  static final Duration ASIDE_HOLD = Duration.ofMinutes(5);
  static final String NO_CATALOG = "(no catalog)";

  private final DeadLetterQueue dlq;
  private final RedriveLedger ledger;
  private final Clock clock;
  private final Consumer<String> notices;

  public FilteredRedrive(DeadLetterQueue dlq, RedriveLedger ledger, Clock clock, Consumer<String> notices) {
    this.dlq = dlq;
    this.ledger = ledger;
    this.clock = clock;
    this.notices = notices;
  }

  /**
   * Moves the DLQ messages of {@code catalogId} (any catalog when null), at most {@code max} (all
   * when null), at most {@code rate} a second (as fast as SQS goes when null).
   */
  public RedriveReport run(String catalogId, Integer max, Integer rate, boolean dryRun,
      RedrivePlan.Confirmation confirmation, RedriveProgress progress) throws InterruptedException {
    QueuePair q = dlq.queues();
    if (dlq.moveTasks().stream().anyMatch(MoveTask::running)) {
      // ElasticMQ's task moves messages this run holds invisible; two movers would duplicate work.
      throw EnrichException.invalidInput("a move task is running on " + q.dlqName() + ": let it finish (enrich queue"
          + " stats shows it) or stop it (enrich redrive-dlq --cancel); nothing moved");
    }
    if (catalogId != null && !ledger.catalogExists(catalogId)) {
      throw EnrichException.notFound("catalog " + catalogId + " is not in the status table; nothing moved");
    }
    int limit = max == null ? Integer.MAX_VALUE : max;
    Predicate<DlqMessage> wanted = DlqPeeker.ofCatalog(catalogId);
    DlqScanner.Scan plan = new DlqScanner(dlq).scan(wanted, limit, DlqPeeker.SCAN_LIMIT);
    List<BatchRef> planned = MoveTaskRedrive.batchesOf(plan.matched());
    MoveTaskRedrive.warnUnreadable(plan.matched(), notices);
    if (plan.matched().isEmpty()) {
      return report(RedriveReport.NOTHING_TO_MOVE, dryRun, catalogId, max, rate, 0, 0, 0, List.of());
    }
    if (dryRun) {
      return report(RedriveReport.WOULD_MOVE, true, catalogId, max, rate, plan.matched().size(), 0, 0, planned);
    }
    RedrivePlan question = new RedrivePlan(RedriveReport.MODE_FILTERED, q.dlqName(), q.sourceName(),
        plan.matched().size(), byCatalog(plan.matched()), plan.more() && max == null, rate);
    if (!confirmation.confirm(question)) {
      return report(RedriveReport.DECLINED, false, catalogId, max, rate, plan.matched().size(), 0, 0, planned);
    }
    Moved moved = move(wanted, limit, new Pacer(rate), progress, plan.matched().size());
    return report(RedriveReport.COMPLETED, false, catalogId, max, rate, Math.max(plan.matched().size(),
        moved.messages), moved.messages, moved.requeued, moved.batches);
  }

  private record Moved(long messages, long requeued, List<BatchRef> batches) {}

  private Moved move(Predicate<DlqMessage> wanted, int limit, Pacer pacer, RedriveProgress progress, long expected)
      throws InterruptedException {
    Map<String, DlqMessage> aside = new LinkedHashMap<>();
    Set<String> movedIds = new HashSet<>();
    List<DlqMessage> movedMessages = new ArrayList<>();
    long requeued = 0;
    progress.start(expected);
    try {
      while (movedIds.size() < limit) {
        int want = (int) Math.min(pacer.burst(), limit - (long) movedIds.size());
        List<DlqMessage> got = dlq.receive(want, MOVE_HOLD, DlqScanner.WAIT);
        if (got.isEmpty()) {
          break;
        }
        List<DlqMessage> ours = new ArrayList<>();
        List<DlqMessage> copiedBefore = new ArrayList<>();
        List<DlqMessage> setAside = new ArrayList<>();
        for (DlqMessage m : got) {
          if (movedIds.contains(m.messageId())) {
            copiedBefore.add(m); // sent and confirmed earlier, but its delete failed: delete, do not send again
          } else if (wanted.test(m) && movedIds.size() + ours.size() < limit) {
            ours.add(m);
          } else {
            aside.put(m.messageId(), m);
            setAside.add(m);
          }
        }
        if (!setAside.isEmpty()) {
          dlq.changeVisibility(setAside, ASIDE_HOLD);
        }
        if (!copiedBefore.isEmpty()) {
          dlq.delete(copiedBefore);
        }
        if (ours.isEmpty()) {
          continue;
        }
        pacer.acquire(ours.size());
        List<DlqMessage> sent = dlq.sendToSource(ours);
        for (DlqMessage m : sent) {
          movedIds.add(m.messageId());
          movedMessages.add(m);
          if (m.batch() != null && ledger.requeue(m.batch(), clock.instant())) {
            requeued++;
          }
        }
        // A message whose delete fails is in both queues: its copy is counted as moved, and if it
        // shows up again in this run it is deleted, not sent again.
        dlq.delete(sent);
        progress.update(movedIds.size(), Math.max(expected, movedIds.size()));
      }
    } finally {
      dlq.changeVisibility(List.copyOf(aside.values()), Duration.ZERO);
      progress.finish();
    }
    return new Moved(movedIds.size(), requeued, MoveTaskRedrive.batchesOf(movedMessages));
  }

  private RedriveReport report(String outcome, boolean dryRun, String catalogId, Integer max, Integer rate,
      long found, long moved, long requeued, List<BatchRef> batches) {
    QueuePair q = dlq.queues();
    return new RedriveReport(RedriveReport.MODE_FILTERED, outcome, dryRun, q.sourceUrl(), q.dlqUrl(), catalogId, max,
        rate, found, moved, requeued, 0, batches, null, dlq.depth(q.dlqUrl()).total());
  }

  static Map<String, Long> byCatalog(List<DlqMessage> messages) {
    Map<String, Long> counts = new TreeMap<>();
    messages.forEach(m -> counts.merge(m.catalogId() == null ? NO_CATALOG : m.catalogId(), 1L, Long::sum));
    return counts;
  }
}
