package dev.enrich.contract.output;

import java.time.Instant;
import java.util.List;

/**
 * What {@code dlq peek} prints; docs/schemas/dlq-peek.schema.json.
 *
 * <pre>{@code
 * PeekReport dlq = client.peekDlq("spring-2026", 10);
 * dlq.messages().forEach(m -> log.warn("{} {}: {}", m.catalogId(), m.batchId(), m.lastError()));
 * }</pre>
 *
 * @param dlqDepth the DLQ's visible plus in-flight messages before the peek (approximate)
 * @param scanned distinct messages received to find these
 * @param more true when the peek stopped at --max (or its scan limit) before the DLQ's end
 */
public record PeekReport(String queue, String deadLetterQueue, String catalogId, long dlqDepth, int scanned,
    boolean more, List<Entry> messages) {

  /**
   * One DLQ message and its batch's state in the status table.
   *
   * @param receiveCount SQS's ApproximateReceiveCount: the consumer's receives, plus one per look (a
   *     peek, a queue stats sample); {@code attempts} counts the consumer's tries alone
   * @param firstSentAt SQS's SentTimestamp: when the batch was first queued (a move to the DLQ keeps it)
   * @param batchStatus the batch item's status, null when the status table has no such batch
   * @param attempts the consumer's processing attempts of the batch
   * @param lastError the batch's last error as the consumer recorded it
   * @param bodyProblem why the body is not a batch the consumer reads; null when it is one
   */
  public record Entry(String messageId, String catalogId, String batchId, Integer productCount, int receiveCount,
      Instant firstSentAt, String batchStatus, Integer attempts, String lastError, String bodyProblem) {}
}
