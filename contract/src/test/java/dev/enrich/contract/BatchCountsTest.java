package dev.enrich.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchCountsTest {
  @Test
  void anIdInSeveralSets_countsOnceInTheHighestRankedState() {
    BatchCounts.Builder b = new BatchCounts.Builder();
    // B1 completed but a duplicate delivery re-listed it as processing; B2 processing after a failed
    // attempt; B3 failing; B4 cancelled; B5 failing in another shard's view too.
    b.add(Set.of("B1"), Set.of("B1", "B2"), Set.of("B2", "B3"), Set.of("B4"));
    b.add(Set.of(), Set.of(), Set.of("B5"), Set.of());
    assertEquals(new BatchCounts(5, 1, 1, 2, 1), b.build(10));
  }

  @Test
  void queuedNeverGoesNegative_whenTheSetsKnowMoreThanTheTotal() {
    BatchCounts.Builder b = new BatchCounts.Builder();
    b.add(Set.of("B1", "B2"), Set.of(), Set.of(), Set.of());
    assertEquals(new BatchCounts(0, 0, 2, 0, 0), b.build(1));
  }
}
