package dev.enrich.client.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

  private static int size(int products) {
    return BatchPlanner.plan(products, OptionalInt.empty()).batchSize();
  }

  @Test
  void plan_followsTheSeedTableBands() {
    for (int n = 1; n < 100; n++) {
      assertTrue(size(n) >= 10 && size(n) <= 15, n + " -> " + size(n));
    }
    for (int n = 100; n < 500; n += 7) {
      assertTrue(size(n) >= 15 && size(n) <= 25, n + " -> " + size(n));
    }
    for (int n = 500; n <= 1000; n += 7) {
      assertTrue(size(n) >= 20 && size(n) <= 30, n + " -> " + size(n));
    }
    for (int n = 1001; n < 2_000_000; n = n * 3) {
      assertTrue(size(n) >= 25 && size(n) <= 40, n + " -> " + size(n));
    }
    assertEquals(10, size(1));
    assertEquals(40, size(5_000_000));
  }

  @Test
  void plan_neverShrinksAsTheCatalogGrowsWithinABand() {
    int previous = 0;
    for (int n = 1; n < 100; n++) {
      assertTrue(size(n) >= previous);
      previous = size(n);
    }
  }

  @Test
  void plan_countsBatchesAndExplainsTheChoice() {
    BatchPlan plan = BatchPlanner.plan(80, OptionalInt.empty());
    assertEquals((80 + plan.batchSize() - 1) / plan.batchSize(), plan.batches());
    assertTrue(plan.reason().startsWith("< 100 products"), plan.reason());
  }

  @Test
  void plan_overrideWinsAndIsBounded() {
    BatchPlan plan = BatchPlanner.plan(1000, OptionalInt.of(7));
    assertEquals(7, plan.batchSize());
    assertEquals(143, plan.batches());
    assertThrows(IllegalArgumentException.class, () -> BatchPlanner.plan(10, OptionalInt.of(0)));
    assertThrows(IllegalArgumentException.class, () -> BatchPlanner.plan(10, OptionalInt.of(101)));
  }
}
