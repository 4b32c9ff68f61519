package dev.enrich.cli;

import dev.enrich.cli.catalog.CatalogScan;
import java.util.Locale;

/** The rules that decide whether a checked catalog may be sent at all. */
public final class CatalogChecks {
  private CatalogChecks() {}

  public static void requireSendable(String source, CatalogScan scan, boolean strict) {
    if (scan.accepted() == 0) {
      throw EnrichException.invalidInput(source + ": no valid product"
          + (scan.rejected() > 0 ? String.format(Locale.ROOT, " (%,d invalid rows)", scan.rejected()) : " (the catalog is empty)")
          + "; nothing sent");
    }
    if (strict && scan.rejected() > 0) {
      throw EnrichException.invalidInput(String.format(Locale.ROOT,
          "%s: %,d invalid rows and --strict: nothing sent", source, scan.rejected()));
    }
  }
}
