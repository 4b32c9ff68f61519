package dev.enrich.client.track;

import dev.enrich.client.EnrichException;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.contract.output.ExportSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code enrich export}: checks that the catalog exists in the status table, then streams its
 * stored products from one cursor into a CSV or JSON writer, one product in memory at a time.
 */
public final class Exporter {
  /** How often a stream target is asked whether its reader is still there. */
  static final int CHECK_EVERY = 1000;

  /** The catalog's status; throws a not-found {@link EnrichException} for an unknown catalog. */
  @FunctionalInterface
  public interface Catalogs {
    CatalogStatus read(String catalogId);
  }

  private final Catalogs catalogs;
  private final ProductSource products;
  private final Clock clock;

  public Exporter(Catalogs catalogs, ProductSource products, Clock clock) {
    this.catalogs = catalogs;
    this.products = products;
    this.clock = clock;
  }

  /** Exports as {@link #export(String, ExportFormat, ExportTarget, boolean)} does, CSV safe to open. */
  public ExportSummary export(String catalogId, ExportFormat format, ExportTarget target) {
    return export(catalogId, format, target, false);
  }

  /**
   * Writes the catalog's products to {@code target}; with {@code rawCsv} a CSV keeps cells a
   * spreadsheet would evaluate as formulas as they are ({@link SpreadsheetCells}). JSON is always raw.
   */
  public ExportSummary export(String catalogId, ExportFormat format, ExportTarget target, boolean rawCsv) {
    CatalogStatus status = catalogs.read(catalogId);
    ExportCounts counts = ExportCounts.NONE;
    try (target) {
      // The CSV header names every attribute column, so their keys are read before the first row.
      List<String> attributeKeys = format == ExportFormat.csv ? products.attributeKeys(catalogId) : List.of();
      try (ProductSource.Cursor cursor = products.open(catalogId)) {
        ProductWriter writer = switch (format) {
          case csv -> new CsvProductWriter(target.open(), attributeKeys, rawCsv);
          case jsonl -> JsonProductWriter.lines(target.open());
          case json -> new JsonProductWriter(target.open(), catalogId, status.state(),
              clock.instant().truncatedTo(ChronoUnit.MILLIS), status.marketplaces());
        };
        writer.start();
        while (cursor.hasNext()) {
          ExportedProduct product = ExportedProduct.from(cursor.next());
          writer.write(product);
          counts = counts.plus(product);
          if (counts.products() % CHECK_EVERY == 0) {
            target.check();
          }
        }
        writer.finish(counts);
      }
      target.commit();
    } catch (IOException | UncheckedIOException e) {
      throw EnrichException.invalidInput("cannot write " + target.describe() + " after "
          + counts.products() + " products: " + e.getMessage());
    }
    return new ExportSummary(catalogId, status.state(), status.productsDone(), counts.products(),
        counts.enriched(), counts.failed(), target.describe(), status.marketplaces());
  }
}
