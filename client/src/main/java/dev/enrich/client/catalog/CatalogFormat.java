package dev.enrich.client.catalog;

import java.util.Locale;
import java.util.Optional;

/** The catalog formats {@link CatalogReader} reads. CSV covers every delimiter it detects. */
public enum CatalogFormat {
  CSV,
  TSV,
  JSON,
  NDJSON;

  /** The format a file name's extension says, if it says one. */
  static Optional<CatalogFormat> ofFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (lower.endsWith(".tsv") || lower.endsWith(".tab")) {
      return Optional.of(TSV);
    }
    if (lower.endsWith(".json")) {
      return Optional.of(JSON);
    }
    if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) {
      return Optional.of(NDJSON);
    }
    return Optional.empty();
  }
}
