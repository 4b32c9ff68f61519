package dev.enrich.cli;

import dev.enrich.cli.catalog.CatalogFormat;
import dev.enrich.cli.catalog.CatalogInput;
import dev.enrich.cli.catalog.ColumnMap;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How to read a catalog: shared by {@code submit} and {@code validate}. */
public final class CatalogOptions {
  public enum Format { csv, tsv, json, ndjson }

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Catalog format: ${COMPLETION-CANDIDATES} (default: from the extension, else from the content).")
  Format format;

  @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8",
      description = "Character encoding of the file, e.g. windows-1252 or UTF-16 (default: ${DEFAULT-VALUE}; "
          + "a UTF-8 byte order mark is skipped).")
  String encoding;

  @Option(names = "--map", paramLabel = "FIELD=COLUMN",
      description = "Take FIELD (sku, asin, upc, ean, gtin, title, brand, price) from COLUMN, "
          + "instead of the built-in aliases. Repeatable.")
  Map<String, String> mappings = new LinkedHashMap<>();

  @Option(names = "--rejects", paramLabel = "FILE",
      description = "Write every invalid row to FILE (CSV: line, field, reason, record).")
  Path rejects;

  @Option(names = "--strict", description = "Any invalid row fails the command; nothing is sent.")
  boolean strict;

  public CatalogInput open(String file, InputStream stdin) {
    return CatalogInput.open(file, charset(), Optional.ofNullable(format).map(f -> CatalogFormat.valueOf(f.name().toUpperCase(Locale.ROOT))), stdin);
  }

  public ColumnMap columns() {
    return ColumnMap.withOverrides(mappings);
  }

  public Path rejects() {
    return rejects;
  }

  public boolean strict() {
    return strict;
  }

  private Charset charset() {
    try {
      return Charset.forName(encoding);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw EnrichException.invalidInput("--encoding " + encoding + ": unknown character encoding");
    }
  }
}
