package dev.enrich.client.catalog;

import dev.enrich.client.EnrichException;
import dev.enrich.client.catalog.ColumnMap.Field;
import dev.enrich.contract.Marketplace;
import dev.enrich.contract.Product;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps raw records to checked {@link Product}s, in file order. One instance reads one pass over one
 * file: Shopify variant rows inherit the product-level cells of their handle's first row, which
 * this class remembers (exports list a handle's rows together).
 */
public final class ProductMapper {
  private static final Field[] FIELDS = Field.values();
  private static final String HANDLE = "handle";
  private static final String PRODUCT_ID = "product id";
  private static final String PRODUCT_ID_TYPE = "product id type";
  /** Resolved column names kept per pass; JSON catalogs could otherwise name unbounded keys. */
  private static final int MAX_CACHED_COLUMNS = 4096;

  private final ColumnMap columns;
  private final Limits limits;
  private final Map<String, Integer> resolved = new HashMap<>();
  private boolean shopify;
  private String skuColumn = "sku";
  private String handle;
  private Map<String, String> handleFirstRow = Map.of();

  public ProductMapper(ColumnMap columns, Limits limits) {
    this.columns = columns;
    this.limits = limits;
  }

  /**
   * Checks a delimited file's header: it must have a column for the SKU. Also notices a Shopify
   * export, whose variant rows inherit from the handle's first row.
   */
  public void header(String source, List<String> names) {
    boolean hasSku = names.stream().anyMatch(n -> columns.fieldOf(n).filter(f -> f == Field.SKU).isPresent());
    if (!hasSku) {
      throw EnrichException.invalidInput(source + ":1: no SKU column; expected one of "
          + String.join(", ", columns.namesFor(Field.SKU)) + " (case-insensitive), or --map sku=COLUMN");
    }
    shopify = names.stream().anyMatch(n -> ColumnMap.key(n).equals(HANDLE))
        && names.stream().anyMatch(n -> ColumnMap.key(n).startsWith("variant "));
  }

  /** The column the last product's SKU came from, as the file names it: for duplicate reports. */
  public String skuColumn() {
    return skuColumn;
  }

  /** The product, or why the record is rejected, or that it is not a product (a Shopify image row). */
  public Mapped map(RawRecord record) {
    if (record.problem() != null) {
      return Mapped.rejected(record.problem());
    }
    long line = record.line();
    Map<String, String> fields = record.fields();
    for (Map.Entry<String, String> cell : fields.entrySet()) {
      String v = cell.getValue();
      if (v != null && v.length() > limits.maxFieldChars()) {
        return Mapped.rejected(new Rejection(line, cell.getKey(), String.format(Locale.ROOT,
            "value is %,d characters; the limit is %,d", v.length(), limits.maxFieldChars()), Map.of()));
      }
    }
    if (fields.values().stream().allMatch(v -> v == null || v.isBlank())) {
      return Mapped.SKIPPED; // a row of empty cells, as spreadsheets export at the end
    }
    if (shopify) {
      fields = inheritFromHandle(fields);
      if (fields == null) {
        return Mapped.SKIPPED;
      }
    }
    String[] values = new String[FIELDS.length];
    String[] columnOf = new String[FIELDS.length];
    int[] rankOf = new int[FIELDS.length];
    java.util.Arrays.fill(rankOf, Integer.MAX_VALUE);
    Map<String, String> attributes = new LinkedHashMap<>();
    String productId = null;
    String productIdType = null;
    for (Map.Entry<String, String> cell : fields.entrySet()) {
      String name = cell.getKey();
      String v = cell.getValue() == null || cell.getValue().isBlank() ? null : cell.getValue().trim();
      int code = resolve(name);
      if (code >= 0) {
        int f = code & 0xff;
        int rank = code >>> 8;
        if (columnOf[f] == null || v != null && (values[f] == null || rank < rankOf[f])) {
          columnOf[f] = name;
          if (v != null) {
            values[f] = v;
            rankOf[f] = rank;
          }
        }
      } else if (code == PRODUCT_ID_CODE) {
        productId = v;
      } else if (code == PRODUCT_ID_TYPE_CODE) {
        productIdType = v;
      } else if (v != null) {
        attributes.put(name, v);
      }
    }
    if (productId != null) {
      applyAmazonProductId(productId, productIdType, values, columnOf, attributes);
    }
    return check(line, values, columnOf, attributes, record.fields());
  }

  private static final int PRODUCT_ID_CODE = -2;
  private static final int PRODUCT_ID_TYPE_CODE = -3;
  private static final int ATTRIBUTE_CODE = -1;

  /** Field ordinal in the low byte and alias rank above it; or one of the negative codes. */
  private int resolve(String name) {
    Integer cached = resolved.get(name);
    if (cached != null) {
      return cached;
    }
    String key = ColumnMap.key(name);
    int code = columns.fieldOf(name)
        .map(f -> f.ordinal() | Math.min(columns.rankOf(name), 0xffff) << 8)
        .orElse(key.equals(PRODUCT_ID) ? PRODUCT_ID_CODE : key.equals(PRODUCT_ID_TYPE) ? PRODUCT_ID_TYPE_CODE : ATTRIBUTE_CODE);
    if (resolved.size() < MAX_CACHED_COLUMNS) {
      resolved.put(name, code);
    }
    return code;
  }

  /** Amazon reports give the listing's code in product-id, typed by product-id-type: 1 ASIN, 3 UPC, 4 EAN. */
  private static void applyAmazonProductId(String id, String type, String[] values, String[] columnOf,
      Map<String, String> attributes) {
    Field field = switch (type == null ? "" : type.trim()) {
      case "1" -> Field.ASIN;
      case "3" -> Field.UPC;
      case "4" -> Field.EAN;
      default -> null;
    };
    if (field == null) {
      attributes.put("product-id", id);
      if (type != null) {
        attributes.put("product-id-type", type);
      }
    } else if (values[field.ordinal()] == null) {
      values[field.ordinal()] = id;
      columnOf[field.ordinal()] = "product-id";
    }
  }

  private Mapped check(long line, String[] values, String[] columnOf, Map<String, String> attributes,
      Map<String, String> raw) {
    String sku = values[Field.SKU.ordinal()];
    skuColumn = nameOf(Field.SKU, columnOf);
    if (sku == null) {
      return Mapped.rejected(new Rejection(line, nameOf(Field.SKU, columnOf), "is required", raw));
    }
    String asin;
    String upc;
    String ean;
    String gtin;
    String price;
    Field at = Field.ASIN;
    try {
      asin = values[Field.ASIN.ordinal()] == null ? null : Identifiers.asin(values[Field.ASIN.ordinal()]);
      at = Field.UPC;
      upc = values[Field.UPC.ordinal()] == null ? null : Identifiers.upc(values[Field.UPC.ordinal()]);
      at = Field.EAN;
      ean = values[Field.EAN.ordinal()] == null ? null : Identifiers.ean(values[Field.EAN.ordinal()]);
      at = Field.GTIN;
      gtin = values[Field.GTIN.ordinal()] == null ? null : Identifiers.gtin(values[Field.GTIN.ordinal()]);
      at = Field.PRICE;
      price = Prices.parse(values[Field.PRICE.ordinal()] == null ? "" : values[Field.PRICE.ordinal()]);
    } catch (InvalidValueException e) {
      return Mapped.rejected(new Rejection(line, nameOf(at, columnOf), e.getMessage(), raw));
    }
    if (asin == null && upc == null && ean == null && gtin == null) {
      return Mapped.rejected(new Rejection(line, "identifier",
          "at least one of ASIN, UPC, EAN or GTIN is required", raw));
    }
    Marketplace marketplace = null;
    if (values[Field.MARKETPLACE.ordinal()] != null) {
      try {
        marketplace = Marketplace.parse(values[Field.MARKETPLACE.ordinal()]);
      } catch (IllegalArgumentException e) {
        return Mapped.rejected(new Rejection(line, nameOf(Field.MARKETPLACE, columnOf), e.getMessage(), raw));
      }
    }
    return new Mapped(new Product(sku, asin, upc, ean, gtin, values[Field.TITLE.ordinal()],
        values[Field.BRAND.ordinal()], price, line, attributes), null, marketplace);
  }

  private static String nameOf(Field field, String[] columnOf) {
    String column = columnOf[field.ordinal()];
    return column != null ? column : field.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Shopify lists a product's variants as rows of one handle; only the first carries the title,
   * vendor and other product-level cells. Rows with no variant cells at all are image rows.
   *
   * @return the row with inherited cells filled in, or null for an image row
   */
  private Map<String, String> inheritFromHandle(Map<String, String> fields) {
    String rowHandle = null;
    boolean variantCells = false;
    for (Map.Entry<String, String> cell : fields.entrySet()) {
      String key = ColumnMap.key(cell.getKey());
      boolean blank = cell.getValue() == null || cell.getValue().isBlank();
      if (key.equals(HANDLE)) {
        rowHandle = blank ? null : cell.getValue().trim();
      } else if (!blank && (key.startsWith("variant ") || key.startsWith("option") && key.endsWith(" value"))) {
        variantCells = true;
      }
    }
    if (rowHandle == null || !rowHandle.equals(handle)) {
      handle = rowHandle;
      handleFirstRow = new HashMap<>();
      fields.forEach((k, v) -> {
        if (v != null && !v.isBlank() && !isVariantLevel(ColumnMap.key(k))) {
          handleFirstRow.put(k, v);
        }
      });
      return variantCells ? fields : null;
    }
    if (!variantCells) {
      return null;
    }
    Map<String, String> filled = new LinkedHashMap<>(fields);
    handleFirstRow.forEach((k, v) -> {
      String own = filled.get(k);
      if (own == null || own.isBlank()) {
        filled.put(k, v);
      }
    });
    return filled;
  }

  private static boolean isVariantLevel(String key) {
    return key.startsWith("variant ") || key.startsWith("option") && key.endsWith(" value")
        || key.startsWith("image ");
  }

  /**
   * Exactly one of product and rejection, or neither for a row that is not a product.
   *
   * @param marketplace the product's own marketplace from a marketplace column, or null for the catalog's
   */
  public record Mapped(Product product, Rejection rejection, Marketplace marketplace) {
    static final Mapped SKIPPED = new Mapped(null, null, null);

    static Mapped rejected(Rejection r) {
      return new Mapped(null, r, null);
    }

    public boolean skipped() {
      return product == null && rejection == null;
    }
  }
}
