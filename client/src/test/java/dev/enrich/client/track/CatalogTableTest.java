package dev.enrich.client.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.enrich.contract.BatchCounts;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTableTest {

  private static CatalogStatus status(String id, CatalogState state, long done, int total, long failed, String source,
      long tokens, Long budget, List<String> marketplaces) {
    return new CatalogStatus(id, "u", source, state, total, 0, 10, 20, done, done - failed, failed, 3,
        new BatchCounts(7, 0, 3, 0, 0), Instant.parse("2026-11-30T08:15:42.123456Z"), null, null, tokens, budget,
        marketplaces);
  }

  @Test
  void render_alignsColumnsUnderTheHeader_numbersToTheRight() {
    String text = CatalogTable.render(List.of(
        status("garden-450-1a2b", CatalogState.IN_PROGRESS, 150, 450, 3, "garden-450.tsv", 150, 500L,
            List.of("com", "de")),
        status("k", CatalogState.CANCELLED, 12_000, 100_000, 0, null, 12_000, null, List.of())));
    List<String> lines = text.lines().toList();
    assertEquals(3, lines.size(), text);
    assertEquals("CATALOG          STATE              PRODUCTS  FAILED   TOKENS  MARKET  SUBMITTED             SOURCE",
        lines.get(0));
    assertEquals("garden-450-1a2b  IN_PROGRESS         150/450       3  150/500  com,de  2026-11-30T08:15:42Z"
        + "  garden-450.tsv", lines.get(1));
    assertEquals("k                CANCELLED    12,000/100,000       0   12,000  -       2026-11-30T08:15:42Z  -",
        lines.get(2));
    for (String line : lines) {
      assertFalse(line.endsWith(" "), "no trailing blanks: [" + line + "]");
      assertFalse(line.contains("\u001b"), "no colour codes");
    }
  }

  @Test
  void render_ofNoCatalog_isEmpty() {
    assertEquals("", CatalogTable.render(List.of()));
  }
}
