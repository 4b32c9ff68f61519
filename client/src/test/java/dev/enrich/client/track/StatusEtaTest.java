package dev.enrich.client.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.enrich.contract.BatchCounts;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.contract.output.StatusReport;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The ETA is the slower of the observed rate and the Keepa plan's rate. */
class StatusEtaTest {
  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  /** 1,000 products, {@code done} of them done 100 s after the start. */
  private static StatusReport report(CatalogState state, long done) {
    CatalogStatus s = new CatalogStatus("c", "u", "c.csv", state, 1000, 0, 100, 10, done, done, 0, done / 10,
        new BatchCounts(100 - done / 10, 0, done / 10, 0, 0), T0, done == 0 ? null : T0, T0.plusSeconds(100));
    return StatusReport.of(s, T0.plusSeconds(100));
  }

  @Test
  void withTokenRate_slowerThanObserved_setsTheEta() {
    StatusReport observed = report(CatalogState.IN_PROGRESS, 400);
    assertEquals(150, observed.etaSeconds()); // 600 left at 4 a second
    assertEquals(600, observed.withTokenRate(60, 0).etaSeconds()); // 600 tokens at 60 a minute
    assertEquals(4.0, observed.withTokenRate(60, 0).productsPerSecond());
  }

  @Test
  void withTokenRate_fasterThanObserved_leavesTheObservedEta() {
    assertEquals(150, report(CatalogState.IN_PROGRESS, 400).withTokenRate(1000, 0).etaSeconds());
  }

  @Test
  void withTokenRate_tokensLeftShortenTheTokenTime() {
    assertEquals(300, report(CatalogState.IN_PROGRESS, 400).withTokenRate(60, 300).etaSeconds());
  }

  @Test
  void withTokenRate_beforeAnythingIsDone_givesTheTokenTimeAlone() {
    StatusReport queued = report(CatalogState.QUEUED, 0);
    assertNull(queued.etaSeconds());
    assertEquals(1000, queued.withTokenRate(60, 0).etaSeconds());
  }

  @Test
  void withTokenRate_finishedCatalog_hasNoEta() {
    assertNull(report(CatalogState.COMPLETED, 1000).withTokenRate(60, 0).etaSeconds());
  }
}
