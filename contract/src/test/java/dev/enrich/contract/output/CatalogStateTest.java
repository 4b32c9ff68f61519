package dev.enrich.contract.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the catalog item and the shards' counts make the state users see. */
class CatalogStateTest {

  @Test
  void cancelled_winsWhileBatchesRemain_inEveryEarlierState() {
    assertEquals(CatalogState.CANCELLED, CatalogState.of(false, true, false, 0, 10, 0));
    assertEquals(CatalogState.CANCELLED, CatalogState.of(false, true, true, 0, 10, 0));
    assertEquals(CatalogState.CANCELLED, CatalogState.of(false, true, true, 9, 10, 2));
    assertTrue(CatalogState.CANCELLED.terminal());
  }

  @Test
  void completion_winsOverALateCancel_becauseNothingWasSkipped() {
    assertEquals(CatalogState.COMPLETED, CatalogState.of(false, true, true, 10, 10, 0));
    assertEquals(CatalogState.COMPLETED_WITH_FAILURES, CatalogState.of(false, true, true, 10, 10, 1));
  }

  @Test
  void withoutCancel_statesFollowSendingAndCounts() {
    assertEquals(CatalogState.SENDING, CatalogState.of(false, false, false, 0, 10, 0));
    assertEquals(CatalogState.QUEUED, CatalogState.of(false, false, true, 0, 10, 0));
    assertEquals(CatalogState.IN_PROGRESS, CatalogState.of(false, false, true, 4, 10, 0));
    assertEquals(CatalogState.COMPLETED, CatalogState.of(false, false, true, 10, 10, 0));
  }

  @Test
  void aFailureStop_winsOverEverything_evenWhenEveryBatchWasCounted() {
    assertEquals(CatalogState.FAILED, CatalogState.of(true, false, true, 3, 10, 40));
    assertEquals(CatalogState.FAILED, CatalogState.of(true, true, true, 3, 10, 40));
    assertEquals(CatalogState.FAILED, CatalogState.of(true, false, true, 10, 10, 40));
    assertTrue(CatalogState.FAILED.terminal());
  }
}
