package dev.enrich.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.enrich.client.catalog.CatalogFormat;
import dev.enrich.client.catalog.CatalogInput;
import dev.enrich.client.catalog.ColumnMap;
import dev.enrich.client.s3.S3CatalogObject;
import dev.enrich.client.s3.S3Location;
import dev.enrich.contract.Product;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where a catalog comes from: a file, a stream (an HTTP request body, an object being downloaded),
 * or products a program already holds. Every source goes through the same reading and checks as
 * {@code enrich submit}: the format is sniffed unless given, each row is validated, and invalid rows
 * are reported by line and field, never sent.
 *
 * <pre>{@code
 * CatalogSource.file(Path.of("catalog.csv"));
 * CatalogSource.stream(request.getInputStream(), "upload.csv").format(CatalogFormat.CSV);
 * CatalogSource.s3(S3Client.create(), "s3://seller-uploads/2026/spring.csv");
 * CatalogSource.products(List.of(product1, product2));
 * }</pre>
 */
public final class CatalogSource {
  /** What {@code enrich submit} accepts unless told otherwise: 1 GiB. */
  public static final long DEFAULT_MAX_BYTES = 1024L * 1024 * 1024;

  private final Path file;
  private final S3Object s3;
  private final InputStream stream;
  private final Iterable<Product> products;
  private final String name;
  private final CatalogFormat format;
  private final Charset charset;
  private final Map<String, String> columns;
  private final long maxBytes;

  /** An object in S3 and the client to read it with. */
  private record S3Object(S3Client client, S3Location location) {}

  private CatalogSource(Path file, S3Object s3, InputStream stream, Iterable<Product> products, String name,
      CatalogFormat format, Charset charset, Map<String, String> columns, long maxBytes) {
    this.file = file;
    this.s3 = s3;
    this.stream = stream;
    this.products = products;
    this.name = name;
    this.format = format;
    this.charset = charset;
    this.columns = columns;
    this.maxBytes = maxBytes;
  }

  /** A catalog file: CSV (any delimiter), TSV, JSON or NDJSON, told apart by its name and content. */
  public static CatalogSource file(Path file) {
    Objects.requireNonNull(file, "file");
    return new CatalogSource(file, null, null, null, file.toString(), null, StandardCharsets.UTF_8, Map.of(),
        DEFAULT_MAX_BYTES);
  }

  /**
   * A catalog object in S3, {@code s3://BUCKET/KEY}, read with {@code client} as {@code enrich submit
   * s3://...} reads it: its size checked before the download, its name (for the format and a derived
   * id) the key's last segment; a missing object is a {@link NotFoundException}.
   */
  public static CatalogSource s3(S3Client client, String uri) {
    Objects.requireNonNull(client, "client");
    S3Location location = S3Location.parse(uri);
    return new CatalogSource(null, new S3Object(client, location), null, null, location.toString(), null,
        StandardCharsets.UTF_8, Map.of(), DEFAULT_MAX_BYTES);
  }

  /**
   * A catalog read once from {@code in}, which the caller closes; {@code name} is how errors name
   * it ({@code name:line: field: reason}) and what a derived catalog id starts with.
   */
  public static CatalogSource stream(InputStream in, String name) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(name, "name");
    return new CatalogSource(null, null, in, null, name, null, StandardCharsets.UTF_8, Map.of(), DEFAULT_MAX_BYTES);
  }

  /**
   * Products a program holds, checked as catalog rows are ({@code line} numbers are their
   * positions, from 1). They are written once to a temporary file, as a stream is spooled, so the
   * iterable is read once.
   */
  public static CatalogSource products(Iterable<Product> products) {
    Objects.requireNonNull(products, "products");
    return new CatalogSource(null, null, null, products, "products", CatalogFormat.NDJSON, StandardCharsets.UTF_8,
        Map.of(), DEFAULT_MAX_BYTES);
  }

  /** The format, instead of telling it from the name and content. */
  public CatalogSource format(CatalogFormat format) {
    return new CatalogSource(file, s3, stream, products, name, format, charset, columns, maxBytes);
  }

  /** The text encoding (default UTF-8; a byte-order mark wins). */
  public CatalogSource charset(Charset charset) {
    return new CatalogSource(file, s3, stream, products, name, format, charset, columns, maxBytes);
  }

  /** Column names for fields, as {@code --map sku="Item Code"}: field name to column name. */
  public CatalogSource columns(Map<String, String> fieldToColumn) {
    return new CatalogSource(file, s3, stream, products, name, format, charset, Map.copyOf(fieldToColumn), maxBytes);
  }

  /** The largest catalog accepted, in bytes; a larger one is refused before anything is sent. */
  public CatalogSource maxBytes(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
    }
    return new CatalogSource(file, s3, stream, products, name, format, charset, columns, maxBytes);
  }

  /** How errors name this source. */
  public String name() {
    return name;
  }

  ColumnMap columnMap() {
    return columns.isEmpty() ? ColumnMap.standard() : ColumnMap.withOverrides(columns);
  }

  CatalogInput open() {
    Optional<CatalogFormat> given = Optional.ofNullable(format);
    if (file != null) {
      return CatalogInput.open(file.toString(), charset, given, InputStream.nullInputStream(), maxBytes);
    }
    if (stream != null) {
      return CatalogInput.spool(stream, name, name, charset, given, maxBytes);
    }
    if (s3 != null) {
      return S3CatalogObject.open(s3.client(), s3.location(), charset, given, maxBytes, null);
    }
    return CatalogInput.adopt(writeProducts(), name, charset, given, maxBytes);
  }

  /** The products as NDJSON rows with the catalog's column names; attributes become extra columns. */
  private Path writeProducts() {
    ObjectMapper json = JsonMapper.builder().build();
    try {
      Path temp = Files.createTempFile("enrich-products-", ".ndjson");
      temp.toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(temp)) {
        for (Product p : products) {
          Map<String, Object> row = new LinkedHashMap<>(p.attributes());
          put(row, "sku", p.sku());
          put(row, "asin", p.asin());
          put(row, "upc", p.upc());
          put(row, "ean", p.ean());
          put(row, "gtin", p.gtin());
          put(row, "title", p.title());
          put(row, "brand", p.brand());
          put(row, "price", p.price());
          out.write(json.writeValueAsBytes(row));
          out.write('\n');
        }
      }
      return temp;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the products to a temporary file", e);
    }
  }

  private static void put(Map<String, Object> row, String field, String value) {
    if (value != null) {
      row.put(field, value);
    }
  }
}
