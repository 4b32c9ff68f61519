package dev.enrich.client.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.contract.output.CatalogState;
import org.junit.jupiter.api.Test;

/** How the catalog item and the shards' counts make the state users see. */
class StatusStateTest {

  @Test
  void cancelled_winsWhileBatchesRemain_inEveryEarlierState() {
    assertEquals(CatalogState.CANCELLED, StatusReader.state(true, false, 0, 10, 0));
    assertEquals(CatalogState.CANCELLED, StatusReader.state(true, true, 0, 10, 0));
    assertEquals(CatalogState.CANCELLED, StatusReader.state(true, true, 9, 10, 2));
    assertTrue(CatalogState.CANCELLED.terminal());
  }

  @Test
  void completion_winsOverALateCancel_becauseNothingWasSkipped() {
    assertEquals(CatalogState.COMPLETED, StatusReader.state(true, true, 10, 10, 0));
    assertEquals(CatalogState.COMPLETED_WITH_FAILURES, StatusReader.state(true, true, 10, 10, 1));
  }

  @Test
  void withoutCancel_statesFollowSendingAndCounts() {
    assertEquals(CatalogState.SENDING, StatusReader.state(false, false, 0, 10, 0));
    assertEquals(CatalogState.QUEUED, StatusReader.state(false, true, 0, 10, 0));
    assertEquals(CatalogState.IN_PROGRESS, StatusReader.state(false, true, 4, 10, 0));
    assertEquals(CatalogState.COMPLETED, StatusReader.state(false, true, 10, 10, 0));
  }
}
