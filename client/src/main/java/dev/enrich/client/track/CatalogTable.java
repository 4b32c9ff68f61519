package dev.enrich.client.track;

import dev.enrich.contract.output.CatalogStatus;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text form of a catalog list: a header and one aligned line per catalog, no colour. */
public final class CatalogTable {
  private static final String[] HEADER =
      {"CATALOG", "STATE", "PRODUCTS", "FAILED", "TOKENS", "MARKET", "SUBMITTED", "SOURCE"};
  /** Numbers align right, so their digits line up. */
  private static final boolean[] RIGHT = {false, false, true, true, true, false, false, false};

  private CatalogTable() {}

  public static String render(List<CatalogStatus> catalogs) {
    if (catalogs.isEmpty()) {
      return "";
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (CatalogStatus c : catalogs) {
      rows.add(new String[] {
          c.catalogId(),
          c.state().name(),
          String.format(Locale.ROOT, "%,d/%,d", c.productsDone(), c.totalProducts()),
          String.format(Locale.ROOT, "%,d", c.failed()),
          c.tokenBudget() == null ? String.format(Locale.ROOT, "%,d", c.tokensSpent())
              : String.format(Locale.ROOT, "%,d/%,d", c.tokensSpent(), c.tokenBudget()),
          c.marketplaces().isEmpty() ? "-" : String.join(",", c.marketplaces()),
          c.submittedAt() == null ? "-" : c.submittedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
          c.sourceName() == null ? "-" : c.sourceName()});
    }
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          line.append("  ");
        }
        String pad = " ".repeat(widths[i] - row[i].length());
        line.append(RIGHT[i] ? pad + row[i] : row[i] + pad);
      }
      out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return out.toString();
  }
}
