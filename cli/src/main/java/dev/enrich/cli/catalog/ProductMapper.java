package dev.enrich.cli.catalog;

import dev.enrich.lambda.contract.Product;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a raw record to a {@link Product} by case-insensitive column aliases; columns it does not
 * know travel as attributes.
 */
public final class ProductMapper {
  private static final Map<String, List<String>> ALIASES = Map.of(
      "sku", List.of("sku", "seller-sku", "variant sku"),
      "asin", List.of("asin", "asin1"),
      "upc", List.of("upc"),
      "ean", List.of("ean"),
      "gtin", List.of("gtin", "barcode", "variant barcode"),
      "title", List.of("title", "name", "item-name"),
      "brand", List.of("brand", "vendor"),
      "price", List.of("price", "variant price"));

  private static final Set<String> KNOWN = Set.copyOf(
      ALIASES.values().stream().flatMap(List::stream).toList());

  private ProductMapper() {}

  /** The mapped product, or the first problem found, as a {@link Rejection}. */
  public static Mapped map(RawRecord record) {
    Map<String, String> lower = new LinkedHashMap<>();
    Map<String, String> attributes = new LinkedHashMap<>();
    record.fields().forEach((name, value) -> {
      String key = name.toLowerCase(Locale.ROOT).trim();
      String v = value == null || value.isBlank() ? null : value.trim();
      if (KNOWN.contains(key)) {
        lower.putIfAbsent(key, v);
      } else if (v != null) {
        attributes.put(name, v);
      }
    });
    String sku = field(lower, "sku");
    if (sku == null) {
      return Mapped.rejected(new Rejection(record.line(), "sku", "is required"));
    }
    String asin = Optional.ofNullable(field(lower, "asin")).map(a -> a.toUpperCase(Locale.ROOT)).orElse(null);
    Product product = new Product(
        sku, asin, field(lower, "upc"), field(lower, "ean"), field(lower, "gtin"),
        field(lower, "title"), field(lower, "brand"), field(lower, "price"), record.line(), attributes);
    if (product.primaryIdentifier() == null) {
      return Mapped.rejected(new Rejection(record.line(), "asin", "at least one identifier (ASIN, UPC, EAN or GTIN) is required"));
    }
    return new Mapped(product, null);
  }

  private static String field(Map<String, String> lower, String field) {
    for (String alias : ALIASES.get(field)) {
      String v = lower.get(alias);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** Either a product or a rejection. */
  public record Mapped(Product product, Rejection rejection) {
    static Mapped rejected(Rejection r) {
      return new Mapped(null, r);
    }
  }
}
