package dev.enrich.client.catalog;

import dev.enrich.contract.Product;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A catalog read the way submit reads it: the checking pass, then the sending pass, with what each
 * yielded. Tests assert on these lists rather than on the command's summary line.
 */
record CatalogPasses(CatalogScan scan, List<Product> accepted, List<Rejection> rejections, List<Product> replayed) {

  static CatalogPasses of(Path file) {
    return of(file, StandardCharsets.UTF_8, Optional.empty(), ColumnMap.standard());
  }

  static CatalogPasses of(Path file, ColumnMap columns) {
    return of(file, StandardCharsets.UTF_8, Optional.empty(), columns);
  }

  static CatalogPasses of(Path file, Charset charset, Optional<CatalogFormat> format, ColumnMap columns) {
    try (CatalogInput input = CatalogInput.open(file.toString(), charset, format, new ByteArrayInputStream(new byte[0]))) {
      return of(input, columns);
    }
  }

  static CatalogPasses of(CatalogInput input, ColumnMap columns) {
    Catalog catalog = new Catalog(input, columns, Limits.DEFAULT);
    List<Product> accepted = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    CatalogScan scan = catalog.scan(rejections::add, accepted::add);
    List<Product> replayed = new ArrayList<>();
    catalog.replay(replayed::add);
    return new CatalogPasses(scan, accepted, rejections, replayed);
  }

  List<String> skus() {
    return accepted.stream().map(Product::sku).toList();
  }

  Product product(String sku) {
    return accepted.stream().filter(p -> p.sku().equals(sku)).findFirst()
        .orElseThrow(() -> new AssertionError("no accepted product " + sku + " in " + skus() + "; rejected: " + rejections));
  }

  /** Writes {@code text} as UTF-8 to {@code dir/name}. */
  static Path write(Path dir, String name, String text) {
    return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
  }

  static Path write(Path dir, String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
