package dev.enrich.client.dlq;

import dev.enrich.contract.output.BatchRef;
import dev.enrich.contract.output.PeekReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** {@code dlq peek}: lists DLQ messages with their batches' last errors, consuming none. */
public final class DlqPeeker {
  /** However few messages match, a peek receives at most this many. */
  static final int SCAN_LIMIT = 10_000;

  private final DeadLetterQueue dlq;
  private final RedriveLedger ledger;

  public DlqPeeker(DeadLetterQueue dlq, RedriveLedger ledger) {
    this.dlq = dlq;
    this.ledger = ledger;
  }

  /** Up to {@code max} messages, of {@code catalogId} only when it is not null. */
  public PeekReport peek(String catalogId, int max) {
    QueuePair queues = dlq.queues();
    long depth = dlq.depth(queues.dlqUrl()).total();
    DlqScanner.Scan scan = new DlqScanner(dlq).scan(ofCatalog(catalogId), max, SCAN_LIMIT);
    Map<BatchRef, RedriveLedger.BatchView> batches = ledger.describe(
        scan.matched().stream().map(DlqMessage::batch).filter(Objects::nonNull).toList());
    List<PeekReport.Entry> entries = new ArrayList<>();
    for (DlqMessage m : scan.matched()) {
      RedriveLedger.BatchView batch = m.batch() == null ? null : batches.get(m.batch());
      entries.add(new PeekReport.Entry(m.messageId(), m.catalogId(), m.batchId(), m.productCount(), m.receiveCount(),
          m.sentAt(), batch == null ? null : batch.status(), batch == null ? null : batch.attempts(),
          batch == null ? null : batch.lastError(), m.bodyProblem()));
    }
    return new PeekReport(queues.sourceUrl(), queues.dlqUrl(), catalogId, depth, scan.scanned(), scan.more(), entries);
  }

  /** Messages of one catalog, or all when {@code catalogId} is null. */
  static Predicate<DlqMessage> ofCatalog(String catalogId) {
    return catalogId == null ? m -> true : m -> catalogId.equals(m.catalogId());
  }
}
