package dev.enrich.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.chaos.CatalogOutcome.BatchItem;
import dev.enrich.cli.chaos.CatalogOutcome.ProductDocument;
import dev.enrich.contract.BatchCounts;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The chaos tests' shared assertion catches each way a catalog can end up not exact. */
@Tag("chaos")
class CatalogOutcomeTest {
  private static final Instant T = Instant.parse("2026-11-30T00:00:00Z");

  /** Four products in two batches of two, one failed with a reason: exact. */
  private static CatalogOutcome exact() {
    return new CatalogOutcome(Set.of("A", "B", "C", "D"),
        List.of(new ProductDocument("A", "ENRICHED", null), new ProductDocument("B", "ENRICHED", null),
            new ProductDocument("C", "ENRICHED", null), new ProductDocument("D", "FAILED", "Keepa does not know ASIN X")),
        status(CatalogState.COMPLETED_WITH_FAILURES, 4, 3, 1, 2, new BatchCounts(0, 0, 2, 0, 0)),
        List.of(new BatchItem("B#000001", "COMPLETED", 2, 2, 0), new BatchItem("B#000002", "COMPLETED", 2, 1, 1)),
        Map.of("B#000001", 1, "B#000002", 1), 0, 0);
  }

  private static CatalogStatus status(CatalogState state, long done, long succeeded, long failed, long batchesDone,
      BatchCounts batches) {
    return new CatalogStatus("c", "u", "c.csv", state, 4, 0, 2, 2, done, succeeded, failed, batchesDone, batches,
        T, T, T);
  }

  private static List<String> violations(UnaryOperator<CatalogOutcome> breakIt) {
    return breakIt.apply(exact()).violations();
  }

  private static void assertFlags(String expected, UnaryOperator<CatalogOutcome> breakIt) {
    List<String> v = violations(breakIt);
    assertTrue(v.stream().anyMatch(line -> line.contains(expected)), "expected a violation with \"" + expected
        + "\", got " + v);
  }

  @Test
  void anExactOutcome_hasNoViolation() {
    assertEquals(List.of(), exact().violations());
  }

  @Test
  void aProductTwiceInMongo_orMissing_orFailedWithoutReason_orForeign() {
    assertFlags("MongoDB holds A 2 times", o -> withDocuments(o, docs -> docs.add(new ProductDocument("A", "ENRICHED", null))));
    assertFlags("MongoDB lacks 1 of 4 products", o -> withDocuments(o, docs -> docs.remove(2)));
    assertFlags("D failed without a reason", o -> withDocuments(o, docs -> docs.set(3, new ProductDocument("D", "FAILED", " "))));
    assertFlags("has status PENDING", o -> withDocuments(o, docs -> docs.set(0, new ProductDocument("A", "PENDING", null))));
    assertFlags("holds Z, which is not in the catalog", o -> withDocuments(o, docs -> docs.add(new ProductDocument("Z", "ENRICHED", null))));
  }

  @Test
  void aBatchCountedTwice_isSeenInTheCounters_theShards_andAgainstMongo() {
    // What a non-idempotent count would leave: batch 2 added twice to the shard counters.
    List<String> v = violations(o -> withStatus(o, status(CatalogState.COMPLETED_WITH_FAILURES, 6, 4, 2, 3,
        new BatchCounts(0, 0, 2, 0, 0))));
    assertTrue(v.contains("products done: 6, expected 4"), v.toString());
    assertTrue(v.contains("succeeded vs MongoDB's enriched: 4, expected 3"), v.toString());
    assertTrue(v.contains("batches done: 3, expected 2"), v.toString());
    assertFlags("B#000002 is counted in 2 progress shards", o -> new CatalogOutcome(o.skus(), o.documents(),
        o.status(), o.batches(), Map.of("B#000001", 1, "B#000002", 2), 0, 0));
  }

  @Test
  void aBatchLeftProcessingOrFailing_orNeverCounted() {
    assertFlags("batches processing: 1", o -> withStatus(o, status(CatalogState.COMPLETED_WITH_FAILURES, 4, 3, 1, 2,
        new BatchCounts(0, 1, 2, 0, 0))));
    assertFlags("batches failing: 1", o -> withStatus(o, status(CatalogState.COMPLETED_WITH_FAILURES, 4, 3, 1, 2,
        new BatchCounts(0, 0, 2, 1, 0))));
    assertFlags("batch B#000002 is FAILED, not COMPLETED", o -> new CatalogOutcome(o.skus(), o.documents(), o.status(),
        List.of(o.batches().get(0), new BatchItem("B#000002", "FAILED", 2, 1, 1)), o.countedIn(), 0, 0));
    assertFlags("B#000002 is counted in 0 progress shards", o -> new CatalogOutcome(o.skus(), o.documents(),
        o.status(), o.batches(), Map.of("B#000001", 1), 0, 0));
    assertFlags("products done: 2, expected 4", o -> withStatus(o, status(CatalogState.IN_PROGRESS, 2, 2, 0, 1,
        new BatchCounts(1, 0, 1, 0, 0))));
  }

  @Test
  void aStateThatHidesFailures_isFlagged() {
    assertFlags("state: COMPLETED, expected COMPLETED_WITH_FAILURES", o -> withStatus(o,
        status(CatalogState.COMPLETED, 4, 3, 1, 2, new BatchCounts(0, 0, 2, 0, 0))));
  }

  @Test
  void messagesLeftInTheQueueOrTheDlq() {
    assertFlags("messages in the queue: 1", o -> new CatalogOutcome(o.skus(), o.documents(), o.status(), o.batches(),
        o.countedIn(), 1, 0));
    assertFlags("messages in the DLQ: 2", o -> new CatalogOutcome(o.skus(), o.documents(), o.status(), o.batches(),
        o.countedIn(), 0, 2));
  }

  private static CatalogOutcome withDocuments(CatalogOutcome o, java.util.function.Consumer<List<ProductDocument>> change) {
    List<ProductDocument> docs = new ArrayList<>(o.documents());
    change.accept(docs);
    return new CatalogOutcome(o.skus(), docs, o.status(), o.batches(), o.countedIn(), o.queueMessages(), o.dlqMessages());
  }

  private static CatalogOutcome withStatus(CatalogOutcome o, CatalogStatus status) {
    return new CatalogOutcome(o.skus(), o.documents(), status, o.batches(), o.countedIn(), o.queueMessages(),
        o.dlqMessages());
  }
}
