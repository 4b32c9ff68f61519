package dev.enrich.client.dlq;

import dev.enrich.contract.output.MoveTask;
import dev.enrich.contract.output.QueueStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code queue stats}: depth, in flight and delayed of the batch queue and its DLQ, the DLQ's move
 * task, and the age of the oldest message where it can be had without side effects.
 */
public final class QueueStatsReader {
  private final DeadLetterQueue dlq;
  private final Clock clock;

  public QueueStatsReader(DeadLetterQueue dlq, Clock clock) {
    this.dlq = dlq;
    this.clock = clock;
  }

  public QueueStats read() {
    QueuePair q = dlq.queues();
    // The batch queue is never sampled: each receive there counts towards its maxReceiveCount.
    QueueStats.Queue source = queue("source", q.sourceName(), q.sourceUrl(), false);
    // The DLQ is, unless it has a RedrivePolicy of its own (then the same holds there).
    QueueStats.Queue dead = queue("dead_letter", q.dlqName(), q.dlqUrl(), !dlq.hasRedrivePolicy(q.dlqUrl()));
    MoveTask task = dlq.moveTasks().stream().findFirst().orElse(null);
    return new QueueStats(List.of(source, dead), q.maxReceiveCount(), task);
  }

  private QueueStats.Queue queue(String role, String name, String url, boolean sample) {
    QueueDepth depth = dlq.depth(url);
    Long age = null;
    String source = QueueStats.AGE_UNKNOWN;
    if (sample && depth.total() == 0) {
      source = QueueStats.AGE_EMPTY;
    } else if (sample) {
      // A sample of visible messages only: with all of them in flight, the age stays unknown.
      Optional<Instant> oldest = depth.visible() == 0 ? Optional.empty() : dlq.oldestSentSample(url);
      if (oldest.isPresent()) {
        source = QueueStats.AGE_SAMPLED;
        age = Math.max(0, Duration.between(oldest.get(), clock.instant()).getSeconds());
      }
    }
    return new QueueStats.Queue(role, name, url, depth.visible(), depth.inFlight(), depth.delayed(), age, source);
  }
}
