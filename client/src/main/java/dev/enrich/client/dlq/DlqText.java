package dev.enrich.client.dlq;

import dev.enrich.contract.output.BatchRef;
import dev.enrich.contract.output.MoveTask;
import dev.enrich.contract.output.PeekReport;
import dev.enrich.contract.output.QueueStats;
import dev.enrich.contract.output.RedriveReport;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The text forms of the DLQ tools' output records. */
public final class DlqText {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int ERROR_WIDTH = 70;

  private DlqText() {}

  public static String peek(PeekReport r) {
    StringBuilder t = new StringBuilder();
    String what = r.catalogId() == null ? "" : " of catalog " + r.catalogId();
    if (r.messages().isEmpty()) {
      t.append(String.format(Locale.ROOT, "no DLQ message%s (%s holds ~%,d)%n", what, name(r.deadLetterQueue()),
          r.dlqDepth()));
      return t.toString();
    }
    t.append(String.format(Locale.ROOT, "%-24s %-9s %8s %8s  %-19s  %-10s %8s  %s%n", "CATALOG", "BATCH", "PRODUCTS",
        "RECEIVES", "FIRST SENT (UTC)", "STATUS", "ATTEMPTS", "LAST ERROR"));
    for (PeekReport.Entry e : r.messages()) {
      String error = e.bodyProblem() != null ? "unreadable body: " + e.bodyProblem() : e.lastError();
      t.append(String.format(Locale.ROOT, "%-24s %-9s %8s %8d  %-19s  %-10s %8s  %s%n",
          dash(e.catalogId()), dash(e.batchId()), dash(e.productCount()), e.receiveCount(),
          e.firstSentAt() == null ? "-" : TIME.format(e.firstSentAt()), dash(e.batchStatus()), dash(e.attempts()),
          clip(dash(error))));
    }
    t.append(String.format(Locale.ROOT, "%,d message%s%s shown of ~%,d in %s%s; all are still there (a peek "
            + "consumes nothing)%n", r.messages().size(), r.messages().size() == 1 ? "" : "s", what, r.dlqDepth(),
        name(r.deadLetterQueue()), r.more() ? " (more with --max)" : ""));
    t.append(String.format(Locale.ROOT, "redrive them: enrich redrive-dlq%s%n",
        r.catalogId() == null ? " [--catalog ID]" : " --catalog " + r.catalogId()));
    return t.toString();
  }

  public static String redrive(RedriveReport r) {
    StringBuilder t = new StringBuilder();
    String route = name(r.deadLetterQueue()) + " -> " + name(r.queue());
    String how = RedriveReport.MODE_FILTERED.equals(r.mode()) ? "moved by enrich" : "SQS move task";
    switch (r.outcome()) {
      case RedriveReport.NOTHING_TO_MOVE -> t.append(String.format(Locale.ROOT, "nothing to move: %s holds no "
          + "message%s%n", name(r.deadLetterQueue()), r.catalogId() == null ? "" : " of catalog " + r.catalogId()));
      case RedriveReport.WOULD_MOVE -> {
        t.append(String.format(Locale.ROOT, "dry run: nothing moved, no status changed%n"));
        if (r.task() != null) {
          t.append(String.format(Locale.ROOT, "a move task is already running (%,d of %,d moved): a redrive would "
              + "follow it%n", r.task().moved(), r.task().total()));
        } else {
          t.append(String.format(Locale.ROOT, "would move %,d message%s: %s (%s)%n", r.messagesFound(),
              r.messagesFound() == 1 ? "" : "s", route, how));
          t.append(catalogs(r.batches(), r.messagesFound()));
        }
      }
      case RedriveReport.DECLINED -> t.append(String.format(Locale.ROOT, "not confirmed: nothing moved%n"));
      case RedriveReport.NOTHING_TO_CANCEL -> t.append(String.format(Locale.ROOT,
          "no move task is running on %s: nothing to cancel%n", name(r.deadLetterQueue())));
      default -> {
        t.append(String.format(Locale.ROOT, "%-10s %,d message%s moved %s (%s)%n", r.outcome(),
            r.messagesMoved(), r.messagesMoved() == 1 ? "" : "s", route, how));
        if (r.batchesRequeued() > 0 || RedriveReport.COMPLETED.equals(r.outcome())) {
          t.append(String.format(Locale.ROOT, "batches    %,d set back to QUEUED%n", r.batchesRequeued()));
        }
        if (r.batchesRestored() > 0) {
          t.append(String.format(Locale.ROOT, "batches    %,d still in the DLQ set back to FAILED%n",
              r.batchesRestored()));
        }
        if (r.task() != null && r.task().failureReason() != null) {
          t.append(String.format(Locale.ROOT, "reason     %s%n", r.task().failureReason()));
        }
      }
    }
    if (!RedriveReport.DECLINED.equals(r.outcome())) {
      t.append(String.format(Locale.ROOT, "dlq        ~%,d message%s in %s%n", r.dlqDepthAfter(),
          r.dlqDepthAfter() == 1 ? "" : "s", name(r.deadLetterQueue())));
    }
    return t.toString();
  }

  /** The question asked before a redrive on a terminal. */
  public static String question(RedrivePlan p) {
    StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "move %s%,d message%s from %s back to %s (%s)%s:%n",
        p.more() ? "at least " : "", p.messages(), p.messages() == 1 ? "" : "s", p.from(), p.to(),
        RedriveReport.MODE_FILTERED.equals(p.mode()) ? "moved by enrich" : "SQS move task",
        p.rate() == null ? "" : " at " + p.rate() + " a second"));
    p.byCatalog().forEach((c, n) -> t.append(String.format(Locale.ROOT, "  %-30s %,d%n", c, n)));
    t.append("Proceed? [y/N] ");
    return t.toString();
  }

  public static String stats(QueueStats s) {
    StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%-28s %-12s %9s %9s %8s  %s%n", "QUEUE", "ROLE",
        "VISIBLE", "IN FLIGHT", "DELAYED", "OLDEST"));
    for (QueueStats.Queue q : s.queues()) {
      t.append(String.format(Locale.ROOT, "%-28s %-12s %,9d %,9d %,8d  %s%n", q.name(), q.role().replace('_', ' '),
          q.visible(), q.inFlight(), q.delayed(), age(q)));
    }
    t.append(String.format(Locale.ROOT, "messages go to the DLQ after %d receives%n", s.maxReceiveCount()));
    MoveTask task = s.moveTask();
    t.append(task == null ? String.format(Locale.ROOT, "move task  none%n")
        : String.format(Locale.ROOT, "move task  %s: %,d of %,d moved%s%n", task.status(), task.moved(), task.total(),
            task.startedAt() == null ? "" : ", started " + TIME.format(task.startedAt()) + " UTC"));
    return t.toString();
  }

  private static String age(QueueStats.Queue q) {
    return switch (q.oldestAgeSource()) {
      case QueueStats.AGE_SAMPLED -> duration(q.oldestAgeSeconds()) + " (sampled)";
      case QueueStats.AGE_EMPTY -> "-";
      default -> "unknown";
    };
  }

  private static String catalogs(List<BatchRef> batches, long messages) {
    Map<String, Long> counts = new TreeMap<>();
    batches.forEach(b -> counts.merge(b.catalogId(), 1L, Long::sum));
    StringBuilder t = new StringBuilder();
    counts.forEach((c, n) -> t.append(String.format(Locale.ROOT, "  %-30s %,d batch%s%n", c, n, n == 1 ? "" : "es")));
    long others = messages - batches.size();
    if (others > 0) {
      t.append(String.format(Locale.ROOT, "  and %,d message%s naming no batch, or a batch listed already%n", others,
          others == 1 ? "" : "s"));
    }
    return t.toString();
  }

  static String duration(long seconds) {
    if (seconds >= 86_400) {
      return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }
    if (seconds >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
    return seconds >= 60 ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
  }

  private static String name(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  private static String dash(Object value) {
    return value == null ? "-" : value.toString();
  }

  private static String clip(String text) {
    String oneLine = text.replace('\n', ' ');
    return oneLine.length() <= ERROR_WIDTH ? oneLine : oneLine.substring(0, ERROR_WIDTH - 3) + "...";
  }
}
