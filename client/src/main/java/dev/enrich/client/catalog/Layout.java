package dev.enrich.client.catalog;

/**
 * How a catalog's records are laid out, decided once per file by {@link Sniffer}.
 *
 * @param delimiter the field separator for CSV and TSV; unused for JSON
 * @param wrapped for JSON: an object holding a {@code products} array rather than a bare array
 */
public record Layout(CatalogFormat format, char delimiter, boolean wrapped) {
  public String describe() {
    return switch (format) {
      case CSV -> delimiter == ',' ? "CSV" : delimiter == ';' ? "CSV (';'-separated)"
          : delimiter == '|' ? "CSV ('|'-separated)" : "CSV (tab-separated)";
      case TSV -> "TSV";
      case JSON -> wrapped ? "JSON object with a products array" : "JSON array";
      case NDJSON -> "NDJSON";
    };
  }
}
