package dev.enrich.cli.catalog;

import dev.enrich.cli.EnrichException;
import java.nio.file.Path;
import java.util.Locale;

/** The file formats {@link CatalogReader} reads. */
public enum CatalogFormat {
  CSV,
  JSON;

  /** The format a file name says, or an invalid-input error naming the extensions known. */
  public static CatalogFormat of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".json")) {
      return JSON;
    }
    throw EnrichException.invalidInput(
        file + ": cannot tell the catalog format from the file name (expected .csv or .json)");
  }
}
