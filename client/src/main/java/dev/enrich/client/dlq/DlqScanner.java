package dev.enrich.client.dlq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Looks at DLQ messages without consuming them: receives them, keeping each invisible while the
 * scan goes on (so the next receive returns others, not the same again), then makes every one
 * visible again at once with ChangeMessageVisibility 0. A scan that dies midway leaves its
 * messages to reappear by themselves after {@link #HOLD}.
 *
 * <p>On ElasticMQ a visibility change also drops messages deleted after a receive from the
 * queue's internal order, which a move task would otherwise send back (see ElasticMqMoveTaskIT).
 */
public final class DlqScanner {
  /** How long a scan keeps what it received invisible at most. */
  static final Duration HOLD = Duration.ofSeconds(60);
  /** Long-poll a second: one empty answer then means the DLQ has nothing more to show. */
  static final Duration WAIT = Duration.ofSeconds(1);

  /**
   * What a scan saw.
   *
   * @param matched the messages the predicate took, at most the scan's {@code max}, in receive order
   * @param scanned distinct messages received
   * @param more true when the scan stopped at {@code max} or at its limit, not at the DLQ's end
   */
  public record Scan(List<DlqMessage> matched, int scanned, boolean more) {}

  private final DeadLetterQueue dlq;

  public DlqScanner(DeadLetterQueue dlq) {
    this.dlq = dlq;
  }

  /** Scans until {@code max} messages matched, {@code limit} were received, or the DLQ shows no new one. */
  public Scan scan(Predicate<DlqMessage> wanted, int max, int limit) {
    Map<String, DlqMessage> held = new LinkedHashMap<>();
    List<DlqMessage> matched = new ArrayList<>();
    boolean more = false;
    try {
      while (true) {
        if (matched.size() >= max || held.size() >= limit) {
          more = true;
          break;
        }
        List<DlqMessage> got = dlq.receive(Math.min(10, limit - held.size()), HOLD, WAIT);
        boolean anyNew = false;
        for (DlqMessage m : got) {
          // A message seen before (its hold ran out, or SQS delivered it twice) is held again, not counted twice.
          if (held.put(m.messageId(), m) == null) {
            anyNew = true;
            if (wanted.test(m) && matched.size() < max) {
              matched.add(m);
            }
          }
        }
        if (!anyNew) {
          break;
        }
      }
    } finally {
      dlq.changeVisibility(List.copyOf(held.values()), Duration.ZERO);
    }
    return new Scan(matched, held.size(), more);
  }
}
