package dev.enrich.cli;

import dev.enrich.client.EnrichException;
import dev.enrich.client.aws.Clients;
import dev.enrich.client.catalog.CatalogFormat;
import dev.enrich.client.catalog.CatalogInput;
import dev.enrich.client.catalog.ColumnMap;
import dev.enrich.client.config.ByteSize;
import dev.enrich.client.config.Settings;
import dev.enrich.client.s3.S3CatalogObject;
import dev.enrich.client.s3.S3Location;
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
import software.amazon.awssdk.services.s3.S3Client;

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

  @Option(names = "--max-catalog-size", paramLabel = "SIZE",
      description = "Refuse a larger catalog before reading it, e.g. 500MB or 4GiB; K, M, G, T are powers of 1024 "
          + "(default: " + DEFAULT_MAX_CATALOG_SIZE + "). Env: ENRICH_MAX_CATALOG_SIZE; profile: max_catalog_size.")
  String maxCatalogSize;

  /**
   * Above a real seller's catalog: 5-10 million rows of the sample formats (90-230 bytes a row), a
   * million Shopify rows with long descriptions. A bigger file is more likely the wrong file, and
   * would queue millions of batches and Keepa lookups before anyone noticed.
   */
  public static final String DEFAULT_MAX_CATALOG_SIZE = "1GiB";

  /**
   * Opens the catalog, refusing one over the size limit of {@code --max-catalog-size}, else of
   * {@code settings} (environment, profile), else the default.
   */
  public CatalogInput open(String file, InputStream stdin, Settings settings) {
    Optional<CatalogFormat> given = Optional.ofNullable(format)
        .map(f -> CatalogFormat.valueOf(f.name().toUpperCase(Locale.ROOT)));
    if (S3Location.isS3(file)) {
      S3Location where = S3Location.parse(file);
      long max = maxCatalogBytes(settings);
      try (S3Client s3 = Clients.s3(settings)) {
        return S3CatalogObject.open(s3, where, charset(), given, max, settings.awsProfile());
      }
    }
    return CatalogInput.open(file, charset(), given, stdin, maxCatalogBytes(settings));
  }

  long maxCatalogBytes(Settings settings) {
    String value = maxCatalogSize != null ? maxCatalogSize
        : settings.maxCatalogSize() != null ? settings.maxCatalogSize() : DEFAULT_MAX_CATALOG_SIZE;
    try {
      return ByteSize.parse(value).bytes();
    } catch (IllegalArgumentException e) {
      String source = maxCatalogSize != null ? "--max-catalog-size" : "ENRICH_MAX_CATALOG_SIZE or max_catalog_size";
      throw EnrichException.invalidInput(source + ": " + e.getMessage());
    }
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
