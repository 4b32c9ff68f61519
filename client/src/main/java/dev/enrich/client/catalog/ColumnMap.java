package dev.enrich.client.catalog;

import dev.enrich.client.EnrichException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which column holds which product field: case-insensitive aliases for the exports sellers have
 * (generic, Shopify product CSV, Amazon inventory reports), overridden by {@code --map field=Column}.
 * Names compare with case, spaces, '-' and '_' ignored, so "Seller SKU" and "seller-sku" match.
 */
public final class ColumnMap {
  /** The product fields a column can fill. */
  public enum Field { SKU, ASIN, UPC, EAN, GTIN, TITLE, BRAND, PRICE, MARKETPLACE }

  private static final Map<Field, List<String>> ALIASES = new EnumMap<>(Map.ofEntries(
      Map.entry(Field.SKU, List.of("sku", "seller sku", "variant sku", "merchant sku", "item sku")),
      Map.entry(Field.ASIN, List.of("asin", "asin1")),
      Map.entry(Field.UPC, List.of("upc", "upc code")),
      Map.entry(Field.EAN, List.of("ean", "ean13", "ean 13")),
      Map.entry(Field.GTIN, List.of("gtin", "gtin14", "gtin 14", "barcode", "variant barcode")),
      Map.entry(Field.TITLE, List.of("title", "name", "item name", "product name", "product title")),
      Map.entry(Field.BRAND, List.of("brand", "vendor", "brand name")),
      Map.entry(Field.PRICE, List.of("price", "variant price")),
      Map.entry(Field.MARKETPLACE, List.of("marketplace", "amazon marketplace"))));

  private final Map<String, Field> byKey = new HashMap<>();
  private final Map<String, Integer> rankOfKey = new HashMap<>();

  private ColumnMap(Map<Field, String> overrides) {
    ALIASES.forEach((field, aliases) -> {
      for (int i = 0; i < aliases.size(); i++) {
        byKey.put(aliases.get(i), field);
        rankOfKey.put(aliases.get(i), i + 1);
      }
    });
    overrides.forEach((field, column) -> {
      byKey.entrySet().removeIf(e -> e.getValue() == field);
      byKey.put(key(column), field);
      rankOfKey.put(key(column), 0);
    });
  }

  /** The default aliases. */
  public static ColumnMap standard() {
    return new ColumnMap(Map.of());
  }

  /**
   * The aliases with {@code --map} overrides, each {@code field=Column}; the field's aliases no
   * longer apply, so a column that is not the one asked for never fills it.
   */
  public static ColumnMap withOverrides(Map<String, String> mappings) {
    Map<Field, String> overrides = new EnumMap<>(Field.class);
    mappings.forEach((field, column) -> {
      Field f = parseField(field);
      if (column == null || column.isBlank()) {
        throw EnrichException.invalidInput("--map " + field + "=: name the column that holds the " + field);
      }
      overrides.put(f, column.trim());
    });
    return new ColumnMap(overrides);
  }

  private static Field parseField(String name) {
    try {
      return Field.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw EnrichException.invalidInput("--map " + name + "=...: unknown field; fields are "
          + String.join(", ", java.util.Arrays.stream(Field.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList()));
    }
  }

  /** The field a column fills, if any. */
  public Optional<Field> fieldOf(String column) {
    return Optional.ofNullable(byKey.get(key(column)));
  }

  /** Lower is preferred when several columns fill one field: an override, then the alias order. */
  int rankOf(String column) {
    return rankOfKey.getOrDefault(key(column), Integer.MAX_VALUE);
  }

  /** The column names that would fill {@code field}, for error messages. */
  public List<String> namesFor(Field field) {
    return byKey.entrySet().stream().filter(e -> e.getValue() == field).map(Map.Entry::getKey).sorted().toList();
  }

  static String key(String column) {
    return column.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ");
  }
}
