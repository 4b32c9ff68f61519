package dev.enrich.contract.output;

import java.util.List;

/**
 * What {@code queue stats} prints; docs/schemas/queue-stats.schema.json.
 *
 * <pre>{@code
 * QueueStats stats = client.queueStats();
 * stats.queues().forEach(q -> metrics.gauge("enrich.queue." + q.role(), q.visible()));
 * }</pre>
 *
 * @param moveTask the DLQ's running or most recent message move task, null when it never had one
 */
public record QueueStats(List<Queue> queues, int maxReceiveCount, MoveTask moveTask) {

  /** Where {@link Queue#oldestAgeSeconds} comes from. */
  public static final String AGE_SAMPLED = "sampled";
  public static final String AGE_EMPTY = "empty";
  public static final String AGE_UNKNOWN = "unknown";

  /**
   * One queue's counts (SQS's approximate numbers).
   *
   * @param role {@code source} (the batch queue) or {@code dead_letter}
   * @param visible messages waiting to be received: the queue's depth
   * @param inFlight received and not yet deleted (being processed, or held by a DLQ tool)
   * @param oldestAgeSeconds seconds since the oldest message was first sent, null when not known
   * @param oldestAgeSource {@code sampled}: from the SentTimestamp of up to 10 messages received
   *     with visibility timeout 0 (the oldest of a sample; exact only for a small queue);
   *     {@code empty}: the queue holds no message; {@code unknown}: every message is in flight, or
   *     the queue is not sampled because a receive there counts towards its maxReceiveCount and so
   *     could push a batch into the DLQ (the batch queue). SQS itself reports the age only as the
   *     CloudWatch metric ApproximateAgeOfOldestMessage.
   */
  public record Queue(String role, String name, String url, long visible, long inFlight, long delayed,
      Long oldestAgeSeconds, String oldestAgeSource) {}
}
